"""An event as its reader reads it, in the reader's language.

An event stores its title and summary as they were when it happened, written for no
one reader: a document's title there is its English one, a stage its English name.
Where the event names a document, the title is read again in the reader's language
(catalogue.reader_language), for a whole page or e-mail of events in one query; a
stage change names its new stage in the reader's language. The stored text is kept
for what has no translation.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext

from harmonia.catalogue.models import Document
from harmonia.catalogue.reader_language import titles_in

from .models import Event


def in_reader_language(events: Iterable[Event]) -> None:
    """Give each event `shown_title` and `shown_summary` in the active language."""
    events = list(events)
    # Callers read the documents with the events (select_related); any not read yet
    # are read together.
    documents = {
        e.document_id: e.document
        for e in events
        if e.document_id and Event.document.is_cached(e)  # type: ignore[attr-defined]
    }
    missing = {e.document_id for e in events if e.document_id and e.document_id not in documents}
    if missing:
        documents |= {d.pk: d for d in Document.objects.filter(pk__in=missing)}
    titles = titles_in(documents.values())
    for e in events:
        doc = documents.get(e.document_id) if e.document_id else None
        e.shown_title = e.title
        if doc is not None and e.title.startswith(doc.identifier):
            e.shown_title = f"{doc.identifier} {titles.get(doc.pk, doc.title)}".strip()
        e.shown_summary = _summary(e)


def _summary(e: Event) -> str:
    if e.kind_id == "stage-change" and " → " in e.summary:
        # "10.99 → 20.00 WD study initiated": the stage's name from the catalogue.
        before, _, after = e.summary.partition(" → ")
        code, _, name = after.partition(" ")
        return f"{before} → {code} {gettext(name)}".strip() if name else e.summary
    return e.summary


def notifications_in_reader_language(notifications: Iterable[Any]) -> None:
    in_reader_language([n.event for n in notifications])
