"""Propose the international document a national one corresponds to, with a score.

For national numbers that do not carry the international identifier (`GB/T 16886.1-2022`,
`JIS Q 9001:2015`, `TIS 9001-2559`). Each candidate work (one per international number,
represented by its newest edition) is scored from:

- title: rapidfuzz similarity of the folded English titles (mean of token-set and
  token-sort ratios, so a short title inside a long one does not score 100);
- number: the national number equals the international one (JIS Q 9001 ↔ ISO 9001), or
  its base number does;
- ics: the documents share an ICS group (full credit) or field (half);
- year: the chosen edition was published in the five years before the national one.

The edition proposed is the one current at the national publication date. A person
confirms (choosing the degree) or rejects each proposal in the review queue.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db import transaction

from harmonia.catalogue.models import Body, Document, DocumentICS, DocumentTitle
from harmonia.identifiers import IdentifierError, parse, parse_adoption
from harmonia.textfold import words

from . import signals
from .linking import EditionIndex
from .models import Adoption, AdoptionEvent

WEIGHTS = {"title": 0.6, "number": 0.25, "ics": 0.1, "year": 0.05}
MIN_SCORE = 0.45
TOP = 3
SHORTLIST = 60
# Words in more than this share of titles say nothing about which work is meant.
COMMON = 0.05
INTERNATIONAL = ("ISO", "IEC")
NATIONAL_SUPPLEMENT = r"/(A[0-9]+|AC|Amd ?[0-9]*|Cor ?[0-9]*)(:[0-9]{4})?$"
_DIGITS = re.compile(r"\d+(?:[-.]\d+)*")


@dataclass
class Work:
    work: str
    identifier: str
    title: str
    number: str  # "10993-1"
    base_number: str  # "10993"
    ics: set[str] = field(default_factory=set)


@dataclass
class NationalItem:
    pk: int
    identifier: str
    title: str  # English where held
    number: str
    year: int | None
    ics: set[str]


@dataclass
class Candidate:
    work: Work
    score: float
    parts: dict[str, float]


def _number_of(identifier: str) -> tuple[str, str]:
    try:
        x = parse(identifier)
    except IdentifierError:
        return "", ""
    number = "-".join([x.number, *x.parts])
    return number, x.number


class Pool:
    """The international works a national document may correspond to."""

    def __init__(self, publishers: Iterable[str] = INTERNATIONAL) -> None:
        # Drafts (below stage 60, or 60.00) are not adopted: only published work counts.
        rows = (
            Document.objects.filter(publisher__code__in=list(publishers))
            .exclude(work="")
            .filter(stage__stage__in=["60", "90", "95"])
            .exclude(stage_id="60.00")
            .order_by("work", "published", "identifier")
            .values_list("id", "identifier", "work", "title")
        )
        newest: dict[str, tuple[int, str, str]] = {}
        for pk, identifier, work, title in rows:
            newest[work] = (pk, identifier, title)
        ics: dict[int, set[str]] = {}
        ids = {pk for pk, _, _ in newest.values()}
        classified = DocumentICS.objects.filter(
            document__publisher__code__in=list(publishers)
        ).exclude(document__work="")
        for doc_id, code in classified.values_list("document_id", "code").iterator(20000):
            if doc_id in ids:
                ics.setdefault(doc_id, set()).add(code)
        self.works: list[Work] = []
        self.by_number: dict[str, list[int]] = {}
        for work, (pk, identifier, title) in newest.items():
            number, base = _number_of(identifier)
            w = Work(work, identifier, title, number, base, ics.get(pk, set()))
            self.by_number.setdefault(number, []).append(len(self.works))
            if base != number:
                self.by_number.setdefault(base, []).append(len(self.works))
            self.works.append(w)
        self.titles = [words(w.title) for w in self.works]
        self._index: dict[str, tuple[float, list[int]]] | None = None

    def word_index(self) -> dict[str, tuple[float, list[int]]]:
        """word → (inverse document frequency, works whose title holds it)."""
        if self._index is None:
            postings: dict[str, list[int]] = {}
            for j, title in enumerate(self.titles):
                for word in set(title.split()):
                    postings.setdefault(word, []).append(j)
            n = len(self.titles)
            self._index = {
                word: (math.log(n / len(works)), works)
                for word, works in postings.items()
                if len(works) <= max(COMMON * n, 50)
            }
        return self._index


def _ics_overlap(a: set[str], b: set[str]) -> float | None:
    if not a or not b:
        return None  # unknown: neither for nor against
    groups = {c[:6] for c in a} & {c[:6] for c in b}
    if groups:
        return 1.0
    return 0.5 if {c[:2] for c in a} & {c[:2] for c in b} else 0.0


def national_items(docs: Iterable[Document]) -> list[NationalItem]:
    docs = list(docs)
    ids = [d.pk for d in docs]
    english: dict[int, str] = {}
    for doc_id, content in DocumentTitle.objects.filter(
        document_id__in=ids, language="en"
    ).values_list("document_id", "content"):
        english.setdefault(doc_id, content)
    ics: dict[int, set[str]] = {}
    for doc_id, code in DocumentICS.objects.filter(document_id__in=ids).values_list(
        "document_id", "code"
    ):
        ics.setdefault(doc_id, set()).add(code)
    items = []
    for d in docs:
        try:
            national = parse_adoption(d.identifier).national
            number, year = national.number, national.year_ce
        except IdentifierError:
            found = _DIGITS.search(d.identifier)
            number, year = (found.group(0) if found else ""), d.year
        items.append(
            NationalItem(
                d.pk,
                d.identifier,
                english.get(d.pk, d.title),
                number.replace(".", "-"),
                d.year or year,
                ics.get(d.pk, set()),
            )
        )
    return items


def candidates(items: list[NationalItem], pool: Pool, top: int = TOP) -> dict[int, list[Candidate]]:
    """The best `top` candidates of each national document, best first.

    The works scored are those sharing the rarest title words with the national title
    (an inverted index weighted by inverse document frequency), plus those with the same
    number: rapidfuzz then scores a few dozen titles, not the whole catalogue."""
    from rapidfuzz import fuzz

    out: dict[int, list[Candidate]] = {}
    if not items or not pool.works:
        return out
    index = pool.word_index()
    for item in items:
        query = words(item.title)
        overlap: dict[int, float] = {}
        for word in set(query.split()):
            posting = index.get(word)
            if posting is None:
                continue
            weight, works = posting
            for j in works:
                overlap[j] = overlap.get(j, 0.0) + weight
        best = set(sorted(overlap, key=lambda j: -overlap[j])[:SHORTLIST])
        best |= set(pool.by_number.get(item.number, []))
        best |= set(pool.by_number.get(item.number.split("-")[0], []))
        scored = []
        for j in best:
            title = pool.titles[j]
            similarity = fuzz.token_set_ratio(query, title) + fuzz.token_sort_ratio(query, title)
            scored.append(_score(item, pool.works[j], similarity / 200.0))
        scored.sort(key=lambda c: (-c.score, c.work.work))
        out[item.pk] = [c for c in scored[:top] if c.score >= MIN_SCORE]
    return out


def _score(item: NationalItem, work: Work, title: float) -> Candidate:
    if item.number and item.number == work.number:
        number = 1.0
    elif item.number and item.number.split("-")[0] == work.base_number:
        number = 0.5
    else:
        number = 0.0
    # A shared number means little when the titles disagree (GB 18278.1 is not ISO 18278-1).
    number *= min(1.0, title / 0.7)
    parts = {"title": round(title, 3), "number": round(number, 3)}
    weights = dict(WEIGHTS)
    ics = _ics_overlap(item.ics, work.ics)
    if ics is None:
        del weights["ics"]
    else:
        parts["ics"] = ics
    total = sum(weights.values())
    score = sum(parts[k] * w for k, w in weights.items() if k in parts) / total
    return Candidate(work, round(score, 3), parts)


def propose_for_body(body: Body, *, pool: Pool | None = None, limit: int | None = None) -> int:
    """Proposals for the body's documents that have no link yet; returns how many."""
    linked = Adoption.objects.filter(national__publisher=body).values("national_id")
    docs = (
        Document.objects.filter(publisher=body)
        .exclude(pk__in=linked)
        # A national amendment or corrigendum follows its base document's correspondence.
        .exclude(identifier__regex=NATIONAL_SUPPLEMENT)
        .order_by("identifier")
    )
    if limit:
        docs = docs[:limit]
    items = national_items(docs)
    if not items:
        return 0
    pool = pool or Pool()
    found = candidates(items, pool)
    index = EditionIndex({c.work.work for cs in found.values() for c in cs})
    by_pk = {i.pk: i for i in items}
    rows: list[Adoption] = []
    for pk, cands in found.items():
        item = by_pk[pk]
        for c in cands:
            edition = (
                index.at(c.work.work, str(item.year)) if item.year else index.newest(c.work.work)
            ) or index.newest(c.work.work)
            if edition is None:
                continue
            evidence: dict[str, Any] = dict(c.parts)
            year_parts = _year_fit(item.year, edition.published)
            if year_parts is not None:
                evidence["year"] = year_parts
            rows.append(
                Adoption(
                    national_id=pk,
                    adopted_identifier=edition.identifier,
                    adopted_key=edition.key,
                    adopted_id=edition.pk,
                    source="proposed",
                    status="proposed",
                    score=_with_year(c.score, year_parts),
                    evidence=evidence,
                )
            )
    with transaction.atomic():
        created = Adoption.objects.bulk_create(rows, batch_size=1000, ignore_conflicts=True)
        saved = Adoption.objects.filter(
            national_id__in=list(found), status="proposed", events__isnull=True
        )
        AdoptionEvent.objects.bulk_create(
            [
                AdoptionEvent(adoption=a, action="proposed", detail={"score": a.score})
                for a in saved
            ],
            batch_size=1000,
        )
        signals.links_changed.send(Adoption, documents=[*found, *(a.adopted_id for a in rows)])
    return len(created)


def _with_year(score: float, year: float | None) -> float:
    if year is None:
        return score
    return round(score * (1 - WEIGHTS["year"]) + WEIGHTS["year"] * year, 3)


def _year_fit(national: int | None, published: str) -> float | None:
    if not national or not published[:4].isdigit():
        return None
    gap = national - int(published[:4])
    return 1.0 if 0 <= gap <= 5 else 0.0
