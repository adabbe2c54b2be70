"""Import national catalogues, make and decide adoption links: plain functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import orjson
from django.db import transaction
from django.db.models import Model, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext

from harmonia.catalogue import services as catalogue_services
from harmonia.catalogue.importers.jsonl import parse_jsonl
from harmonia.catalogue.loading import ImportFailed, import_items
from harmonia.catalogue.models import Body, Document
from harmonia.identifiers import canonical_key, parse_adoption

from . import linking, signals
from .models import Adoption, AdoptionEvent, AdoptionMethod, Degree
from .national import NationalFileError, NationalRow, check_rows, read_table

# The language a body's titles are in when the file does not say.
COUNTRY_LANGUAGE = {
    "VN": "vi", "TH": "th", "ID": "id", "MY": "ms", "PH": "en", "SG": "en", "GB": "en",
    "DE": "de", "FR": "fr", "BR": "pt", "AR": "es", "PE": "es", "CO": "es", "ZA": "en",
    "NG": "en", "GH": "en", "TZ": "en", "JP": "ja", "CN": "zh", "KR": "ko",
}  # fmt: skip


class AdoptionError(ValueError):
    pass


def resolve_body(code: str) -> Body:
    """A body by its code, acronym or ISO 3166 country code (`VN`, `STAMEQ`)."""
    try:
        return catalogue_services.resolve_body(code)
    except catalogue_services.NoSuchBody as exc:
        raise AdoptionError(str(exc)) from None


@dataclass
class NationalImportReport:
    body: str
    rows: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    links: dict[str, int] = field(default_factory=dict)  # by source
    unresolved: list[str] = field(default_factory=list)  # adopted ids not in the catalogue
    proposals: int = 0

    def as_dict(self) -> dict[str, Any]:
        return {
            "body": self.body,
            "rows": self.rows,
            "created": self.created,
            "updated": self.updated,
            "unchanged": self.unchanged,
            "links": self.links,
            "unresolved": self.unresolved,
            "proposals": self.proposals,
        }


def _record(body: Body, row: NationalRow, source: str) -> dict[str, Any]:
    language = row.language or COUNTRY_LANGUAGE.get(body.country_code, "en")
    titles = [{"language": language, "type": "main", "content": row.title}]
    if row.title_en and language != "en":
        titles.append({"language": "en", "type": "main", "content": row.title_en})
    year = row.year or linking.national_year(row.identifier)
    try:
        number = parse_adoption(row.identifier).national.number
    except ValueError:
        number = ""
    return {
        "identifier": row.identifier,
        "identifiers": [{"type": body.acronym or body.code, "id": row.identifier, "primary": True}],
        "publisher": body.code,
        "copublishers": [],
        "doctype": "national-standard",
        "number": number[:60],
        "edition": "",
        "languages": sorted({t["language"] for t in titles}),
        "titles": titles,
        "dates": [{"type": "published", "value": str(year)}] if year else [],
        "stage": "60.60" if row.status == "current" else "95.99",
        "status": row.status,
        "ics": row.ics,
        "committee": {"reference": row.committee, "title": "", "kind": "national"}
        if row.committee
        else None,
        "base": "",
        "links": [],
        "relations": [],
        "source_id": source,
        "source_rank": "national",
    }


def import_national(
    body: Body, path: Path, *, source: str | None = None, propose_missing: bool = True
) -> NationalImportReport:
    """All-or-nothing import of a national catalogue with its adoption links: a CSV or
    Excel table, Relaton YAML, or the EU's harmonised-standards JSON (see sources.py).

    Raises NationalFileError (nothing written) when any row is wrong."""
    from .national import check_file_size
    from .sources import eu_mdr_rows, kind_of, relaton_rows

    check_file_size(path)
    kind = kind_of(path)
    if kind == "relaton":
        rows = relaton_rows(path)
    elif kind == "eu-mdr":
        rows = eu_mdr_rows(path)
    else:
        degrees = set(Degree.objects.values_list("code", flat=True))
        methods = set(AdoptionMethod.objects.values_list("slug", flat=True))
        rows = check_rows(path, read_table(path), degrees, methods)
    # The source names the body, not the file: the same rows from a renamed file are unchanged.
    return import_rows(
        body, rows, source or f"national:{body.code}", propose_missing=propose_missing
    )


def import_rows(
    body: Body, rows: list[NationalRow], source: str, *, propose_missing: bool = True
) -> NationalImportReport:
    report = NationalImportReport(body=body.code, rows=len(rows))
    _refuse_other_publishers(body, rows, source)
    items = [(f"{source}, line {r.line}", orjson.dumps(_record(body, r, source))) for r in rows]
    with transaction.atomic():
        try:
            loaded = import_items("national", [source], items, parse_jsonl, workers=1, body=body)
        except ImportFailed as exc:
            raise NationalFileError(exc.report.errors) from None
        report.created, report.updated = loaded.created, loaded.updated
        report.unchanged = loaded.unchanged
        link_rows(body, rows, report)
        if propose_missing:
            from .proposer import propose_for_body

            report.proposals = propose_for_body(body)
    return report


def _refuse_other_publishers(body: Body, rows: list[NationalRow], source: str) -> None:
    """A row naming another publisher's document (`ISO 9001:2015` in Viet Nam's file)
    would overwrite it: such rows belong in the `adopts` column."""
    keys = {canonical_key(r.identifier): r for r in rows}
    clashes = (
        Document.objects.filter(key__in=list(keys))
        .exclude(publisher=body)
        .values_list("key", "identifier", "publisher__code")
    )
    problems = [
        f"{source}, line {keys[key].line}, column identifier: {keys[key].identifier!r} is "
        f"{publisher}'s document {identifier}; list what it adopts in the adopts column"
        for key, identifier, publisher in clashes
    ]
    if problems:
        raise NationalFileError(sorted(problems))


def link_rows(body: Body, rows: list[NationalRow], report: NationalImportReport) -> None:
    """Make the links each row states (adopts) or its identifier carries."""
    docs = dict(
        Document.objects.filter(
            publisher=body, identifier__in=[r.identifier for r in rows]
        ).values_list("identifier", "id")
    )
    named: dict[int, tuple[NationalRow, list[str], str]] = {}
    for row in rows:
        if row.adopts:
            named[docs[row.identifier]] = (row, row.adopts, "imported")
        elif row.derive and (carried := linking.adopted_in_identifier(row.identifier)):
            named[docs[row.identifier]] = (row, carried, "identifier")
    dated = linking.date_supplements(t for _, adopted, _ in named.values() for t in adopted)
    named = {
        pk: (row, [dated.get(t, t) for t in adopted], how)
        for pk, (row, adopted, how) in named.items()
    }
    texts = [t for _, adopted, _ in named.values() for t in adopted]
    index = linking.EditionIndex(linking.works_named(texts))
    keys = dict(
        Document.objects.filter(key__in={canonical_key(t) for t in texts} | set(texts))
        .order_by("-pk")
        .values_list("key", "id")
    )
    existing: dict[tuple[int, str], Adoption] = {
        (a.national_id, a.adopted_key): a
        for a in Adoption.objects.filter(national_id__in=list(docs.values()))
    }
    degrees = {d.code: d for d in Degree.objects.all()}
    methods = {m.slug: m for m in AdoptionMethod.objects.all()}
    keep: set[tuple[int, str]] = set()
    new: list[Adoption] = []
    for pk, (row, adopted, how) in named.items():
        year = row.year or linking.national_year(row.identifier)
        for text in adopted:
            target = linking.resolve(text, str(year or ""), index, keys)
            if (pk, target.key) in keep:
                continue  # named twice (ISO 2049 and ISO 2049:1996 for TCVN 6023:2007)
            if target.document_id is None:
                report.unresolved.append(f"{row.identifier} → {target.identifier}")
            report.links[how] = report.links.get(how, 0) + 1
            keep.add((pk, target.key))
            # The designation "TCVN ISO ..." is kept for identical adoptions (Guide 21-1).
            degree = degrees[row.degree or "IDT"]
            values = {
                "adopted_identifier": target.identifier,
                "adopted_id": target.document_id,
                "degree": degree,
                "method": methods.get(row.method),
                "source": how,
                "status": "confirmed",
                "evidence": {"rule": target.how, "national_date": str(year or "")},
            }
            link = existing.get((pk, target.key))
            if link is None:
                new.append(Adoption(national_id=pk, adopted_key=target.key, **values))
            elif (
                link.source != "entered"
                and link.decided_by_id is None
                and not _states(link, values)
            ):
                for name, value in values.items():
                    setattr(link, name, value)
                link.save()
    created = Adoption.objects.bulk_create(new, batch_size=1000)
    AdoptionEvent.objects.bulk_create(
        [AdoptionEvent(adoption=a, action=a.source, detail={"source": "import"}) for a in created],
        batch_size=1000,
    )
    # Links an earlier import made from the same rows, that the file no longer states.
    stale = [
        a.pk
        for k, a in existing.items()
        if k not in keep and a.source in {"imported", "identifier"} and a.decided_by_id is None
    ]
    Adoption.objects.filter(pk__in=stale).delete()
    # Proposals nobody decided are moot once the file states the document's links.
    Adoption.objects.filter(
        national_id__in=list(named), status="proposed", decided_by__isnull=True
    ).exclude(source__in=["imported", "identifier"]).delete()
    signals.links_changed.send(
        Adoption,
        documents=[
            *named,
            *(a.adopted_id for a in new),
            *(a.adopted_id for a in existing.values()),
        ],
    )


def _states(link: Adoption, values: dict[str, Any]) -> bool:
    """Whether the link already says what the row says: a file imported again rewrites
    (and sends to the search outbox) only the links it changes. Related rows compare by
    key, so nothing is fetched."""
    for name, value in values.items():
        field = Adoption._meta.get_field(name)
        wanted = value.pk if isinstance(value, Model) else value
        if getattr(link, field.attname) != wanted:
            return False
    return True


def review_queue(body: Body | None = None) -> QuerySet[Adoption]:
    qs = Adoption.objects.filter(status="proposed").select_related(
        "national", "adopted", "national__publisher"
    )
    if body is not None:
        qs = qs.filter(national__publisher=body)
    return qs.order_by("national__identifier", "-score")


@transaction.atomic
def decide(
    adoption: Adoption,
    user: Any,
    action: str,
    degree: str | None = None,
    method: str | None = None,
    note: str = "",
) -> Adoption:
    """Confirm (with a degree) or reject a proposed link; the decision is kept as history."""
    if action not in {"confirm", "reject"}:
        raise AdoptionError(
            gettext("action: %(action)r is not confirm or reject") % {"action": action}
        )
    adoption = Adoption.objects.select_for_update().get(pk=adoption.pk)
    before = {"status": adoption.status, "degree": adoption.degree_id}
    if action == "confirm":
        code = (degree or "").upper()
        if not Degree.objects.filter(code=code).exists():
            raise AdoptionError(
                gettext("degree: choose IDT, MOD or NEQ (got %(degree)r)") % {"degree": degree}
            )
        adoption.degree_id = code
        adoption.status = "confirmed"
        if method:
            if not AdoptionMethod.objects.filter(slug=method).exists():
                raise AdoptionError(
                    gettext("method: unknown method %(method)r") % {"method": method}
                )
            adoption.method_id = method
    else:
        adoption.status = "rejected"
    adoption.decided_by = user if getattr(user, "is_authenticated", False) else None
    adoption.decided_at = timezone.now()
    if note:
        adoption.note = note
    adoption.save()
    AdoptionEvent.objects.create(
        adoption=adoption,
        action=action,
        by=adoption.decided_by,
        detail={"before": before, "degree": adoption.degree_id, "note": note},
    )
    return adoption


def adoptions_of(doc: Document, user: Any = None) -> dict[str, list[Adoption]]:
    """What a document adopts (proposals too, for those who may see them), and which
    national documents adopt it (confirmed links)."""
    from harmonia.accounts import policy

    related = ("national", "national__publisher", "adopted", "degree")
    adopts = list(
        policy.visible_adoptions(user, doc.adoptions.exclude(status="rejected")).select_related(
            *related
        )
    )
    adopted_by = list(
        Adoption.objects.filter(Q(adopted=doc), status="confirmed")
        .select_related(*related)
        .order_by("national__publisher__code", "national__identifier")
    )
    return {"adopts": adopts, "adopted_by": adopted_by}


def decisions_by(user: Any) -> list[dict[str, Any]]:
    """The adoption links a person confirmed or rejected, for their personal data file."""

    def iso(value: Any) -> str | None:
        return value.isoformat() if value else None

    return [
        {
            "national": a.national.identifier,
            "adopted": a.adopted_identifier,
            "status": a.status,
            "decided_at": iso(a.decided_at),
        }
        for a in Adoption.objects.filter(decided_by=user).select_related("national")
    ]
