"""Catalogue API: documents, ICS and committees (public read)."""

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.pagination import paginate

from harmonia.pagination import Pages

from . import document_parts, services
from .models import ICS, Committee, Document
from .reader_language import title_of

router = Router(tags=["catalogue"])


class DocumentFilters(Schema):
    q: str | None = Field(None, description="Text in the identifier or title")
    publisher: str | None = Field(None, description="Body code, e.g. ISO, IEC, JISC")
    type: str | None = Field(None, description="Document type slug, e.g. technical-report")
    status: str | None = Field(None, description="current, development or withdrawn")
    stage: str | None = Field(None, description="Stage (60) or stage code (60.60)")
    ics: str | None = Field(None, description="ICS code; includes its sub-codes")
    committee: str | None = Field(None, description="Committee reference; includes its SCs")
    year: int | None = Field(None, ge=1800, le=2200)


class StageOut(Schema):
    code: str
    name: str


class DocumentOut(Schema):
    identifier: str
    title: str
    publisher: str = Field(..., alias="publisher.code")
    type: str = Field(..., alias="doctype_id")
    stage: StageOut | None
    status: str
    published: str
    year: int | None
    url: str

    @staticmethod
    def resolve_url(obj: Document) -> str:
        return f"/api/v1/documents/{obj.identifier}"


class TitleOut(Schema):
    language: str
    kind: str
    content: str


class IdentifierOut(Schema):
    type: str
    value: str
    primary: bool


class RelationOut(Schema):
    type: str
    target: str
    held: bool


class AdoptionOut(Schema):
    body: str = Field(description="The adopting body's code")
    national: str = Field(description="The adopting document")
    adopted: str = Field(description="The document adopted")
    degree: str | None = Field(description="IDT, MOD or NEQ (ISO/IEC Guide 21-1)")
    method: str | None
    status: str = Field(description="confirmed, or proposed (for those who may see it)")


class DocumentDetailOut(Schema):
    identifier: str
    title: str
    publisher: str
    type: str
    stage: StageOut | None
    status: str
    published: str
    year: int | None
    copublishers: list[str]
    edition: str
    languages: list[str]
    dates: list[dict[str, str]]
    titles: list[TitleOut]
    identifiers: list[IdentifierOut]
    ics: list[str]
    committee: str | None
    base: str | None
    supplements: list[str]
    replaces: list[str]
    replaced_by: list[str]
    relations: list[RelationOut]
    links: list[dict[str, str]]
    adopts: list[AdoptionOut] = Field(
        description="The international or regional documents this one adopts"
    )
    adopted_by: list[AdoptionOut] = Field(
        description="National and regional documents that adopt this one (confirmed)"
    )


class ICSOut(Schema):
    code: str
    parent: str | None = Field(None, alias="parent_id")
    level: int
    title_en: str
    title_fr: str
    scope_en: str


class ICSNodeOut(ICSOut):
    documents: int
    children: list[ICSOut]


class CommitteeOut(Schema):
    reference: str
    title: str
    body: str | None
    documents: int


@router.get("/documents", response=list[DocumentOut], summary="List documents")
@paginate(Pages, page_size=50)
def list_documents(request: HttpRequest, filters: Query[DocumentFilters]) -> Any:
    f = services.DocumentFilter.from_params(filters.dict(exclude_none=True))
    return services.list_queryset(services.filter_documents(f))


@router.get(
    "/documents/{path:identifier}",
    response=DocumentDetailOut,
    summary="One document by identifier or URN",
)
def get_document(request: HttpRequest, identifier: str, lang: str = "") -> Any:
    """`title` is in the reader's language where held (`?lang=vi`, else the
    Accept-Language header's), else English; `titles` lists every one held."""
    detail = services.document_detail(services.get_document(identifier))
    doc = detail.document
    none: dict[str, list[Any]] = {"adopts": [], "adopted_by": []}
    adoption = document_parts.part_of("adoption", doc, request.user) or none

    def adoption_out(a: Any) -> dict[str, Any]:
        return {
            "body": a.national.publisher.code,
            "national": a.national.identifier,
            "adopted": a.adopted_identifier,
            "degree": a.degree_id,
            "method": a.method_id,
            "status": a.status,
        }

    return {
        "identifier": doc.identifier,
        "title": title_of(doc, lang[:8].lower() or None),
        "publisher": doc.publisher.code,
        "type": doc.doctype_id,
        "stage": doc.stage,
        "status": doc.status,
        "published": doc.published,
        "year": doc.year,
        "copublishers": doc.copublishers,
        "edition": doc.edition,
        "languages": doc.languages,
        "dates": doc.dates,
        "titles": [t for ts in detail.titles.values() for t in ts],
        "identifiers": detail.identifiers,
        "ics": [x.code for x in detail.ics],
        "committee": doc.committee.reference if doc.committee else None,
        "base": doc.base_identifier or None,
        "supplements": [s.identifier for s in detail.supplements],
        "replaces": [s.identifier for s in detail.replaces],
        "replaced_by": [s.identifier for s in detail.replaced_by],
        "relations": [
            {"type": r.type_id, "target": r.target_identifier, "held": r.target_id is not None}
            for r in doc.relations.all()
        ],
        "links": doc.links,
        "adopts": [adoption_out(a) for a in adoption["adopts"]],
        "adopted_by": [adoption_out(a) for a in adoption["adopted_by"]],
    }


@router.get("/ics", response=list[ICSOut], summary="ICS codes (top level, or children)")
def list_ics(request: HttpRequest, parent: str | None = None) -> Any:
    return ICS.objects.filter(parent_id=parent).order_by("code")


@router.get("/ics/{code}", response=ICSNodeOut, summary="One ICS code with its children")
def get_ics(request: HttpRequest, code: str) -> Any:
    node = ICS.objects.filter(code=code).first()
    if node is None:
        raise Http404(f"No ICS code {code!r}")
    counts = services.ics_counts()
    return {
        "code": node.code,
        "parent_id": node.parent_id,
        "level": node.level,
        "title_en": node.title_en,
        "title_fr": node.title_fr,
        "scope_en": node.scope_en,
        "documents": counts.get(node.code, 0),
        "children": list(node.children.order_by("code")),
    }


def _committee_out(c: Committee) -> dict[str, Any]:
    return {
        "reference": c.reference,
        "title": c.title,
        "body": c.body.code if c.body else None,
        "documents": getattr(c, "n", None) if hasattr(c, "n") else c.documents.count(),
    }


@router.get("/committees", response=list[CommitteeOut], summary="Committees with documents")
@paginate(Pages, page_size=100)
def list_committees(request: HttpRequest) -> Any:
    return [_committee_out(c) for c in services.committee_list()]


@router.get("/committees/{path:reference}", response=CommitteeOut, summary="One committee")
def get_committee(request: HttpRequest, reference: str) -> Any:
    committee = Committee.objects.select_related("body").filter(reference=reference).first()
    if committee is None:
        raise Http404(f"No committee {reference!r}")
    return _committee_out(committee)
