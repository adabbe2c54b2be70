"""What the search index holds of a document: one `Entry`, built in bulk.

Both backends index the same entries, so ranking and facets agree whichever is used.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from harmonia.catalogue.models import Document, DocumentICS, DocumentIdentifier, DocumentTitle
from harmonia.catalogue.services import status_group
from harmonia.identifiers import work_key

from .keys import committee_facet, work_of
from .query import CURRENT, INTERNATIONAL, MAIN, POPULAR
from .text import joined

BATCH = 2000
POPULARITY = (1, 3, 8)


@dataclass
class Entry:
    pk: int
    identifier: str
    ident_text: str
    title_text: str
    key: str
    work: str
    base_key: str
    base_work: str
    adopts: list[str]
    number: str
    publisher: str
    international: bool
    doctype: str
    status: str
    ics: list[str]
    ics_field: list[str]
    committee: str
    year: int
    date: int
    languages: list[str]
    main: bool
    # Thresholds of national adoptions reached (see POPULARITY): widely adopted
    # standards are the ones most users look for.
    popularity: list[str] = field(default_factory=list)
    suggest: str = ""

    @property
    def prior(self) -> float:
        """The part of the score that is the document's own (the tiers of `query` that
        do not depend on the query), the same in both backends; each indexes it as one
        value (tantivy: one posting list instead of one per tier; PostgreSQL: a column
        whose index orders a browse without words)."""
        return (
            (CURRENT if self.status == "current" else 0)
            + (INTERNATIONAL if self.international else 0)
            + (MAIN if self.main else 0)
            + POPULAR * len(self.popularity)
        )


def iter_entries(pks: Iterable[int] | None = None) -> Iterator[Entry]:
    """Entries of the given documents (all when None), read in batches of a few queries."""
    if pks is None:
        ids = list(Document.objects.order_by("pk").values_list("pk", flat=True))
    else:
        ids = sorted(set(pks))
    for i in range(0, len(ids), BATCH):
        yield from _batch(ids[i : i + BATCH])


def _grouped(pairs: Iterable[tuple[int, str]]) -> dict[int, list[str]]:
    """(document, value) rows as each document's values, in the rows' order."""
    out: dict[int, list[str]] = defaultdict(list)
    for doc_id, value in pairs:
        out[doc_id].append(value)
    return out


def _batch(ids: list[int]) -> list[Entry]:
    from harmonia.adoptions.models import Adoption

    titles = _grouped(
        DocumentTitle.objects.filter(document_id__in=ids).values_list("document_id", "content")
    )
    alternates = _grouped(
        DocumentIdentifier.objects.filter(document_id__in=ids, primary=False)
        .exclude(type="URN")
        .values_list("document_id", "value")
    )
    ics = _grouped(
        DocumentICS.objects.filter(document_id__in=ids).values_list("document_id", "code")
    )
    adopts: dict[int, list[str]] = defaultdict(list)
    for doc_id, key in (
        Adoption.objects.filter(national_id__in=ids)
        .exclude(status="rejected")
        .values_list("national_id", "adopted_key")
    ):
        adopts[doc_id].extend(k for k in (key, work_key(key)) if k)
    adopted_by: dict[int, int] = defaultdict(int)
    for doc_id in (
        Adoption.objects.filter(adopted_id__in=ids)
        .exclude(status="rejected")
        .values_list("adopted_id", flat=True)
    ):
        adopted_by[doc_id] += 1
    rows = Document.objects.filter(pk__in=ids).values_list(
        "pk",
        "identifier",
        "key",
        "work",
        "base_identifier",
        "number",
        "publisher__code",
        "publisher__kind",
        "doctype_id",
        "stage_id",
        "committee__reference",
        "year",
        "published",
        "languages",
        "title",
    )
    out = []
    for (
        pk,
        ident,
        key,
        work,
        base,
        number,
        pub,
        kind,
        doctype,
        stage,
        comm,
        year,
        pubd,
        langs,
        title,
    ) in rows:
        codes = ics.get(pk, [])
        prefixes = sorted({".".join(c.split(".")[: i + 1]) for c in codes for i in range(3)})
        held = titles.get(pk, [])
        texts = held if title in held else [title, *held]
        out.append(
            Entry(
                pk=pk,
                identifier=ident,
                ident_text=joined([ident, *alternates.get(pk, [])]),
                title_text=joined(texts),
                key=key,
                work=work_of(key, work),
                base_key=base,
                base_work=work_of(base) if base else "",
                adopts=sorted(set(adopts.get(pk, []))),
                number=_number(number, ident),
                publisher=pub,
                international=kind == "international",
                doctype=doctype,
                status=status_group(stage) or "unknown",
                ics=prefixes,
                ics_field=sorted({c.split(".")[0] for c in codes}),
                committee=committee_facet(comm) if comm else "",
                year=year or 0,
                date=_date_number(pubd, year),
                languages=list(langs or []),
                main=not base,
                popularity=[str(n) for n in POPULARITY if adopted_by.get(pk, 0) >= n],
                suggest=title,
            )
        )
    return out


def _number(number: str, identifier: str) -> str:
    """The document number without its part (10993-1 → 10993), read from the identifier
    when the source gave none."""
    found = number or next(iter(re.findall(r"\d+", identifier)), "")
    digits = re.match(r"\d+", found.split(" ")[-1])
    return digits.group(0) if digits else ""


def _date_number(published: str, year: int | None) -> int:
    digits = re.sub(r"\D", "", published or "")
    if len(digits) >= 6:
        return int((digits + "01")[:8])
    return (year or 0) * 10000
