"""The ISO commenting template as .docx and .xlsx: a 50-comment file round-trips, a
hand-made template like ISO's is read, and a malformed one is refused naming the row
with nothing written."""

from __future__ import annotations

from pathlib import Path

import docx
import pytest
from openpyxl import Workbook, load_workbook

from harmonia.comments import iso_template, services
from harmonia.comments.models import Comment, CommentEvent

from .conftest import fill

pytestmark = pytest.mark.django_db

FIELDS = ["member_body", "line", "clause", "element", "type_id", "text", "proposed_change"]


def as_rows(comments) -> list[tuple]:
    return [(*(getattr(c, f) for f in FIELDS), c.observations, c.resolution_id) for c in comments]


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_fifty_comments_round_trip(setup, draft, fmt, tmp_path):
    made = fill(draft, setup.experts[0])
    services.resolve(setup.secretary, made[3], "accepted-in-principle", "Sửa lại: xem 4.1.")
    services.resolve(setup.secretary, made[7], "noted", "")
    services.resolve(setup.secretary, made[9], "", "Observations without a resolution.")
    path = tmp_path / f"comments.{fmt}"
    path.write_bytes(services.export(draft, fmt))

    again = services.open_set(
        setup.secretary, body=setup.body, committee=setup.committee, reference="copy", title="t"
    )
    assert services.import_file(setup.secretary, again, path) == 50
    before = as_rows(draft.comments.order_by("position"))
    after = as_rows(again.comments.order_by("position"))
    assert after == before
    assert any("\n" in row[5] for row in after)  # a comment of two lines stays two lines
    assert any(row[5].startswith("=SUM") for row in after)  # text, not a formula
    assert ("Sửa lại: xem 4.1.", "accepted-in-principle") in [row[-2:] for row in after]
    assert CommentEvent.objects.filter(comment__comment_set=again, what="created").count() == 50


def test_the_docx_is_in_the_template_layout(setup, draft):
    fill(draft, setup.experts[0], n=3)
    document = docx.Document(__import__("io").BytesIO(services.export(draft, "docx")))
    table = document.tables[-1]
    assert [c.text for c in table.rows[0].cells] == [h for _, h in iso_template.COLUMNS]
    assert len(table.rows) == 4
    assert document.sections[0].page_width > document.sections[0].page_height  # landscape
    assert any("ge = general" in p.text for p in document.paragraphs)


def iso_like_docx(path: Path, rows: list[list[str]], header: list[str] | None = None) -> Path:
    """A file like the template ISO publishes: a table for date and document, then the
    comments' table with footnote marks and examples in its headings."""
    document = docx.Document()
    top = document.add_table(rows=1, cols=3)
    meta = ["Date: 2026-11-30", "Document: ISO/DIS 9001", "Project: 9001"]
    for cell, text in zip(top.rows[0].cells, meta, strict=True):
        cell.text = text
    header = header or [
        "MB/NC¹",
        "Line number\n(e.g. 17)",
        "Clause/ Subclause\n(e.g. 3.1)",
        "Paragraph/ Figure/ Table/ Note\n(e.g. Table 1)",
        "Type of comment²",
        "Comments",
        "Proposed change",
        "Observations of the secretariat",
    ]
    table = document.add_table(rows=1, cols=len(header))
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.text = text
    for values in rows:
        for cell, text in zip(table.add_row().cells, values, strict=False):
            cell.text = text
    document.save(path)
    return path


ROWS = [
    ["VN", "17", "3.1", "", "ge", "Định nghĩa chưa rõ.", "Bổ sung ví dụ.", ""],
    ["VN", "", "", "", "", "", "", ""],  # an empty row is passed over
    ["VN", "42", "4.1", "Table 1", "TE", "Wrong unit.", "Use kPa.", "Accepted: done"],
    ["VN", "90", "5", "", "ed", "Typo.", "", "Not accepted: the spelling is ISO's"],
]


def test_an_iso_like_template_is_read(setup, draft, tmp_path):
    path = iso_like_docx(tmp_path / "ISO_DIS_9001_VN.docx", ROWS)
    sheet = iso_template.read(path, ["ge", "te", "ed"], services._resolution_names())
    assert (sheet.document, sheet.date) == ("ISO/DIS 9001", "2026-11-30")
    assert [(r.row, r.type, r.resolution) for r in sheet.rows] == [
        (2, "ge", ""),
        (4, "te", "accepted"),
        (5, "ed", "not-accepted"),
    ]
    assert sheet.rows[2].observations == "the spelling is ISO's"
    assert services.import_file(setup.secretary, draft, path) == 3


def test_the_older_template_without_line_numbers_is_read(setup, draft, tmp_path):
    header = ["MB", "Clause No./ Subclause No./ Annex", "Paragraph/ Figure/ Table/",
              "Type of comment", "Comment (justification for change)", "Proposed change",
              "Secretariat observations"]  # fmt: skip
    path = iso_like_docx(tmp_path / "old.docx", [["VN", "3.1", "", "te", "x", "y", ""]], header)
    assert services.import_file(setup.secretary, draft, path) == 1
    assert draft.comments.get().clause == "3.1"


def refused(setup, draft, path: Path, *expected: str) -> None:
    fill(draft, setup.experts[0], n=2)
    before = (Comment.objects.count(), CommentEvent.objects.count())
    with pytest.raises((iso_template.TemplateError, services.CommentError)) as err:
        services.import_file(setup.secretary, draft, path)
    for text in expected:
        assert text in str(err.value)
    assert (Comment.objects.count(), CommentEvent.objects.count()) == before


def test_missing_columns_are_named(setup, draft, tmp_path):
    header = ["MB/NC", "Line number", "Clause/Subclause", "Paragraph/Figure/Table", "Comments"]
    path = iso_like_docx(tmp_path / "short.docx", [["VN", "1", "2", "", "x"]], header)
    refused(setup, draft, path, "short.docx, row 1", "'Type of comment'", "'Proposed change'")


def test_a_wrong_type_code_names_the_row(setup, draft, tmp_path):
    rows = [ROWS[0], ["VN", "9", "2", "", "major", "x", "", ""]]
    path = iso_like_docx(tmp_path / "types.docx", rows)
    refused(setup, draft, path, "types.docx, row 3", "'major' is not one of ge, te, ed")


def test_merged_cells_in_docx_name_the_row(setup, draft, tmp_path):
    path = iso_like_docx(tmp_path / "merged.docx", ROWS)
    document = docx.Document(path)
    table = document.tables[-1]
    table.cell(3, 5).merge(table.cell(3, 6))  # row 4: comment and proposed change as one
    document.save(path)
    refused(setup, draft, path, "merged.docx, row 4: merged cells")


def test_merged_cells_in_xlsx_name_the_row(setup, draft, tmp_path):
    fill(draft, setup.experts[0], n=5)
    path = tmp_path / "merged.xlsx"
    path.write_bytes(services.export(draft, "xlsx"))
    book = load_workbook(path)
    ws = book.active
    header = next(r[0].row for r in ws.iter_rows() if r[0].value == "MB/NC")
    ws.merge_cells(start_row=header + 3, start_column=6, end_row=header + 3, end_column=7)
    book.save(path)
    refused(setup, draft, path, f"merged.xlsx, row {header + 3}: merged cells")


def test_an_xlsx_without_the_template_columns_is_refused(setup, draft, tmp_path):
    book = Workbook()
    book.active.append(["Identifier", "Title"])
    book.active.append(["ISO 9001", "Quality"])
    path = tmp_path / "catalogue.xlsx"
    book.save(path)
    refused(setup, draft, path, "catalogue.xlsx", "no table with the template's columns (MB/NC")


@pytest.mark.parametrize(
    ("name", "content", "says"),
    [
        ("fake.docx", b"not a zip at all", "not a readable Word file"),
        ("fake.xlsx", b"PK\x03\x04broken", "not a readable Excel file"),
        ("comments.csv", b"a,b\n", "not a .docx or .xlsx"),
    ],
)
def test_files_that_are_not_templates(setup, draft, tmp_path, name, content, says):
    path = tmp_path / name
    path.write_bytes(content)
    refused(setup, draft, path, name, says)


@pytest.mark.parametrize("fmt", ["docx", "xlsx"])
def test_a_member_s_50_row_file_in_iso_s_layout_reads_the_same_after_a_round_trip(
    setup, draft, tmp_path, fmt
):
    """A file as a member body sends it (ISO's headings with their footnote marks and
    examples, MB/NC filled down empty rows), read, written by Harmonia, read again."""
    from .conftest import CHANGES, CLAUSES, ELEMENTS, TEXTS

    rows = [
        ["VN", str(10 + 7 * i), CLAUSES[i % len(CLAUSES)], ELEMENTS[i % len(ELEMENTS)],
         ["ge", "te", "ed"][i % 3], f"{TEXTS[i % len(TEXTS)]} [{i}]", CHANGES[i % len(CHANGES)],
         ["", "Accepted: ok", "Noted", "Không chấp nhận: xem 4.1"][i % 4].replace(
             "Không chấp nhận", "Not accepted")]
        for i in range(50)
    ] + [["VN", "", "", "", "", "", "", ""]] * 5  # fmt: skip
    sent = iso_like_docx(tmp_path / "VN_comments.docx", rows)
    assert services.import_file(setup.secretary, draft, sent) == 50
    first = as_rows(draft.comments.order_by("position"))
    written = tmp_path / f"again.{fmt}"
    written.write_bytes(services.export(draft, fmt))
    again = services.open_set(
        setup.secretary, body=setup.body, committee=setup.committee, reference="again", title="t"
    )
    assert services.import_file(setup.secretary, again, written) == 50
    assert as_rows(again.comments.order_by("position")) == first
    assert {row[-1] for row in first} == {None, "accepted", "noted", "not-accepted"}


def test_an_import_reads_a_fixed_number_of_queries(setup, draft, tmp_path):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(n: int) -> int:
        path = iso_like_docx(tmp_path / f"{n}.docx", [ROWS[0]] * n)
        with CaptureQueriesContext(connection) as ctx:
            assert services.import_file(setup.secretary, draft, path) == n
        return len(ctx.captured_queries)

    assert queries(5) == queries(40)


def _docx_with(tmp_path: Path, name: str, document_xml: bytes) -> Path:
    """A real .docx with its main part replaced."""
    import zipfile

    good = tmp_path / "good.docx"
    iso_like_docx(good, [ROWS[0]])
    path = tmp_path / name
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = document_xml if info.filename == "word/document.xml" else src.read(info)
            out.writestr(info.filename, data)
    return path


LAUGHS = (
    b'<?xml version="1.0"?><!DOCTYPE w [<!ENTITY a "lol lol lol lol lol lol lol lol">'
    + b"".join(
        f'<!ENTITY {c} "{("&" + p + ";") * 10}">'.encode()
        for p, c in zip("abcdefgh", "bcdefghi", strict=True)
    )
    + b']><w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
    b"<w:body><w:p><w:r><w:t>&i;</w:t></w:r></w:p></w:body></w:document>"
)


@pytest.mark.parametrize(
    ("make", "says"),
    [
        (lambda t: _docx_with(t, "bomb.docx", b"<w:document " + b" " * (60 * 2**20)), "zip bomb"),
        (lambda t: _docx_with(t, "laughs.docx", LAUGHS), "laughs.docx"),
        (lambda t: _docx_with(t, "cut.docx", b"<w:document><w:body><w:tbl>"), "cut.docx"),
    ],
    ids=["zip-bomb", "billion-laughs", "truncated-xml"],
)
def test_hostile_template_files_are_refused_and_change_nothing(setup, draft, tmp_path, make, says):
    refused(setup, draft, make(tmp_path), says)
