"""Read a national catalogue from CSV or Excel into checked rows.

The format (README, and the template the web app offers): one row a document, a
header row naming the columns; only `identifier` and `title` are required.

    identifier, title, title_en, language, year, status, ics, adopts, degree, method,
    committee

Every problem is reported with the file, the line (the spreadsheet row) and the
column; a file with any problem imports nothing.
"""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext as _

from harmonia import spreadsheets
from harmonia.identifiers import normalize
from harmonia.numbers import quantity
from harmonia.officefiles import zip_problem

COLUMNS = (
    "identifier", "title", "title_en", "language", "year", "status", "ics", "adopts",
    "degree", "method", "committee",
)  # fmt: skip
REQUIRED = ("identifier", "title")
STATUS_WORDS = {
    "current": "current", "valid": "current", "active": "current", "in force": "current",
    "published": "current", "hiện hành": "current", "còn hiệu lực": "current",
    "withdrawn": "withdrawn", "replaced": "withdrawn", "cancelled": "withdrawn",
    "superseded": "withdrawn", "hết hiệu lực": "withdrawn", "hủy bỏ": "withdrawn",
}  # fmt: skip
_ICS = re.compile(r"^\d{2}(\.\d{3}(\.\d{2})?)?$")
_LANGUAGE = re.compile(r"^[a-z]{2,3}$")
_SPLIT = re.compile(r"\s*;\s*")

TEMPLATE_ROWS = [
    {
        "identifier": "TCVN ISO 9001:2015",
        "title": "Hệ thống quản lý chất lượng – Các yêu cầu",
        "title_en": "Quality management systems – Requirements",
        "language": "vi",
        "year": "2015",
        "status": "current",
        "ics": "03.120.10",
        "adopts": "ISO 9001:2015",
        "degree": "IDT",
        "method": "translation",
        "committee": "TCVN/TC 176",
    },
    {
        "identifier": "TCVN 5502:2003",
        "title": "Nước cấp sinh hoạt – Yêu cầu chất lượng",
        "title_en": "Domestic supply water – Quality requirements",
        "language": "vi",
        "year": "2003",
        "status": "current",
        "ics": "13.060.20",
        "adopts": "",
        "degree": "",
        "method": "",
        "committee": "",
    },
]


class NationalFileError(ValueError):
    """A problem in the file; the message names the file, line and column."""

    def __init__(self, problems: list[str]) -> None:
        more = (
            " " + _("(and %(n)s more)") % {"n": quantity(len(problems) - 1)}
            if len(problems) > 1
            else ""
        )
        super().__init__(f"{problems[0]}{more}")
        self.problems = problems


@dataclass
class NationalRow:
    line: int
    identifier: str
    title: str
    title_en: str = ""
    language: str = ""
    year: int | None = None
    status: str = "current"
    ics: list[str] = field(default_factory=list)
    adopts: list[str] = field(default_factory=list)
    degree: str = ""
    method: str = ""
    committee: str = ""
    # False where the source knows the document adopts nothing (CEN's own amendments),
    # though its identifier names an international document.
    derive: bool = True


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # Excel keeps 2015 as 2015.0
    return normalize(str(value))


# A national catalogue is some thousands of rows (TCVN: about 13,000): far under these.
MAX_FILE_BYTES = 64 * 1024 * 1024
MAX_ROWS = 500_000


def check_file_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        raise NationalFileError(
            [
                _("%(path)s: %(size)s bytes; a catalogue file may have %(max)s MiB")
                % {"path": path, "size": quantity(size), "max": MAX_FILE_BYTES // 2**20}
            ]
        )


def _check_xlsx(path: Path) -> None:
    problem = zip_problem(path)
    if problem:
        raise NationalFileError([problem])


def _too_many_rows(path: Path, count: int) -> None:
    if count > MAX_ROWS:
        raise NationalFileError(
            [_("%(path)s: more than %(n)s rows") % {"path": path, "n": quantity(MAX_ROWS)}]
        )


def read_table(path: Path) -> list[tuple[int, dict[str, str]]]:
    """(line, {column: text}) for every non-empty row of a CSV or XLSX file."""
    check_file_size(path)
    name = path.name.lower()
    if name.endswith((".xlsx", ".xlsm")):
        return _read_xlsx(path)
    if not name.endswith((".csv", ".tsv", ".txt")):
        raise NationalFileError([_("%(path)s: not a CSV or Excel (.xlsx) file") % {"path": path}])
    raw = path.read_bytes()
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise NationalFileError(
            [
                _("%(path)s, line %(line)s: not UTF-8 text (save the file as CSV UTF-8)")
                % {"path": path, "line": line}
            ]
        ) from None
    if "\x00" in text:
        line = text[: text.index("\x00")].count("\n") + 1
        raise NationalFileError(
            [
                _("%(path)s, line %(line)s: a NUL character (not a text file?)")
                % {"path": path, "line": line}
            ]
        )
    sample = text[:4096]
    delimiter = max((",", ";", "\t"), key=lambda d: sample.split("\n", 1)[0].count(d))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    rows = []
    header: list[str] | None = None
    try:
        for cells in reader:
            if header is None:
                header = [c.strip().lower() for c in cells]
                continue
            if any(c.strip() for c in cells):
                values = (_cell(c) for c in cells)
                rows.append((reader.line_num, dict(zip(header, values, strict=False))))
                _too_many_rows(path, len(rows))
    except csv.Error as exc:  # a NUL byte, a field over the csv module's 128 kB limit
        raise NationalFileError(
            [
                _("%(path)s, line %(line)s: %(problem)s")
                % {"path": path, "line": reader.line_num, "problem": exc}
            ]
        ) from None
    if header is None:
        raise NationalFileError([_("%(path)s: empty file") % {"path": path}])
    _check_header(path, header)
    return rows


def _read_xlsx(path: Path) -> list[tuple[int, dict[str, str]]]:
    from openpyxl import load_workbook

    _check_xlsx(path)
    try:
        book = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise NationalFileError(
            [
                _("%(path)s: not a readable Excel file (%(problem)s)")
                % {"path": path, "problem": exc}
            ]
        ) from None
    sheet = book.worksheets[0]
    rows = []
    header: list[str] | None = None
    for number, cells in enumerate(sheet.iter_rows(values_only=True), start=1):
        if header is None:
            header = [_cell(c).lower() for c in cells]
            continue
        values = [_cell(c) for c in cells]
        if any(values):
            rows.append((number, dict(zip(header, values, strict=False))))
            _too_many_rows(path, len(rows))
    book.close()
    if header is None:
        raise NationalFileError([_("%(path)s: empty sheet") % {"path": path}])
    _check_header(path, header)
    return rows


def _check_header(path: Path, header: list[str]) -> None:
    unknown = [c for c in header if c and c not in COLUMNS]
    if unknown:
        raise NationalFileError(
            [
                _("%(path)s, line 1: unknown column %(column)r; columns are %(columns)s")
                % {"path": path, "column": unknown[0], "columns": ", ".join(COLUMNS)}
            ]
        )
    missing = [c for c in REQUIRED if c not in header]
    if missing:
        raise NationalFileError(
            [
                _("%(path)s, line 1: column %(column)r is missing")
                % {"path": path, "column": missing[0]}
            ]
        )


def check_rows(
    path: Path, table: list[tuple[int, dict[str, str]]], degrees: set[str], methods: set[str]
) -> list[NationalRow]:
    """Checked rows, or NationalFileError listing every problem."""
    problems: list[str] = []
    rows: list[NationalRow] = []
    seen: dict[str, int] = {}

    def bad(line: int, column: str, message: str) -> None:
        problems.append(
            _("%(path)s, line %(line)s, column %(column)s: %(problem)s")
            % {"path": path, "line": line, "column": column, "problem": message}
        )

    for line, cells in table:
        identifier = cells.get("identifier", "")
        title = cells.get("title", "")
        if not identifier:
            bad(line, "identifier", _("empty"))
            continue
        if identifier.upper() in seen:
            bad(
                line,
                "identifier",
                _("%(value)r is already on line %(line)s")
                % {"value": identifier, "line": seen[identifier.upper()]},
            )
            continue
        seen[identifier.upper()] = line
        if not title:
            bad(line, "title", _("empty"))
        row = NationalRow(line, identifier, title, title_en=cells.get("title_en", ""))
        language = cells.get("language", "").lower()
        if language and not _LANGUAGE.match(language):
            bad(
                line,
                "language",
                _("%(value)r is not a language code such as vi or en") % {"value": language},
            )
        row.language = language
        year = cells.get("year", "")
        if year:
            if not (year.isdigit() and 1900 <= int(year) <= 2100):
                bad(line, "year", _("%(value)r is not a year") % {"value": year})
            else:
                row.year = int(year)
        status = cells.get("status", "").lower()
        if status:
            if status not in STATUS_WORDS:
                bad(line, "status", _("%(value)r: use current or withdrawn") % {"value": status})
            else:
                row.status = STATUS_WORDS[status]
        for code in (c for c in re.split(r"[;,\s]+", cells.get("ics", "")) if c):
            if not _ICS.match(code):
                bad(
                    line,
                    "ics",
                    _("%(value)r is not an ICS code such as 03.120.10") % {"value": code},
                )
            row.ics.append(code)
        row.adopts = [a for a in _SPLIT.split(cells.get("adopts", "")) if a]
        degree = cells.get("degree", "").upper()
        if degree and degree not in degrees:
            bad(
                line,
                "degree",
                _("%(value)r: use %(choices)s")
                % {"value": degree, "choices": ", ".join(sorted(degrees))},
            )
        if row.adopts and not degree:
            bad(line, "degree", _("required when adopts is given (IDT, MOD or NEQ)"))
        if degree and not row.adopts:
            bad(line, "adopts", _("empty, but a degree is given"))
        row.degree = degree
        method = cells.get("method", "").lower().replace(" ", "-")
        if method and method not in methods:
            bad(
                line,
                "method",
                _("%(value)r: use %(choices)s")
                % {"value": method, "choices": ", ".join(sorted(methods))},
            )
        row.method = method
        row.committee = cells.get("committee", "")
        rows.append(row)
    if not table:
        problems.append(_("%(path)s: no rows under the header") % {"path": path})
    if problems:
        raise NationalFileError(problems)
    return rows


def template_rows() -> list[list[str]]:
    return [[row[c] for c in COLUMNS] for row in TEMPLATE_ROWS]


def template_csv() -> str:
    return spreadsheets.csv_text(COLUMNS, template_rows())


def template_xlsx() -> bytes:
    return spreadsheets.xlsx_bytes(COLUMNS, template_rows(), sheet="catalogue")
