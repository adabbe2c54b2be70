"""What the adoption links announce: bulk writes (a national import, the proposer) pass
by the models' signals, so they say which documents' links changed; the search index
listens (a document is found by the standards it adopts)."""

from __future__ import annotations

import django.dispatch

# documents: ids of the documents whose links changed (None entries are ignored).
links_changed = django.dispatch.Signal()
