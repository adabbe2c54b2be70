"""The outbox of the search index: documents changed since the index last caught up.

Rows are written in the transaction that changes the document, so a committed change is
never lost by a crash between the commit and the indexing; the index reads them after
commit (never uncommitted data) and deletes the rows it has indexed.
"""

from django.db import models

# document_id 0 asks for a full rebuild (a large import).
REBUILD = 0


class PendingChange(models.Model):
    document_id = models.BigIntegerField()
    created = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"document {self.document_id}"
