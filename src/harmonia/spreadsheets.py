"""Tables as files for spreadsheet users: CSV in UTF-8 with a byte-order mark (without
it Excel reads Vietnamese as mojibake) and XLSX, and the download that carries either.
Every export of the app goes through here, so a rule for exported cells is made once."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from typing import Any

from django.http import Http404, HttpResponse

# A cell starting with one of these is run as a formula by Excel, LibreOffice and Google
# Sheets when a CSV is opened (OWASP "CSV injection"): such text gets a leading
# apostrophe in CSV, and is stored as a text cell (never a formula) in XLSX.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

FORMATS = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def defused(value: Any) -> Any:
    """`value` as a CSV cell that no spreadsheet runs as a formula."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def csv_text(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([defused(v) for v in header])
    writer.writerows([defused(v) for v in row] for row in rows)
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
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

    book = Workbook(write_only=True)
    ws = book.create_sheet(sheet[:31])

    def cells(values: Iterable[Any]) -> list[Any]:
        out = []
        for value in values:
            if isinstance(value, str):
                # XML 1.0 cannot hold most control characters: openpyxl refuses them.
                value = ILLEGAL_CHARACTERS_RE.sub("", value)
            if isinstance(value, str) and value.startswith(FORMULA_STARTS):
                cell = WriteOnlyCell(ws, value=value)
                cell.data_type = "s"  # text, whatever it starts with
                out.append(cell)
            else:
                out.append(value)
        return out

    if heading:
        ws.append(cells([heading]))
    ws.append(cells(header))
    for row in rows:
        ws.append(cells(row))
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
