"""Search API: ranked search with facets, and suggestions for autocomplete."""

from typing import Any, Literal

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from pydantic import BaseModel

from . import exports, service
from .query import FACETS

router = Router(tags=["search"])


class SearchParams(Schema):
    q: str = Field("", description="Words, an identifier (whole or partial) or a URN")
    publisher: list[str] = Field([], description="Body codes (ISO, IEC, STAMEQ...)")
    type: list[str] = Field([], description="Document type slugs")
    status: list[str] = Field([], description="current, development or withdrawn")
    ics: list[str] = Field([], description="ICS codes, any depth (03, 03.120.10)")
    committee: list[str] = Field([], description="Technical committees (ISO/TC 176)")
    year: list[str] = Field([], description="Years")
    language: list[str] = Field([], description="Languages of the titles (en, fr, vi, ja)")
    lang: str = Field(
        "",
        description="Titles in this language where held (en, vi), else English; "
        "without it, the Accept-Language header's",
    )
    sort: str = Field("relevance", description="relevance, newest or oldest")
    page: int = Field(1, ge=1, le=10_000)
    per_page: int = Field(20, ge=1, le=service.MAX_PER_PAGE)


# The answers are built as dicts: plain pydantic models validate them without ninja's
# Schema reading each field through its ORM getter (4 ms for a page with its facets'
# 1,000 values).
class HitOut(BaseModel):
    identifier: str
    title: str
    publisher: str
    type: str
    status: str
    year: int | None
    score: float
    url: str
    highlight: str = Field(description="The title with matched words in <mark>")


class FacetValue(BaseModel):
    value: str
    count: int


class SearchOut(BaseModel):
    q: str
    total: int
    page: int
    pages: int
    results: list[HitOut]
    facets: dict[str, list[FacetValue]]


class SuggestOut(BaseModel):
    identifier: str
    title: str
    url: str


def _marked(pieces: list[tuple[str, bool]]) -> str:
    from django.utils.html import escape

    return "".join(f"<mark>{escape(t)}</mark>" if hit else escape(t) for t, hit in pieces)


def _params(request: HttpRequest, params: SearchParams) -> service.SearchRequest:
    # Repeated or comma-separated facet values, as the web app sends them.
    return service.request_from_params(request.GET)


@router.get("/search", response=SearchOut, summary="Search documents")
def search(request: HttpRequest, params: Query[SearchParams]) -> Any:
    """Identifier-aware ranked search: the exact document first, then its other editions,
    amendments and national adoptions; words are matched without case or diacritics and
    with typo tolerance. Facets count each value with the other facets' filters applied."""
    found = service.search(_params(request, params))
    return {
        "q": found.request.q,
        "total": found.total,
        "page": found.request.page,
        "pages": found.pages,
        "results": [
            {
                "identifier": r.hit.identifier,
                "title": r.hit.title,
                "publisher": r.hit.publisher,
                "type": r.hit.doctype,
                "status": r.hit.status,
                "year": r.hit.year or None,
                "score": r.hit.score,
                "url": f"/api/v1/documents/{r.hit.identifier}",
                "highlight": _marked(r.snippet),
            }
            for r in found.results
        ],
        "facets": {
            name: [{"value": v, "count": n} for v, n in found.facets.get(name, [])]
            for name in FACETS
            if name in found.facets
        },
    }


@router.get("/search/export", summary="Every match as CSV or Excel")
def export(
    request: HttpRequest, params: Query[SearchParams], format: Literal["csv", "xlsx"] = "csv"
) -> Any:
    return exports.download(_params(request, params), format)


@router.get("/suggest", response=list[SuggestOut], summary="Suggestions as you type")
def suggest(request: HttpRequest, q: str = "", limit: int = Query(8, ge=1, le=20)) -> Any:
    return [
        {"identifier": h.identifier, "title": h.title, "url": f"/documents/{h.identifier}/"}
        for h in service.suggest(q, limit)
    ]
