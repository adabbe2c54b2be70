"""The ISO commenting template ("Template for comments and secretariat observations")
as .docx and .xlsx: reading its table into rows, and writing rows back in its layout.

The reader and the writer share only the column list. The reader finds the table by
its header (the template's footnote marks and "(e.g. 3.1)" hints are ignored, and the
older template without a line-number column is read too) and names the row of every
problem: a missing column, merged cells, an unknown type of comment. No Django here:
the caller passes the allowed types and resolutions.
"""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.utils.translation import gettext

from harmonia.numbers import quantity
from harmonia.officefiles import zip_problem

# (field, the template's column heading)
COLUMNS: tuple[tuple[str, str], ...] = (
    ("member_body", "MB/NC"),
    ("line", "Line number"),
    ("clause", "Clause/Subclause"),
    ("element", "Paragraph/Figure/Table/Note"),
    ("type", "Type of comment"),
    ("text", "Comments"),
    ("proposed_change", "Proposed change"),
    ("observations", "Observations of the secretariat"),
)
HEADINGS = dict(COLUMNS)
# The template before 2014 had no line numbers; observations may be left off by a member.
OPTIONAL = {"line", "observations"}
TITLE = "Template for comments and secretariat observations"
NOTES = (
    "MB = Member body / NC = National Committee (enter the ISO 3166 two-letter country "
    "code, e.g. CN for China; comments from the ISO/CS editing unit are identified by **)",
    "Type of comment: ge = general, te = technical, ed = editorial",
)
MAX_BYTES = 32 * 1024 * 1024
MAX_ROWS = 20_000


class TemplateError(ValueError):
    pass


@dataclass
class TemplateRow:
    row: int  # the row in the file's table or sheet, header included, from 1
    member_body: str = ""
    line: str = ""
    clause: str = ""
    element: str = ""
    type: str = ""
    text: str = ""
    proposed_change: str = ""
    observations: str = ""
    resolution: str = ""  # a resolution slug read from the start of the observations

    def values(self) -> dict[str, str]:
        return {name: getattr(self, name) for name, _ in COLUMNS}


@dataclass
class Sheet:
    """What a template file holds besides its rows."""

    document: str = ""
    date: str = ""
    rows: list[TemplateRow] = field(default_factory=list)


# -- reading ----------------------------------------------------------------------------


def _key(heading: str) -> str:
    text = unicodedata.normalize("NFKC", heading).lower()
    text = re.sub(r"\(.*?\)", "", text)  # "(e.g. 17)"
    text = re.sub(r"[\d*¹²³⁴]+", "", text)  # footnote marks
    return re.sub(r"[^a-z/]", "", text)


def _column_of(heading: str) -> str | None:
    k = _key(heading)
    if not k:
        return None
    if k.startswith(("mb/nc", "mb", "nc")):
        return "member_body"
    for prefix, name in (
        ("line", "line"),
        ("clause", "clause"),
        ("paragraph", "element"),
        ("typeofcomment", "type"),
        ("type", "type"),
        ("comment", "text"),
        ("proposed", "proposed_change"),
        ("observation", "observations"),
        ("secretariat", "observations"),
    ):
        if k.startswith(prefix):
            return name
    return None


def _header(cells: Sequence[str]) -> dict[int, str]:
    found: dict[int, str] = {}
    for i, text in enumerate(cells):
        name = _column_of(text or "")
        if name and name not in found.values():
            found[i] = name
    return found


def _missing(header: dict[int, str]) -> list[str]:
    return [HEADINGS[n] for n, _ in COLUMNS if n not in OPTIONAL and n not in header.values()]


def _clean(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = unicodedata.normalize("NFC", str(value)).replace("\r\n", "\n").replace("\r", "\n")
    return text.strip()


def _row(
    where: str,
    number: int,
    header: dict[int, str],
    cells: Sequence[str],
    types: Iterable[str],
    resolutions: dict[str, str],
) -> TemplateRow | None:
    values = {name: _clean(cells[i]) if i < len(cells) else "" for i, name in header.items()}
    # Members' files come with the MB/NC column filled down rows they never used.
    if not any(v for k, v in values.items() if k != "member_body"):
        return None
    row = TemplateRow(row=number, **values)
    kind = row.type.lower().strip(" .")
    allowed = list(types)
    if not kind:
        raise TemplateError(
            gettext("%(where)s, row %(number)s: the type of comment is empty (%(values)s)")
            % {"where": where, "number": number, "values": "/".join(allowed)}
        )
    if kind not in allowed:
        raise TemplateError(
            gettext("%(where)s, row %(number)s: type of comment %(type)r is not one of %(values)s")
            % {"where": where, "number": number, "type": row.type, "values": ", ".join(allowed)}
        )
    row.type = kind
    if not row.text:
        raise TemplateError(
            gettext("%(where)s, row %(number)s: the comment is empty")
            % {"where": where, "number": number}
        )
    row.observations, row.resolution = split_observations(row.observations, resolutions)
    return row


def split_observations(text: str, resolutions: dict[str, str]) -> tuple[str, str]:
    """("the observations", "resolution slug") from "Accepted in principle: the observations";
    `resolutions` maps each resolution's name to its slug. The longest name is tried first."""
    lowered = text.lower()
    for name in sorted(resolutions, key=len, reverse=True):
        n = name.lower()
        if lowered == n or (lowered.startswith(n) and lowered[len(n) : len(n) + 1] in (":", ".")):
            return text[len(n) + 1 :].strip(), resolutions[name]
    return text, ""


def _check_file(path: Path, kind: str) -> None:
    size = path.stat().st_size
    if size > MAX_BYTES:
        raise TemplateError(
            gettext("%(path)s: %(size)s bytes; a comment file may have %(value)s MiB")
            % {"path": path, "size": quantity(size), "value": MAX_BYTES // 2**20}
        )
    problem = zip_problem(path, kind)
    if problem:
        raise TemplateError(problem)


def read(path: Path, types: Iterable[str], resolutions: dict[str, str]) -> Sheet:
    """The rows of a template in `path` (.docx or .xlsx); TemplateError names what is wrong."""
    suffix = path.suffix.lower()
    types = list(types)
    if suffix == ".docx":
        _check_file(path, "Word")
        return _read_docx(path, types, resolutions)
    if suffix in (".xlsx", ".xlsm"):
        _check_file(path, "Excel")
        return _read_xlsx(path, types, resolutions)
    raise TemplateError(
        gettext("%(path)s: not a .docx or .xlsx commenting template") % {"path": path}
    )


def _docx_cells(path: Path, row: Any, number: int) -> list[str]:
    seen: set[int] = set()
    out = []
    for cell in row.cells:
        tc = cell._tc
        if id(tc) in seen or tc.vMerge is not None:
            raise TemplateError(
                gettext(
                    "%(path)s, row %(number)s: merged cells; the template needs one cell per column"
                )
                % {"path": path, "number": number}
            )
        seen.add(id(tc))
        out.append(cell.text)
    return out


def _read_docx(path: Path, types: list[str], resolutions: dict[str, str]) -> Sheet:
    import docx
    from docx.opc.exceptions import PackageNotFoundError

    try:
        document = docx.Document(str(path))
    except (PackageNotFoundError, KeyError, ValueError, OSError) as exc:
        raise TemplateError(
            gettext("%(path)s: not a readable Word file (%(exc)s)") % {"path": path, "exc": exc}
        ) from None
    except Exception as exc:  # lxml and zipfile raise many kinds for a damaged file
        raise TemplateError(
            gettext("%(path)s: not a readable Word file (%(exc)s)") % {"path": path, "exc": exc}
        ) from None
    best: tuple[int, list[str]] | None = None
    sheet = Sheet()
    for table in document.tables:
        rows = table.rows
        if not rows:
            continue
        header = _header([c.text for c in rows[0].cells])
        missing = _missing(header)
        if missing:
            if best is None or len(missing) < len(best[1]):
                best = (len(header), missing)
            _meta(sheet, [c.text for c in rows[0].cells])
            continue
        if len(rows) > MAX_ROWS:
            raise TemplateError(
                gettext("%(path)s: more than %(MAX_ROWS)s rows")
                % {"path": path, "MAX_ROWS": quantity(MAX_ROWS)}
            )
        for number, row in enumerate(rows[1:], start=2):
            got = _row(
                str(path), number, header, _docx_cells(path, row, number), types, resolutions
            )
            if got is not None:
                sheet.rows.append(got)
        return sheet
    raise _no_table(path, best)


def _no_table(path: Path, best: tuple[int, list[str]] | None) -> TemplateError:
    if best is None:
        names = ", ".join(HEADINGS[n] for n, _ in COLUMNS if n not in OPTIONAL)
        return TemplateError(f"{path}: no table with the template's columns ({names})")
    return TemplateError(
        f"{path}, row 1: the template's table has no column {', '.join(repr(m) for m in best[1])}"
    )


def _meta(sheet: Sheet, cells: Sequence[Any]) -> None:
    """'Date: …' and 'Document: …' above the table."""
    for cell in cells:
        text = _clean(cell)
        low = text.lower()
        if low.startswith("date") and not sheet.date:
            sheet.date = text.partition(":")[2].strip()
        elif low.startswith("document") and not sheet.document:
            sheet.document = text.partition(":")[2].strip()


def _read_xlsx(path: Path, types: list[str], resolutions: dict[str, str]) -> Sheet:
    from openpyxl import load_workbook

    try:
        book = load_workbook(path, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise TemplateError(
            gettext("%(path)s: not a readable Excel file (%(exc)s)") % {"path": path, "exc": exc}
        ) from None
    ws = book.worksheets[0]
    if ws.max_row > MAX_ROWS:
        raise TemplateError(
            gettext("%(path)s: more than %(MAX_ROWS)s rows")
            % {"path": path, "MAX_ROWS": quantity(MAX_ROWS)}
        )
    sheet = Sheet()
    header: dict[int, str] | None = None
    best: tuple[int, list[str]] | None = None
    start = 0
    for number, cells in enumerate(ws.iter_rows(values_only=True), start=1):
        texts = [_clean(c) for c in cells]
        if header is None:
            found = _header(texts)
            missing = _missing(found)
            if not missing:
                header, start = found, number
                continue
            if found and (best is None or len(missing) < len(best[1])):
                best = (len(found), missing)
            _meta(sheet, texts)
            if number >= 30:
                break
            continue
        merged = [r for r in ws.merged_cells.ranges if r.min_row <= number <= r.max_row]
        if merged:
            raise TemplateError(
                gettext(
                    "%(path)s, row %(number)s: merged cells (%(coord)s); the template "
                    "needs one cell per column"
                )
                % {"path": path, "number": number, "coord": merged[0].coord}
            )
        got = _row(str(path), number, header, texts, types, resolutions)
        if got is not None:
            sheet.rows.append(got)
    book.close()
    if header is None:
        raise _no_table(path, best)
    for r in ws.merged_cells.ranges:
        if r.max_row == start:
            raise TemplateError(
                gettext("%(path)s, row %(start)s: merged cells in the header (%(coord)s)")
                % {"path": path, "start": start, "coord": r.coord}
            )
    return sheet


# -- writing ----------------------------------------------------------------------------


def observations_cell(observations: str, resolution_name: str) -> str:
    """The secretariat's column: the resolution first, so the file says it and reads back."""
    if resolution_name and observations:
        return f"{resolution_name}: {observations}"
    return resolution_name or observations


def _cells(row: TemplateRow, resolution_name: str) -> list[str]:
    values = row.values()
    values["observations"] = observations_cell(row.observations, resolution_name)
    return [values[name] for name, _ in COLUMNS]


def write_docx(sheet: Sheet, resolution_names: dict[str, str]) -> bytes:
    """The rows in the template's layout: a landscape page, the date and document above
    a table of the eight columns, the notes below. `resolution_names`: slug -> name."""
    import docx
    from docx.enum.section import WD_ORIENT
    from docx.shared import Cm, Pt

    document = docx.Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Cm(29.7), Cm(21.0)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Cm(1.5))
    document.styles["Normal"].font.size = Pt(9)
    document.add_heading(TITLE, level=1)
    head = document.add_table(rows=1, cols=2)
    head.rows[0].cells[0].text = f"Date: {sheet.date}"
    head.rows[0].cells[1].text = f"Document: {sheet.document}"
    table = document.add_table(rows=1, cols=len(COLUMNS))
    table.style = "Table Grid"
    for cell, (_, heading) in zip(table.rows[0].cells, COLUMNS, strict=True):
        cell.text = heading
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for row in sheet.rows:
        cells = table.add_row().cells
        for cell, value in zip(
            cells, _cells(row, resolution_names.get(row.resolution, "")), strict=True
        ):
            cell.text = _xml_safe(value)
    for note in NOTES:
        document.add_paragraph(note)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_xlsx(sheet: Sheet, resolution_names: dict[str, str]) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    from harmonia.spreadsheets import FORMULA_STARTS

    book = Workbook()
    ws = book.active
    ws.title = "Comments"
    ws.append([TITLE])
    ws.append([f"Date: {sheet.date}", f"Document: {sheet.document}"])
    for note in NOTES:
        ws.append([note])
    ws.append([heading for _, heading in COLUMNS])
    header_row = ws.max_row
    for cell in ws[header_row]:
        cell.font = Font(bold=True)
    wrap = Alignment(wrap_text=True, vertical="top")  # one style object for every cell
    for row in sheet.rows:
        ws.append([_xml_safe(v) for v in _cells(row, resolution_names.get(row.resolution, ""))])
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str) and cell.value.startswith(FORMULA_STARTS):
                cell.data_type = "s"  # text, never a formula
            cell.alignment = wrap
    for letter, width in zip("ABCDEFGH", (8, 8, 12, 16, 9, 50, 50, 40), strict=True):
        ws.column_dimensions[letter].width = width
    ws.freeze_panes = f"A{header_row + 1}"
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")


def _xml_safe(value: str) -> str:
    """XML 1.0 cannot hold most control characters; Word and Excel files are XML."""
    return _ILLEGAL.sub("", value)
