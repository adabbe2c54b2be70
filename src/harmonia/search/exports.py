"""Any result list as CSV or Excel: every match, not just the page shown."""

from __future__ import annotations

from dataclasses import replace

from django.http import HttpResponse

from harmonia import spreadsheets

from .query import SearchRequest
from .service import search

COLUMNS = ("identifier", "title", "publisher", "type", "status", "year", "score")
EXPORT_LIMIT = 10_000


def rows(request: SearchRequest) -> list[list[object]]:
    out: list[list[object]] = []
    page = 1
    while len(out) < EXPORT_LIMIT:
        found = search(replace(request, page=page, per_page=100, facets=False))
        for r in found.results:
            h = r.hit
            out.append(
                [
                    h.identifier,
                    h.title,
                    h.publisher,
                    h.doctype,
                    h.status,
                    h.year or "",
                    round(h.score, 3),
                ]
            )
        if page >= found.pages or not found.results:
            break
        page += 1
    return out[:EXPORT_LIMIT]


def download(request: SearchRequest, format: str) -> HttpResponse:
    """Every match (up to EXPORT_LIMIT) as a CSV or XLSX attachment."""
    heading = f"Harmonia search: {request.q}"
    return spreadsheets.download(
        COLUMNS, rows(request), "harmonia-search", format, sheet="search", heading=heading
    )
