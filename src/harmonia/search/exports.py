"""Any result list as CSV or Excel: every match, not just the page shown."""

from __future__ import annotations

import csv
import io
from dataclasses import replace

from django.http import HttpResponse

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


def to_csv(request: SearchRequest) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(rows(request))
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")


def to_xlsx(request: SearchRequest) -> bytes:
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    sheet = book.create_sheet("search")
    sheet.append([f"Harmonia search: {request.q}"])
    sheet.append(list(COLUMNS))
    for row in rows(request):
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(request: SearchRequest, format: str) -> HttpResponse:
    """The file of `to_xlsx` for `xlsx`, else of `to_csv`, as an attachment."""
    if format == "xlsx":
        body = to_xlsx(request)
        kind = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        body, kind, format = to_csv(request), "text/csv; charset=utf-8", "csv"
    response = HttpResponse(body, content_type=kind)
    response["Content-Disposition"] = f'attachment; filename="harmonia-search.{format}"'
    return response
