"""Tables as files for spreadsheet users: CSV in UTF-8 with a byte-order mark (without
it Excel reads Vietnamese as mojibake) and XLSX, and the download that carries either.
Every export of the app goes through here, so a rule for exported cells is made once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import Http404, HttpResponse

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows(rows)
    return "\ufeff" + out.getvalue()


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> bytes:
    return csv_text(header, rows).encode("utf-8")


def xlsx_bytes(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    sheet: str = "data",
    heading: str | None = None,
) -> bytes:
    """One sheet; `heading` is a line above the header (what the table is of)."""
    from openpyxl import Workbook

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])
    if heading:
        ws.append([heading])
    ws.append(list(header))
    for row in rows:
        ws.append(list(row))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def download(
    header: Sequence[str],
    rows: Iterable[Sequence[Any]],
    filename: str,
    fmt: str,
    sheet: str = "data",
    heading: str | None = None,
) -> HttpResponse:
    """The table as an attachment `filename.fmt`; an unknown format is a 404."""
    if fmt == "csv":
        body = csv_bytes(header, rows)
    elif fmt == "xlsx":
        body = xlsx_bytes(header, rows, sheet=sheet, heading=heading)
    else:
        raise Http404(f"No format {fmt!r}: use {' or '.join(FORMATS)}")
    response = HttpResponse(body, content_type=FORMATS[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}.{fmt}"'
    return response
