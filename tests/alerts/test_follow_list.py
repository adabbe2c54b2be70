"""An organisation's list of the standards it uses: CSV or Excel, matched through the
identifiers library, unmatched rows reported with their line, all or nothing."""

import io

import pytest
from openpyxl import Workbook

from harmonia.alerts import follows
from harmonia.alerts.models import Follow, FollowList
from harmonia.catalogue.models import Body, Document, DocumentType


@pytest.fixture
def thousand(db):
    """ISO 1000:2020 ... ISO 1999:2020 in the catalogue."""
    iso = Body.objects.create(code="ISO", name="ISO", kind="international")
    kind = DocumentType.objects.get(slug="international-standard")
    Document.objects.bulk_create(
        Document(
            identifier=f"ISO {n}:2020",
            key=f"ISO {n}:2020",
            work=f"ISO {n}",
            publisher=iso,
            doctype=kind,
            published="2020-01-01",
        )
        for n in range(1000, 2000)
    )


def csv_file(tmp_path, lines, name="ours.csv"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def test_a_list_of_a_thousand_identifiers_is_followed_with_its_unmatched_rows(
    thousand, people, tmp_path
):
    lines = ["Standard;Note"]
    # Written as people write them: lower case, a full-width colon, extra spaces.
    for n in range(1000, 1995):
        lines.append(f"iso {n}:2020;used" if n % 3 else f"ISO  {n}：2020;used")
    lines += ["ISO 99999:2020;gone", "not an identifier at all;?", "ISO 1001", ";", "ISO 5:2020"]
    path = csv_file(tmp_path, lines)
    rows = follows.read_rows(path)
    report = follows.import_list(people["anh"], "Our standards", path.name, rows)
    assert report.rows == 999
    assert report.matched == 996
    unmatched = [(u["line"], u["value"], u["reason"]) for u in report.unmatched]
    assert unmatched == [
        (997, "ISO 99999:2020", "not in the catalogue"),
        (998, "not an identifier at all", "not a standard's identifier"),
        (1001, "ISO 5:2020", "not in the catalogue"),
    ]
    mine = Follow.objects.filter(user=people["anh"], follow_list=report.follow_list)
    assert mine.filter(kind="document").count() == 995
    assert mine.filter(kind="work", value="ISO 1001").exists()  # no year: any edition
    assert mine.filter(kind="document", value="ISO 1000:2020").exists()
    # Imported again, nothing is followed twice.
    again = follows.import_list(people["anh"], "Again", path.name, rows)
    assert again.already == again.matched == 996
    assert Follow.objects.filter(user=people["anh"]).count() == 996


def test_an_excel_list_and_its_any_edition_choice(thousand, people, tmp_path):
    book = Workbook()
    sheet = book.active
    sheet.append(["Ref", "Identifier"])
    sheet.append(["a", "ISO 1500:2020"])
    sheet.append(["b", "ISO 7"])
    path = tmp_path / "ours.xlsx"
    book.save(path)
    rows = follows.read_rows(path)
    assert rows == [(2, "ISO 1500:2020"), (3, "ISO 7")]
    report = follows.import_list(people["anh"], "", path.name, rows, any_edition=True)
    assert list(Follow.objects.values_list("kind", "value")) == [("work", "ISO 1500")]
    assert report.unmatched == [{"line": 3, "value": "ISO 7", "reason": "not in the catalogue"}]
    assert report.follow_list.name == "ours.xlsx"


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("bad.csv", b"ISO 1000:2020\n\xff\xfe broken\n", "bad.csv, line 2: not UTF-8 text"),
        ("bad.xlsx", b"PK\x03\x04 not really a zip", "bad.xlsx: not a readable Excel file"),
    ],
)
def test_a_bad_file_is_refused_naming_it_and_nothing_is_written(
    people, tmp_path, name, data, error
):
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(follows.FollowError) as caught:
        follows.read_rows(path, name)
    assert str(caught.value).startswith(error)
    assert not FollowList.objects.exists()


def test_following_by_identifier_urn_and_unknown(iso9001, people):
    assert follows.document_target("ISO 9001").kind == "work"
    assert follows.document_target("ISO 9001:2015").value == "ISO 9001:2015"
    assert follows.document_target("ISO 9001:2015", any_edition=True).value == "ISO 9001"
    with pytest.raises(follows.FollowError, match="identifier: 'ISO 9002:1994' is not in"):
        follows.document_target("ISO 9002:1994")
    with pytest.raises(follows.FollowError, match="identifier: give"):
        follows.document_target("  ")
    with pytest.raises(follows.FollowError, match="ics: no ICS field"):
        follows.ics_target("99.999")
    with pytest.raises(follows.FollowError, match="q: a saved search needs"):
        follows.search_target("page=2")
    assert follows.search_target("?q=quality&page=3&publisher=ISO").value == (
        "q=quality&publisher=ISO"
    )


def test_a_header_row_is_recognised_and_skipped(thousand, tmp_path):
    from harmonia.alerts.follows import read_rows

    path = csv_file(tmp_path, ["identifier", "ISO 1000:2020", "ISO 1:1"])
    assert read_rows(path) == [(2, "ISO 1000:2020"), (3, "ISO 1:1")]


def test_excel_bytes_written_by_openpyxl_are_read(tmp_path):
    book = Workbook()
    book.active.append(["ISO 1000:2020"])
    buffer = io.BytesIO()
    book.save(buffer)
    path = tmp_path / "x.xlsx"
    path.write_bytes(buffer.getvalue())
    assert follows.read_rows(path) == [(1, "ISO 1000:2020")]
