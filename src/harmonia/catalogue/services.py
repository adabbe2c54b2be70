"""Catalogue queries shared by the web views, the API and the CLI."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from typing import Any

from django.db.models import Count, Exists, Max, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext

from harmonia.identifiers import IdentifierError, canonical_key, is_urn, normalize, parse_urn
from harmonia.numbers import quantity

from .loading import display_title
from .models import ICS, Body, Committee, Document, DocumentICS, Relation, StageCode

# Stage codes of a published document that is still current: review (90.xx) and the
# withdrawal ballot until its decision (95.20, 95.60, 95.92) keep it current.
CURRENT_STAGE_CODES = ("60.60", "95.20", "95.60", "95.92")
CURRENT = Q(stage_id__in=CURRENT_STAGE_CODES) | Q(stage__code__startswith="90.")


class NoSuchBody(ValueError):
    pass


def resolve_body(code: str) -> Body:
    """A body by its code, acronym or ISO 3166 country code (`VN`, `STAMEQ`)."""
    text = code.strip()
    body = (
        Body.objects.filter(code__iexact=text).first()
        or Body.objects.filter(acronym__iexact=text).first()
        or Body.objects.filter(country_code__iexact=text, kind="national").first()
    )
    if body is None:
        raise NoSuchBody(
            gettext("body: no body with code, acronym or country code %(code)r") % {"code": code}
        )
    return body


def is_current_stage(code: str | None) -> bool:
    return bool(code) and (code in CURRENT_STAGE_CODES or str(code).startswith("90."))


STATUS_GROUPS = {
    # From the harmonized stage codes: a project is under development until 60.60
    # unless abandoned (sub-stage 98); a published document stays current through
    # review (90) and a withdrawal ballot (95.20, 95.60) or a decision not to withdraw
    # (95.92); 95.99 withdraws it.
    "development": (Q(stage__stage__lt="60") & ~Q(stage__substage="98")) | Q(stage_id="60.00"),
    "current": CURRENT,
    "withdrawn": Q(stage_id="95.99") | Q(stage__substage="98"),
}


def status_group(code: str | None) -> str:
    """The group of STATUS_GROUPS a stage code falls in, read in Python (for rows
    already loaded, such as the search index's); "" for a document without a stage."""
    if not code:
        return ""
    if is_current_stage(code):
        return "current"
    if code == "95.99" or code.endswith(".98"):
        return "withdrawn"
    if code < "60" or code == "60.00":
        return "development"
    return ""


@dataclass(frozen=True)
class DocumentFilter:
    q: str = ""
    publisher: str = ""
    doctype: str = ""
    status: str = ""
    stage: str = ""
    ics: str = ""
    committee: str = ""
    year: int | None = None

    @classmethod
    def from_params(cls, params: Any) -> DocumentFilter:
        def get(key: str) -> str:
            return str(params.get(key) or "").strip()

        year = get("year")
        return cls(
            q=get("q"),
            publisher=get("publisher"),
            doctype=get("type") or get("doctype"),
            status=get("status"),
            stage=get("stage"),
            ics=get("ics"),
            committee=get("committee"),
            year=int(year) if year.isdigit() else None,
        )

    def as_params(self) -> dict[str, str]:
        pairs = {
            "q": self.q,
            "publisher": self.publisher,
            "type": self.doctype,
            "status": self.status,
            "stage": self.stage,
            "ics": self.ics,
            "committee": self.committee,
            "year": str(self.year) if self.year else "",
        }
        return {k: v for k, v in pairs.items() if v}


def filter_documents(f: DocumentFilter) -> QuerySet[Document]:
    """Documents matching every given criterion, in identifier order."""
    qs = Document.objects.all()
    if f.publisher:
        # Copublishers count too: ISO/IEC 27001 is listed under ISO and under IEC.
        quoted = '"' + f.publisher.replace('"', "") + '"'
        qs = qs.filter(Q(publisher__code=f.publisher) | Q(copublishers__icontains=quoted))
    if f.doctype:
        qs = qs.filter(doctype_id=f.doctype)
    if f.status in STATUS_GROUPS:
        qs = qs.filter(STATUS_GROUPS[f.status])
    if f.stage:
        qs = qs.filter(stage_id=f.stage) if "." in f.stage else qs.filter(stage__stage=f.stage)
    if f.ics:
        qs = qs.filter(
            Exists(
                DocumentICS.objects.filter(document=OuterRef("pk")).filter(
                    Q(code=f.ics) | Q(code__startswith=f.ics + ".")
                )
            )
        )
    if f.committee:
        qs = qs.filter(
            Q(committee__reference=f.committee)
            | Q(committee__reference__startswith=f.committee + "/")
        )
    if f.year:
        qs = qs.filter(year=f.year)
    if f.q:
        text = normalize(f.q)
        qs = qs.filter(Q(identifier__icontains=text) | Q(title__icontains=text))
    return qs.order_by("identifier")


def list_queryset(qs: QuerySet[Document]) -> QuerySet[Document]:
    return qs.select_related("publisher", "doctype", "stage")


def facet_choices() -> dict[str, list[tuple[str, str]]]:
    """Values offered by the filter form."""
    publishers = (
        Body.objects.filter(documents__isnull=False)
        .annotate(n=Count("documents"))
        .order_by("-n", "code")
    )
    return {
        "publishers": [(b.code, f"{b.code} ({quantity(b.n)})") for b in publishers],
        "types": [
            (slug, gettext(name))
            for slug, name in Document.objects.values_list("doctype_id", "doctype__name")
            .distinct()
            .order_by("doctype__name")
        ],
        "stages": [(s.code, f"{s.code} {gettext(s.name)}") for s in StageCode.objects.all()],
    }


def get_document(identifier: str) -> Document:
    """A document by any spelling of its identifier, another of its identifiers, or a URN.

    `iso 9001:2015`, `ISO 9001:2015(E)` and `ISO  9001：2015` find ISO 9001:2015; a URN
    is looked up as written, then read (RFC 5141) and matched to the newest edition.
    """
    text = normalize(identifier)
    base = Document.objects.select_related("publisher", "doctype", "stage", "committee", "base")
    doc = base.filter(identifier=text).first()
    if doc is None and is_urn(text):
        doc = base.filter(identifiers__value__iexact=text).first()
        if doc is None:
            doc = _by_urn(base, text)
    if doc is None:
        doc = (
            base.filter(key=canonical_key(text)).order_by("pk").first()
            or base.filter(identifiers__value=text).first()
        )
    if doc is None:
        raise Http404(f"No document with identifier {text!r}")
    return doc


def _by_urn(base: QuerySet[Document], text: str) -> Document | None:
    try:
        x = parse_urn(text)
    except IdentifierError:
        return None
    plain = x.plain()
    undated = str(replace(plain, supplements=()))
    tail = str(plain)[len(undated) :]  # the supplements: /Amd 1:2024
    # The URN names the document without its year: the newest edition is meant.
    pattern = "^" + re.escape(undated) + r"(:\d{4})?" + re.escape(tail) + "$"
    return base.filter(key__regex=pattern).order_by("-year", "key").first()


@dataclass
class DocumentDetail:
    document: Document
    full_titles: list[tuple[str, str]]
    titles: dict[str, list[Any]]
    identifiers: list[Any]
    ics: list[Any]
    replaces: list[Document]
    replaced_by: list[Document]
    supplements: list[Document]
    others: list[tuple[str, str, Document | None]]


def document_detail(doc: Document) -> DocumentDetail:
    """Everything the document page shows, in a fixed number of queries."""
    titles: dict[str, list[Any]] = {}
    for t in doc.titles.all():
        titles.setdefault(t.language or "und", []).append(t)
    ics = list(DocumentICS.objects.filter(document=doc).select_related("ics").order_by("position"))
    related = Document.objects.select_related("stage")
    out = list(
        doc.relations.select_related("type").prefetch_related(Prefetch("target", queryset=related))
    )
    inbound = list(
        Relation.objects.filter(target=doc, type_id__in=["obsoletes", "updates"]).prefetch_related(
            Prefetch("document", queryset=related)
        )
    )
    supplements = list(related.filter(base=doc).order_by("identifier"))
    supplement_ids = {s.pk for s in supplements}
    replaces: dict[int, Document] = {}
    replaced_by: dict[int, Document] = {}
    others: list[tuple[str, str, Document | None]] = []
    for rel in out:
        target = rel.target
        if rel.type_id == "obsoletes" and target:
            replaces[target.pk] = target
        elif rel.type_id == "updates" and target and target.pk not in supplement_ids:
            if target.pk != (doc.base_id or 0):
                replaced_by[target.pk] = target
        elif target is None or rel.type_id not in {"obsoletes", "updates"}:
            others.append((rel.type.name, rel.target_identifier, target))
    for rel in inbound:
        source = rel.document
        if source.pk in supplement_ids or source.pk == doc.base_id:
            continue
        if rel.type_id == "updates":
            replaces.setdefault(source.pk, source)
        else:
            replaced_by.setdefault(source.pk, source)

    # A draft can be named on both sides (the old draft this edition obsoleted, the new
    # draft that will obsolete it): drafts under development belong to the future.
    for pk in set(replaces) & set(replaced_by):
        stage = replaces[pk].stage
        if stage is not None and (stage.stage < "60" or stage.code == "60.00"):
            del replaces[pk]
        else:
            del replaced_by[pk]

    def ordered(docs: dict[int, Document]) -> list[Document]:
        return sorted(docs.values(), key=lambda d: (d.published or "9999", d.identifier))

    return DocumentDetail(
        document=doc,
        full_titles=[
            (
                lang,
                display_title([{"language": "", "type": t.kind, "content": t.content} for t in ts]),
            )
            for lang, ts in titles.items()
        ],
        titles=titles,
        identifiers=list(doc.identifiers.all()),
        ics=ics,
        replaces=ordered(replaces),
        replaced_by=ordered(replaced_by),
        supplements=supplements,
        others=others,
    )


def ics_counts() -> Counter[str]:
    """Documents per ICS code, each counted at its code and every ancestor.

    Counting scans every classification row, so the result is cached until the
    classification rows change (their count or newest id; imports replace rows).
    """
    from django.core.cache import cache

    state = DocumentICS.objects.aggregate(n=Count("id"), last=Max("id"))
    key = f"catalogue:ics-counts:{state['n']}:{state['last']}"
    cached = cache.get(key)
    if cached is not None:
        return Counter(cached)
    counts = _count_ics()
    cache.set(key, dict(counts), 3600)
    return counts


def _count_ics() -> Counter[str]:
    counts: Counter[str] = Counter()
    rows = DocumentICS.objects.values("code").annotate(n=Count("document_id", distinct=True))
    for row in rows:
        code = row["code"]
        parts = code.split(".")
        for i in range(1, len(parts) + 1):
            counts[".".join(parts[:i])] += row["n"]
    return counts


def ics_children(code: str | None) -> list[tuple[ICS, int]]:
    counts = ics_counts()
    nodes = ICS.objects.filter(parent_id=code).order_by("code")
    return [(node, counts.get(node.code, 0)) for node in nodes]


def committee_list() -> QuerySet[Committee]:
    return (
        Committee.objects.select_related("body")
        .annotate(n=Count("documents"))
        .filter(n__gt=0)
        .order_by("reference")
    )


def home_counts() -> dict[str, Any]:
    by_status = {
        key: Document.objects.filter(condition).count() for key, condition in STATUS_GROUPS.items()
    }
    publishers = (
        Body.objects.annotate(n=Count("documents")).filter(n__gt=0).order_by("-n", "code")[:10]
    )
    return {
        "documents": Document.objects.count(),
        "by_status": by_status,
        "publishers": list(publishers),
        "ics": ICS.objects.count(),
        "committees": Committee.objects.count(),
        "bodies": Body.objects.count(),
    }
