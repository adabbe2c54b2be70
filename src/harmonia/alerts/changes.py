"""What changed for me: the standards a person (or an organisation's list) follows whose
status changed since a date.

Two sources, so the answer does not start on the day alerts were switched on: the
events recorded since the date (new editions, amendments, withdrawals, adoptions,
stage changes), and the catalogue itself, where any edition of a followed work
published since the date is a new edition, and a followed document now withdrawn is
said to be.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from typing import Any

from harmonia.catalogue.models import Document
from harmonia.catalogue.reader_language import titles_in

from .models import Event, EventKind, Follow

CATALOGUE_KINDS = [
    "new-edition",
    "amendment",
    "withdrawal",
    "national-adoption",
    "stage-change",
    "publication",
]


@dataclass(frozen=True)
class Change:
    followed: str
    kind: str  # an EventKind slug
    kind_name: str
    identifier: str
    title: str
    summary: str
    on: dt.date | None
    url: str


def _follows(user: Any, follow_list: int | None) -> list[Follow]:
    qs = Follow.objects.filter(user=user, kind__in=["document", "work"])
    if follow_list is not None:
        qs = qs.filter(follow_list_id=follow_list)
    return list(qs)


def changes_for(user: Any, since: dt.date, follow_list: int | None = None) -> list[Change]:
    follows = _follows(user, follow_list)
    if not follows:
        return []
    names = dict(EventKind.objects.values_list("slug", "name"))
    by_key = {f.value: f.label for f in follows if f.kind == "document"}
    by_work = {f.value: f.label for f in follows if f.kind == "work"}
    # The works of followed editions: a new edition of one concerns its follower.
    edition_work = dict(Document.objects.filter(key__in=list(by_key)).values_list("key", "work"))
    work_of_edition = {w: by_key[k] for k, w in edition_work.items() if w}
    out: dict[tuple[str, str, str], Change] = {}
    # The documents the changes name, as read: their titles in the reader's language
    # are read for all of them at the end, in one query.
    documents: dict[str, Document] = {}
    start = dt.datetime.combine(since, dt.time(), tzinfo=dt.UTC)
    events = Event.objects.filter(
        kind_id__in=CATALOGUE_KINDS, restricted=False, occurred__gte=start
    ).select_related("document")
    for e in events.iterator(chunk_size=2000):
        followed = next((by_key[k] for k in e.keys if k in by_key), None)
        if followed is None:
            followed = next((by_work[w] for w in e.works if w in by_work), None)
        if followed is None and e.kind_id == "new-edition":
            followed = next((work_of_edition[w] for w in e.works if w in work_of_edition), None)
        if followed is None:
            continue
        identifier = e.document.identifier if e.document else e.title
        if e.document:
            documents[identifier] = e.document
        out[(followed, e.kind_id, identifier)] = Change(
            followed=followed,
            kind=e.kind_id,
            kind_name=names.get(e.kind_id, e.kind_id),
            identifier=identifier,
            title=e.document.title if e.document else e.title,
            summary=e.summary,
            on=e.occurred.date(),
            url=e.url,
        )
    works = {**work_of_edition, **by_work}
    newer = Document.objects.filter(work__in=list(works), published__gte=since.isoformat()).exclude(
        key__in=list(by_key)
    )
    for doc in newer.order_by("published", "key") if works else []:
        key = (works[doc.work], "new-edition", doc.identifier)
        if key not in out and not doc.base_identifier:
            out[key] = _of_document(key, doc, names, "", _date(doc.published))
            documents[doc.identifier] = doc
    withdrawn = Document.objects.filter(key__in=list(by_key), stage__stage="95")
    for doc in withdrawn:
        key = (by_key[doc.key], "withdrawal", doc.identifier)
        if key not in out:
            out[key] = _of_document(key, doc, names, doc.stage_id or "", None)
            documents[doc.identifier] = doc
    found = sorted(out.values(), key=lambda c: (c.followed, c.on or dt.date.min, c.identifier))
    titles = titles_in(documents.values())
    return [
        replace(c, title=titles[documents[c.identifier].pk]) if c.identifier in documents else c
        for c in found
    ]


def _of_document(
    key: tuple[str, str, str], doc: Document, names: dict[str, str], summary: str, on: Any
) -> Change:
    followed, kind, _identifier = key
    return Change(
        followed=followed,
        kind=kind,
        kind_name=names.get(kind, kind),
        identifier=doc.identifier,
        title=doc.title,
        summary=summary,
        on=on,
        url=doc.get_absolute_url(),
    )


def _date(text: str) -> dt.date | None:
    parts = (text or "").split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else 1
        day = int(parts[2]) if len(parts) > 2 else 1
        return dt.date(year, month, day)
    except (ValueError, IndexError):
        return None
