"""Harmonization indicators of a national catalogue and of a network of bodies.

Definitions (stated in the dashboards too):
- A national document is *current* when its stage is a current one (60.60, 90.xx,
  95.20/60/92), as for international documents.
- It *adopts* an international document through a confirmed link whose degree is an
  adoption in ISO/IEC Guide 21-1 (IDT or MOD); NEQ links are counted apart, not as
  adoptions. A document with several links counts once, by its closest degree.
- The harmonization rate is adopting current national documents / current national
  documents. Coverage is the other way round: current international documents (or
  works, any edition) that the body's current documents adopt / current international
  documents in scope.

Every function reads with a fixed number of queries, whatever the catalogue's size.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Q, QuerySet

from harmonia import generation
from harmonia.adoptions.linking import EditionIndex
from harmonia.adoptions.models import Adoption, Degree
from harmonia.catalogue.models import ICS, Body, Document, DocumentICS, Relation
from harmonia.catalogue.reader_language import country_of, reader_language
from harmonia.catalogue.services import CURRENT, CURRENT_STAGE_CODES
from harmonia.catalogue.services import is_current_stage as is_current

from .models import CertificateCount, Network

INTERNATIONAL = ("ISO", "IEC")
DEGREE_ORDER = ("IDT", "MOD", "NEQ")
CURRENT_NATIONAL = Q(national__stage_id__in=CURRENT_STAGE_CODES) | Q(
    national__stage__code__startswith="90."
)
UPTAKE_STANDARDS = ("ISO 9001", "ISO 14001", "ISO/IEC 27001")


def _adoption_degrees() -> set[str]:
    return set(Degree.objects.filter(is_adoption=True).values_list("code", flat=True))


def _rate(part: int, whole: int) -> float:
    return round(part / whole, 4) if whole else 0.0


def _field_titles(codes: Iterable[str]) -> dict[str, str]:
    return dict(ICS.objects.filter(code__in=set(codes)).values_list("code", "title_en"))


def _best_degree(degrees: Iterable[str]) -> str:
    held = set(degrees)
    return next((d for d in DEGREE_ORDER if d in held), "")


# ---------------------------------------------------------------- harmonization


def harmonization(body: Body) -> dict[str, Any]:
    """Share of the body's current documents that adopt an international one."""
    docs = list(
        Document.objects.filter(CURRENT, publisher=body).values_list(
            "id", "year", "committee__reference"
        )
    )
    ids = {pk for pk, _, _ in docs}
    links: dict[int, list[str]] = defaultdict(list)
    adopted_of: dict[int, list[int]] = defaultdict(list)
    for national_id, degree, adopted_id in Adoption.objects.filter(
        national__publisher=body, status="confirmed"
    ).values_list("national_id", "degree_id", "adopted_id"):
        if national_id in ids:
            links[national_id].append(degree or "")
            if adopted_id:
                adopted_of[national_id].append(adopted_id)
    adopting = _adoption_degrees()
    degree_of = {pk: _best_degree(links.get(pk, [])) for pk in ids}
    is_adopting = {pk: degree_of[pk] in adopting for pk in ids}

    fields: dict[int, set[str]] = defaultdict(set)
    for doc_id, code in DocumentICS.objects.filter(document__publisher=body).values_list(
        "document_id", "code"
    ):
        if doc_id in ids:
            fields[doc_id].add(code[:2])
    # A national document without ICS is classified where the document it adopts is.
    wanted = {a for pk in ids if not fields.get(pk) for a in adopted_of.get(pk, [])}
    adopted_fields: dict[int, set[str]] = defaultdict(set)
    if wanted:
        for doc_id, code in DocumentICS.objects.filter(document_id__in=wanted).values_list(
            "document_id", "code"
        ):
            adopted_fields[doc_id].add(code[:2])
    by_field: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_committee: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    by_year: dict[int, list[int]] = defaultdict(lambda: [0, 0])
    for pk, year, committee in docs:
        codes = fields.get(pk) or {c for a in adopted_of.get(pk, []) for c in adopted_fields[a]}
        for code in codes or {""}:
            by_field[code][0] += 1
            by_field[code][1] += is_adopting[pk]
        by_committee[committee or ""][0] += 1
        by_committee[committee or ""][1] += is_adopting[pk]
        if year:
            by_year[year][0] += 1
            by_year[year][1] += is_adopting[pk]
    titles = _field_titles(by_field)
    counts = Counter(degree_of.values())
    total = len(ids)
    adopting_n = sum(is_adopting.values())
    cumulative = [0, 0]
    over_time = []
    for year in sorted(by_year):
        n, a = by_year[year]
        cumulative[0] += n
        cumulative[1] += a
        over_time.append(
            {
                "year": year,
                "published": n,
                "adopting": a,
                "rate": _rate(a, n),
                "cumulative_rate": _rate(cumulative[1], cumulative[0]),
            }
        )
    return {
        "body": body.code,
        "current": total,
        "adopting": adopting_n,
        "rate": _rate(adopting_n, total),
        "by_degree": {
            **{d: counts.get(d, 0) for d in DEGREE_ORDER},
            "none": counts.get("", 0),
        },
        "by_ics": [
            {
                "field": code,
                "title": titles.get(code, ""),
                "current": n,
                "adopting": a,
                "rate": _rate(a, n),
            }
            for code, (n, a) in sorted(by_field.items(), key=lambda kv: (kv[0] == "", kv[0]))
        ],
        "by_committee": [
            {"committee": c, "current": n, "adopting": a, "rate": _rate(a, n)}
            for c, (n, a) in sorted(by_committee.items(), key=lambda kv: (-kv[1][0], kv[0]))
        ],
        "by_year": over_time,
    }


# ---------------------------------------------------------------- coverage


def _international_current(ics: Iterable[str] = (), priority: Iterable[str] = ()) -> Any:
    qs = Document.objects.filter(CURRENT, publisher__code__in=INTERNATIONAL).exclude(work="")
    prefixes = [p for p in ics if p]
    if prefixes:
        match = Q()
        for p in prefixes:
            match |= Q(code=p) | Q(code__startswith=p + ".")
        qs = qs.filter(pk__in=DocumentICS.objects.filter(match).values("document_id"))
    wanted = [p for p in priority if p]
    if wanted:
        from harmonia.identifiers import work_key

        qs = qs.filter(work__in={work_key(p) or p for p in wanted})
    return qs


def held_adoptions(**where: Any) -> QuerySet[Adoption]:
    """Confirmed adoptions (IDT, MOD) by current national documents of documents held in
    the catalogue: what coverage, gaps, the outdated list and the matrix read."""
    return Adoption.objects.filter(
        CURRENT_NATIONAL,
        status="confirmed",
        degree__is_adoption=True,
        adopted__isnull=False,
        **where,
    )


def adopted_by_body(body_ids: Iterable[int]) -> list[tuple[int, int, str, int, str]]:
    """(body id, national id, degree, adopted id, adopted work) of the bodies' adoptions."""
    return list(
        held_adoptions(national__publisher_id__in=list(body_ids)).values_list(
            "national__publisher_id", "national_id", "degree_id", "adopted_id", "adopted__work"
        )
    )


def coverage(body: Body, ics: Iterable[str] = (), priority: Iterable[str] = ()) -> dict[str, Any]:
    """Share of current international documents in scope that the body has adopted."""
    scope = _international_current(ics, priority)
    adopted = held_adoptions(national__publisher=body)
    # Counted in the database: the scope is every current ISO/IEC document (~25,000).
    counts = scope.aggregate(
        n=Count("id"),
        works=Count("work", distinct=True),
        any_edition=Count("id", filter=Q(work__in=adopted.values("adopted__work"))),
        in_edition=Count("id", filter=Q(pk__in=adopted.values("adopted_id"))),
    )
    n = counts["n"]
    return {
        "body": body.code,
        "scope": {"ics": list(ics), "priority": list(priority)},
        "international_current": n,
        "works": counts["works"],
        "adopted_any_edition": counts["any_edition"],
        "adopted_current_edition": counts["in_edition"],
        "rate": _rate(counts["any_edition"], n),
        "rate_current_edition": _rate(counts["in_edition"], n),
    }


# ---------------------------------------------------------------- outdated


@dataclass
class Outdated:
    national: str
    adopted: str
    current: str
    reason: str  # revised, withdrawn, amended
    since: str
    days: int | None
    degree: str

    def as_dict(self) -> dict[str, Any]:
        return self.__dict__.copy()


def _days_since(since: str, today: dt.date) -> int | None:
    if not since[:4].isdigit():
        return None
    parts = [int(p) for p in since.split("-")[:3]]
    year, month, day = ([*parts, 1, 1])[:3] if len(parts) < 3 else parts
    try:
        return (today - dt.date(year, month, day)).days
    except ValueError:
        return None


def outdated(body: Body, today: dt.date | None = None) -> list[Outdated]:
    """Current national documents whose adopted edition has been replaced, withdrawn or
    amended since; newest problems first within each reason."""
    today = today or dt.date.today()
    linked = held_adoptions(national__publisher=body)
    links = list(
        linked.values_list(
            "national_id",
            "national__identifier",
            "degree_id",
            "adopted_id",
            "adopted__identifier",
            "adopted__key",
            "adopted__work",
            "adopted__stage_id",
            "adopted__published",
            "adopted__dates",
        )
    )
    # An amendment adopted by another document of the body counts (EN ISO 10993-4:2017 and
    # EN ISO 10993-4:2017/A1:2025 are two documents).
    adopted_keys = {row[5] for row in links}
    # Subqueries rather than lists of ids: faster on PostgreSQL for the document table.
    index = EditionIndex(linked.exclude(adopted__work="").values("adopted__work"))
    adopted_ids = linked.values("adopted_id")
    supplements: dict[int, list[tuple[str, str, str]]] = defaultdict(list)
    for base_id, identifier, key, published, stage in Document.objects.filter(
        base_id__in=adopted_ids
    ).values_list("base_id", "identifier", "key", "published", "stage_id"):
        if is_current(stage):
            supplements[base_id].append((_supplement_date(identifier, published), identifier, key))
    replacers: dict[int, list[tuple[str, str]]] = defaultdict(list)
    # Here the list is the better plan: PostgreSQL scans the relations for the subquery.
    for target_id, identifier, published, stage in Relation.objects.filter(
        type_id="obsoletes", target_id__in=sorted({row[3] for row in links})
    ).values_list("target_id", "document__identifier", "document__published", "document__stage_id"):
        if is_current(stage):
            replacers[target_id].append((published or "", identifier))
    out: list[Outdated] = []
    for (
        _national_id,
        national,
        degree,
        adopted_id,
        adopted,
        _key,
        work,
        stage,
        _pub,
        dates,
    ) in links:
        newer = [e for e in index.by_work.get(work, []) if e.current and e.pk != adopted_id]
        current_self = is_current(stage)
        newest = newer[-1] if newer else None
        if newest is not None and (not current_self or newest.published > (_pub or "")):
            out.append(_item(national, adopted, newest.identifier, "revised",
                             newest.published, degree, today))  # fmt: skip
            continue
        if not current_self:
            if replacers.get(adopted_id):
                when, ident = max(replacers[adopted_id])
                out.append(_item(national, adopted, ident, "revised", when, degree, today))
            else:
                # The withdrawal's date where the catalogue holds one (Relaton "obsoleted").
                when = _dated(dates, "obsoleted")
                out.append(_item(national, adopted, "", "withdrawn", when, degree, today))
            continue
        missing = [s for s in supplements.get(adopted_id, []) if s[2] not in adopted_keys]
        if missing:
            when, ident, _ = max(missing)
            out.append(_item(national, adopted, ident, "amended", when, degree, today))
    order = {"withdrawn": 0, "revised": 1, "amended": 2}
    out.sort(key=lambda o: (order[o.reason], -(o.days or 0), o.national))
    return out


def _dated(dates: Any, kind: str) -> str:
    for d in dates or []:
        if isinstance(d, dict) and d.get("type") == kind and d.get("value"):
            return str(d["value"])
    return ""


def _supplement_date(identifier: str, published: str) -> str:
    """An amendment's date: its own year where the source repeats the base's date
    (relaton-data-iso gives ISO 9001:2015/Amd 1:2024 the date 2015)."""
    from harmonia.identifiers import IdentifierError, parse

    try:
        year = parse(identifier).supplements[-1].year
    except (IdentifierError, IndexError):
        return published or ""
    if year and (not published or published[:4] < str(year)):
        return str(year)
    return published or ""


def _item(
    national: str, adopted: str, current: str, reason: str, since: str, degree: str, today: Any
) -> Outdated:
    return Outdated(national, adopted, current, reason, since, _days_since(since, today), degree)


# ---------------------------------------------------------------- gap analysis


def network_of(body: Body, network: Network | None) -> list[Body]:
    if network is not None:
        return list(network.members.exclude(pk=body.pk))
    first = body.networks.first()
    return list(first.members.exclude(pk=body.pk)) if first else []


def gaps(
    body: Body,
    ics: Iterable[str] = (),
    network: Network | None = None,
    limit: int = 100,
) -> dict[str, Any]:
    """Current international documents in scope the body has not adopted (any edition),
    ranked by how many bodies of its network adopted them."""
    peers = network_of(body, network)
    rows = adopted_by_body([body.pk, *(p.pk for p in peers)])
    own = {work for b, _, _, _, work in rows if b == body.pk}
    peer_works: dict[str, set[int]] = defaultdict(set)
    for b, _, _, _, work in rows:
        if b != body.pk and work:
            peer_works[work].add(b)
    code_of = {p.pk: p.code for p in peers}
    scope = _international_current(ics).values_list("id", "identifier", "work", "title")
    missing = [
        (len(peer_works.get(work, ())), identifier, work, title)
        for _, identifier, work, title in scope
        if work not in own
    ]
    missing.sort(key=lambda m: (-m[0], m[1]))
    return {
        "body": body.code,
        "network": [p.code for p in peers],
        "scope": {"ics": list(ics)},
        "not_adopted": len(missing),
        "items": [
            {
                "identifier": identifier,
                "title": title,
                "adopted_by": n,
                "bodies": sorted(code_of[b] for b in peer_works.get(work, ())),
            }
            for n, identifier, work, title in missing[:limit]
        ],
    }


# ---------------------------------------------------------------- networks


def matrix(network: Network, ics: Iterable[str] = (), only_adopted: bool = False) -> dict[str, Any]:
    """Bodies × current international documents: the degree and edition each adopted;
    kept until the next committed write (harmonia.generation.kept)."""
    ics = tuple(ics)
    what = ("matrix", network.pk, ics, only_adopted, reader_language())  # country names
    return generation.kept(what, lambda: compute_matrix(network, ics, only_adopted))


def compute_matrix(network: Network, ics: tuple[str, ...], only_adopted: bool) -> dict[str, Any]:
    members = list(network.members.order_by("code"))
    member_ids = [m.pk for m in members]
    code_of = {m.pk: m.code for m in members}
    rows = Adoption.objects.filter(
        CURRENT_NATIONAL,
        national__publisher_id__in=member_ids,
        status="confirmed",
        adopted__isnull=False,
    ).values_list(
        "national__publisher_id", "national__identifier", "degree_id", "adopted__identifier",
        "adopted__work",
    )  # fmt: skip
    cells: dict[str, dict[str, dict[str, str]]] = defaultdict(dict)
    for body_id, national, degree, adopted, work in rows:
        if work:
            cells[work][code_of[body_id]] = {
                "national": national,
                "degree": degree or "",
                "edition": adopted,
            }
    scope = list(_international_current(ics).values_list("identifier", "work", "title"))
    matrix_rows = []
    for identifier, work, title in scope:
        row_cells = cells.get(work, {})
        if only_adopted and not row_cells:
            continue
        for cell in row_cells.values():
            cell["current_edition"] = "yes" if cell["edition"] == identifier else "no"
        matrix_rows.append({"identifier": identifier, "title": title, "cells": row_cells})
    totals = _current_counts(member_ids)
    adopting = _adopting_counts(member_ids)
    adoption_degrees = _adoption_degrees()
    by_count = sorted(
        matrix_rows,
        key=lambda r: (
            -sum(1 for c in r["cells"].values() if c["degree"] in adoption_degrees),
            r["identifier"],
        ),
    )
    return {
        "network": network.slug,
        "name": network.name,
        "bodies": [m.code for m in members],
        "members": [
            {
                "body": m.code,
                "name": m.name,
                "country": country_of(m),
                "current": totals.get(m.pk, 0),
                "adopting": adopting.get(m.pk, 0),
                "rate": _rate(adopting.get(m.pk, 0), totals.get(m.pk, 0)),
            }
            for m in members
        ],
        "rows": matrix_rows,
        "most_adopted": [
            {
                "identifier": r["identifier"],
                "title": r["title"],
                "bodies": sum(1 for c in r["cells"].values() if c["degree"] in adoption_degrees),
            }
            for r in by_count[:20]
            if r["cells"]
        ],
        "different_editions": [
            {
                "identifier": r["identifier"],
                "editions": {b: c["edition"] for b, c in sorted(r["cells"].items())},
            }
            for r in matrix_rows
            if len({c["edition"] for c in r["cells"].values()}) > 1
        ],
    }


def _current_counts(body_ids: list[int]) -> dict[int, int]:
    from django.db.models import Count

    return dict(
        Document.objects.filter(CURRENT, publisher_id__in=body_ids)
        .values("publisher_id")
        .annotate(n=Count("id"))
        .values_list("publisher_id", "n")
    )


def _adopting_counts(body_ids: list[int]) -> dict[int, int]:
    from django.db.models import Count

    return dict(
        Adoption.objects.filter(
            CURRENT_NATIONAL,
            national__publisher_id__in=body_ids,
            status="confirmed",
            degree__is_adoption=True,
        )
        .values("national__publisher_id")
        .annotate(n=Count("national_id", distinct=True))
        .values_list("national__publisher_id", "n")
    )


# ---------------------------------------------------------------- uptake


def uptake(body: Body) -> dict[str, Any]:
    """Certificates per year in the body's country beside its adoption of the standard."""
    from harmonia.identifiers import work_key

    series: dict[str, dict[int, int]] = defaultdict(dict)
    for standard, year, n in CertificateCount.objects.filter(
        country_code=body.country_code
    ).values_list("standard", "year", "certificates"):
        series[standard][year] = n
    works = {work_key(s + ":2015") or s: s for s in UPTAKE_STANDARDS}
    adoptions: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for national, year, adopted, work, stage in Adoption.objects.filter(
        national__publisher=body, status="confirmed", adopted__work__in=list(works)
    ).values_list(
        "national__identifier", "national__year", "adopted__identifier", "adopted__work",
        "national__stage_id",
    ):  # fmt: skip
        adoptions[works[work]].append(
            {"national": national, "year": year, "adopted": adopted, "current": is_current(stage)}
        )
    return {
        "body": body.code,
        "country": body.country,
        "standards": [
            {
                "standard": s,
                "certificates": [
                    {"year": y, "certificates": n} for y, n in sorted(series[s].items())
                ],
                "adoptions": sorted(adoptions[s], key=lambda a: a["year"] or 0),
            }
            for s in UPTAKE_STANDARDS
        ],
    }


def national_report(body: Body) -> dict[str, Any]:
    """Everything the national dashboard shows; kept until the next committed write
    (harmonia.generation.kept), and for the day (the outdated list counts days)."""
    today = dt.date.today()
    what = ("national_report", body.pk, today.isoformat(), reader_language())
    return generation.kept(what, lambda: compute_national_report(body, today))


def compute_national_report(body: Body, today: dt.date) -> dict[str, Any]:
    return {
        "harmonization": harmonization(body),
        "coverage": coverage(body),
        "outdated": [o.as_dict() for o in outdated(body, today)],
        "uptake": uptake(body),
    }
