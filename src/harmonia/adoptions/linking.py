"""Which international document a national one adopts, when its text says so.

`TCVN ISO 14001:2010` names ISO 14001 but its year is the national publication year:
the adopted edition is the one that was current in 2010 (ISO 14001:2004), not one of
2010. `BS EN ISO 9001:2015` and `TCVN 7391-1:2007 (ISO 10993-1:2003)` name the edition
exactly. Editions of one work are found through `Document.work` (the identifier
without its year), loaded once for all the works an import or report needs.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import QuerySet

from harmonia.catalogue.models import Document
from harmonia.catalogue.services import is_current_stage
from harmonia.identifiers import (
    Identifier,
    IdentifierError,
    Supplement,
    canonical_key,
    normalize,
    parse,
    parse_adoption,
    work_key,
)

# Stages of a published document: a draft (below 60, or 60.00) was never "current".
PUBLISHED_STAGES = ("60", "90", "95")


@dataclass(frozen=True)
class Edition:
    pk: int
    identifier: str
    key: str
    published: str  # "2015-09", "2004", or "" when unknown
    stage: str

    @property
    def current(self) -> bool:
        return is_current_stage(self.stage)


@dataclass(frozen=True)
class Target:
    """An adopted document: as named, its key, and the catalogue row once held."""

    identifier: str
    key: str
    document_id: int | None
    how: str  # "exact", "edition at date", "not in catalogue"


class EditionIndex:
    """Published editions of a set of works, oldest first, from one query per 900 works."""

    def __init__(self, works: Iterable[str] | QuerySet[Any]) -> None:
        """`works`: work keys, or a query giving them (one query, no long IN list)."""
        self.by_work: dict[str, list[Edition]] = {}
        if isinstance(works, QuerySet):
            batches: list[Any] = [works]
        else:
            wanted = sorted({w for w in works if w})
            batches = [wanted[i : i + 900] for i in range(0, len(wanted), 900)]
        for batch in batches:
            rows = (
                Document.objects.filter(work__in=batch)
                .exclude(stage__isnull=True)
                .values_list("id", "identifier", "key", "published", "year", "stage_id", "work")
            )
            for pk, identifier, key, published, year, stage, work in rows:
                if stage[:2] not in PUBLISHED_STAGES or stage == "60.00":
                    continue
                when = published or (str(year) if year else "")
                self.by_work.setdefault(work, []).append(Edition(pk, identifier, key, when, stage))
        for editions in self.by_work.values():
            editions.sort(key=lambda e: (e.published, e.identifier))

    def at(self, work: str, date: str) -> Edition | None:
        """The edition current at `date` ("2010", "2010-05"): the newest published by then.

        Dates compare as text on their common length, so a national year 2015 takes an
        edition of 2015-09 (the national text may well follow the international one in
        the same year)."""
        best = None
        for e in self.by_work.get(work, []):
            if e.published and e.published[: len(date)] <= date:
                best = e
        return best

    def newest(self, work: str) -> Edition | None:
        editions = self.by_work.get(work, [])
        return editions[-1] if editions else None


def _parse(text: str) -> Identifier | None:
    try:
        return parse(text)
    except IdentifierError:
        return None


def works_named(texts: Iterable[str]) -> set[str]:
    """Works of undated identifiers among `texts`, to load an EditionIndex for them."""
    out = set()
    for text in texts:
        x = _parse(text)
        if x is not None and x.year is None and not x.supplements:
            out.add(work_key(text))
    return out


def resolve(text: str, date: str, index: EditionIndex, keys: dict[str, int]) -> Target:
    """The document `text` names; an undated one is the edition current at `date`.

    `keys` maps canonical keys to document ids (of the documents an import may name)."""
    x = _parse(text)
    if x is None:
        key = normalize(text)
        return Target(key, key, keys.get(key), "exact" if key in keys else "not in catalogue")
    if x.year is None and not x.supplements:
        edition = index.at(str(x.undated()), date) if date else index.newest(str(x.undated()))
        if edition is not None:
            return Target(edition.identifier, edition.key, edition.pk, "edition at date")
    key = canonical_key(text)
    return Target(str(x), key, keys.get(key), "exact" if key in keys else "not in catalogue")


def date_supplements(texts: Iterable[str]) -> dict[str, str]:
    """Undated supplements (`ISO 11135:2014/Amd 1`) → the held one's identifier
    (`ISO 11135:2014/Amd 1:2018`): a regional amendment's year is its own, not ISO's."""
    wanted: dict[str, str] = {}
    for text in texts:
        x = _parse(text)
        if x is not None and x.supplements and x.supplements[-1].year is None:
            wanted[canonical_key(text)] = text
    out: dict[str, str] = {}
    for key, text in wanted.items():
        held = (
            Document.objects.filter(key__startswith=key + ":")
            .exclude(key__contains=key + ":/")
            .order_by("key")
            .values_list("identifier", flat=True)
        )
        for identifier in held:
            x = _parse(identifier)
            if (
                x is not None
                and canonical_key(str(replace(x, supplements=_undated_last(x)))) == key
            ):
                out[text] = identifier
    return out


def _undated_last(x: Identifier) -> tuple[Supplement, ...]:
    *rest, last = x.supplements
    return (*rest, replace(last, year=None))


def adopted_in_identifier(identifier: str) -> list[str]:
    """International identifiers a national identifier carries (undated where its year
    is the national one): `TCVN ISO 14001:2010` → [`ISO 14001`]."""
    try:
        adoption = parse_adoption(identifier)
    except IdentifierError:
        return []
    return [str(x) for x in adoption.adopted]


def national_year(identifier: str) -> int | None:
    """The national publication year the identifier carries (Common Era)."""
    try:
        adoption = parse_adoption(identifier)
    except IdentifierError:
        return None
    carried = {str(x) for x in adoption.adopted}
    if adoption.national.number in carried and not adoption.year_is_national:
        return None  # BS EN ISO 9001:2015: the year is ISO's
    return adoption.national.year_ce
