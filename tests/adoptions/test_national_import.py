"""Importing a national catalogue: links from identifiers, errors, all-or-nothing."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harmonia.adoptions.models import Adoption, AdoptionEvent
from harmonia.adoptions.national import NationalFileError, template_csv, template_xlsx
from harmonia.adoptions.services import decide, import_national, resolve_body
from harmonia.catalogue.models import Document

from .fixtures import VN_CSV, make_bodies, write

pytestmark = pytest.mark.django_db


def links(body):
    return {
        (a.national.identifier, a.adopted_identifier, a.degree_id, a.source)
        for a in Adoption.objects.filter(national__publisher=body).select_related("national")
    }


def test_links_from_identifiers_use_the_edition_current_at_the_national_date(national):
    vn, _, _ = national
    assert links(vn) == {
        ("TCVN ISO 14001:2010", "ISO 14001:2004", "IDT", "identifier"),
        ("TCVN ISO 9001:2015", "ISO 9001:2015", "IDT", "identifier"),
        ("TCVN 7391-1:2007 (ISO 10993-1:2003)", "ISO 10993-1:2003", "IDT", "identifier"),
        ("TCVN 1000:1995", "ISO 1000:1992", "MOD", "imported"),
        ("TCVN ISO 22000:2018", "ISO 22000:2018", "IDT", "identifier"),
        ("TCVN 6023:2007", "ISO 2049:1996", "NEQ", "imported"),
    }
    doc = Document.objects.get(identifier="TCVN ISO 14001:2010")
    assert (doc.publisher.code, doc.year, doc.stage_id, doc.doctype_id) == (
        "STAMEQ",
        2010,
        "60.60",
        "national-standard",
    )
    assert doc.titles.get().language == "vi"
    assert Document.objects.get(identifier="TCVN ISO 22000:2018").stage_id == "95.99"
    assert Adoption.objects.get(national=doc).adopted.identifier == "ISO 14001:2004"


def test_body_by_country_code_acronym_or_code(db):
    vn, _ = make_bodies()
    assert resolve_body("VN") == resolve_body("stameq") == vn


def test_reimport_changes_nothing_and_drops_links_the_file_no_longer_states(national, tmp_path):
    vn, _, _ = national
    before = links(vn)
    with CaptureQueriesContext(connection) as queries:
        report = import_national(vn, write(tmp_path / "vn.csv", VN_CSV), propose_missing=False)
    assert (report.created, report.updated, report.unchanged) == (0, 0, 7)
    assert links(vn) == before
    # Links the file states as they are are not written again (nor sent to search).
    written = [q["sql"] for q in queries if q["sql"].startswith("UPDATE")]
    assert not [sql for sql in written if Adoption._meta.db_table in sql]
    regraded = VN_CSV.replace("ISO 1000:1992,MOD", "ISO 1000:1992,NEQ")
    import_national(vn, write(tmp_path / "vn1.csv", regraded), propose_missing=False)
    assert ("TCVN 1000:1995", "ISO 1000:1992", "NEQ", "imported") in links(vn)
    changed = VN_CSV.replace("current,ISO 1000:1992,MOD,1995", "current,,,1995")
    report = import_national(vn, write(tmp_path / "vn2.csv", changed), propose_missing=False)
    assert report.updated == 0  # the document is the same; only its link changed
    assert ("TCVN 1000:1995", "ISO 1000:1992", "MOD", "imported") not in links(vn)


def test_an_editors_decision_survives_reimport(national, tmp_path, django_user_model):
    vn, _, _ = national
    editor = django_user_model.objects.create_user("editor", password="x" * 10)
    link = Adoption.objects.get(national__identifier="TCVN ISO 9001:2015")
    decide(link, editor, "confirm", degree="MOD")
    import_national(vn, write(tmp_path / "vn.csv", VN_CSV), propose_missing=False)
    link.refresh_from_db()
    assert (link.degree_id, link.decided_by) == ("MOD", editor)
    assert list(link.events.values_list("action", flat=True)) == ["identifier", "confirm"]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("identifier,title,degree\nTCVN 1:2000,T,XYZ\n", "line 2, column degree: 'XYZ'"),
        (
            "identifier,title,year\nTCVN 1:2000,T,20x0\n",
            "line 2, column year: '20x0' is not a year",
        ),
        (
            "identifier,title\nTCVN 1:2000,T\nTCVN 1:2000,U\n",
            "line 3, column identifier: 'TCVN 1:2000' is already on line 2",
        ),
        ("identifier,titel\nTCVN 1:2000,T\n", "line 1: unknown column 'titel'"),
        ("identifier,language\nTCVN 1:2000,vi\n", "line 1: column 'title' is missing"),
        (
            "identifier,title,adopts\nTCVN 1:2000,T,ISO 9001:2015\n",
            "line 2, column degree: required when adopts is given",
        ),
        (
            "identifier,title,ics\nTCVN 1:2000,T,3.120\n",
            "line 2, column ics: '3.120' is not an ICS code",
        ),
        ("identifier,title,status\nTCVN 1:2000,T,draft\n", "line 2, column status: 'draft'"),
        ("identifier,title\n,T\n", "line 2, column identifier: empty"),
    ],
)
def test_bad_rows_are_named_and_nothing_is_written(international, tmp_path, text, message):
    vn, _ = make_bodies()
    good = "TCVN ISO 9001:2015,QMS\n"
    path = write(
        tmp_path / "bad.csv",
        text + good if "titel" not in text and "language" not in text else text,
    )
    before = Document.objects.count()
    with pytest.raises(NationalFileError) as err:
        import_national(vn, path)
    assert message in str(err.value)
    assert str(path) in str(err.value)
    assert Document.objects.count() == before
    assert not Adoption.objects.exists()


def test_not_utf8_and_not_a_table(db, tmp_path):
    vn, _ = make_bodies()
    path = tmp_path / "latin1.csv"
    path.write_bytes("identifier,title\nTCVN 1:2000,Café\n".encode("latin-1"))
    with pytest.raises(NationalFileError, match="line 2: not UTF-8"):
        import_national(vn, path)
    pdf = write(tmp_path / "x.pdf", "x")
    with pytest.raises(NationalFileError, match="not a CSV, Excel"):
        import_national(vn, pdf)


def test_excel_and_semicolon_csv_read_like_csv(international, tmp_path):
    from openpyxl import Workbook

    vn, _ = make_bodies()
    book = Workbook()
    sheet = book.active
    sheet.append(["identifier", "title", "year", "adopts", "degree"])
    sheet.append(["TCVN 1000:1995", "Đơn vị SI", 1995, "ISO 1000:1992", "MOD"])
    book.save(tmp_path / "vn.xlsx")
    report = import_national(vn, tmp_path / "vn.xlsx", propose_missing=False)
    assert report.created == 1 and report.links == {"imported": 1}
    semi = write(tmp_path / "semi.csv", "identifier;title\nTCVN ISO 9001:2015;QMS\n")
    assert import_national(vn, semi, propose_missing=False).links == {"identifier": 1}


def test_adopted_document_not_in_the_catalogue_is_kept_as_text(international, tmp_path):
    vn, _ = make_bodies()
    path = write(
        tmp_path / "astm.csv",
        "identifier,title,adopts,degree\nTCVN 3171:2011,Độ nhớt động học,ASTM D445-11,IDT\n",
    )
    report = import_national(vn, path, propose_missing=False)
    assert report.unresolved == ["TCVN 3171:2011 → ASTM D445-11"]
    link = Adoption.objects.get()
    assert (link.adopted, link.adopted_identifier, link.status) == (
        None,
        "ASTM D445-11",
        "confirmed",
    )


def test_templates_hold_every_column_and_import_cleanly(international, tmp_path):
    vn, _ = make_bodies()
    csv_path = tmp_path / "template.csv"
    csv_path.write_text(template_csv(), "utf-8")
    assert import_national(vn, csv_path, propose_missing=False).created == 2
    xlsx = tmp_path / "template.xlsx"
    xlsx.write_bytes(template_xlsx())
    assert import_national(vn, xlsx, propose_missing=False).unchanged == 2


def test_decisions_are_checked(national, django_user_model):
    link = Adoption.objects.first()
    user = django_user_model.objects.create_user("u", password="x" * 10)
    from harmonia.adoptions.services import AdoptionError

    with pytest.raises(AdoptionError, match="degree"):
        decide(link, user, "confirm", degree="ABC")
    with pytest.raises(AdoptionError, match="action"):
        decide(link, user, "maybe")
    decide(link, user, "reject")
    link.refresh_from_db()
    assert link.status == "rejected"
    assert AdoptionEvent.objects.filter(adoption=link, action="reject", by=user).exists()


def test_a_deleted_document_comes_back_on_reimport(national, tmp_path):
    vn, _, _ = national
    Document.objects.filter(identifier="TCVN 5502:2003").delete()
    report = import_national(vn, write(tmp_path / "vn.csv", VN_CSV), propose_missing=False)
    assert (report.created, report.unchanged) == (1, 6)
    assert Document.objects.filter(identifier="TCVN 5502:2003").exists()


def test_an_international_identifier_in_a_national_file_is_refused(international, tmp_path):
    vn, _ = make_bodies()
    path = write(tmp_path / "wrong.csv", "identifier,title\nTCVN 1:2000,A\nISO 9001:2015,QMS\n")
    with pytest.raises(
        NationalFileError, match="line 3, column identifier: 'ISO 9001:2015' is ISO"
    ):
        import_national(vn, path)
    assert Document.objects.get(identifier="ISO 9001:2015").publisher.code == "ISO"
    assert not Document.objects.filter(publisher=vn).exists()


def test_a_stated_link_confirms_a_pending_proposal(international, tmp_path):
    vn, _ = make_bodies()
    import_national(
        vn, write(tmp_path / "a.csv", "identifier,title\nTCVN 9:2016,QMS\n"), propose_missing=False
    )
    doc = Document.objects.get(identifier="TCVN 9:2016")
    for key in ("ISO 9001:2015", "ISO 22000:2018"):
        Adoption.objects.create(
            national=doc,
            adopted_identifier=key,
            adopted_key=key,
            source="proposed",
            status="proposed",
            score=0.5,
        )
    text = "identifier,title,adopts,degree\nTCVN 9:2016,QMS,ISO 9001:2015,MOD\n"
    import_national(vn, write(tmp_path / "b.csv", text), propose_missing=False)
    assert links(vn) == {("TCVN 9:2016", "ISO 9001:2015", "MOD", "imported")}
    assert Adoption.objects.get(national=doc).status == "confirmed"
