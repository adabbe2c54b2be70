import pytest

from harmonia.catalogue.models import ICS, Body, Document, DocumentICS
from harmonia.catalogue.reference_data import (
    ReferenceDataError,
    body_rows_from_members_csv,
    import_bodies,
    import_ics,
    load_bodies,
    load_ics,
)
from harmonia.catalogue.vocabularies import vocabulary_data

pytestmark = pytest.mark.django_db

ICS_CSV = (
    "\ufeffidentifier,parent,titleEn,titleFr,scopeEn,scopeFr\n"
    '"03",,"Services","Services",,\n'
    '"03.120",03,"Quality","Qualité",,\n'
    '"03.120.10",03.120,"Quality management","Management de la qualité","Incl. QMS",\n'
)


def test_ics_from_csv_with_parents(tmp_path):
    path = tmp_path / "ICS.csv"
    path.write_text(ICS_CSV, "utf-8")
    assert import_ics(path) == 3
    leaf = ICS.objects.get(code="03.120.10")
    assert leaf.parent.parent.code == "03" and leaf.level == 3
    assert leaf.title_fr == "Management de la qualité" and leaf.scope_en == "Incl. QMS"


def test_ics_error_names_file_and_line(tmp_path):
    path = tmp_path / "ICS.csv"
    path.write_text(ICS_CSV + '"03.140",03,,"Sans titre",,\n', "utf-8")
    with pytest.raises(ReferenceDataError, match=r"ICS.csv, line 5: titleEn: missing"):
        import_ics(path)
    assert ICS.objects.count() == 0


def test_ics_orphan_is_refused():
    with pytest.raises(ReferenceDataError, match="parent 99 is not in the tree"):
        load_ics([{"code": "99.100", "parent": "99", "title_en": "x"}])


def test_full_ics_tree_from_both_sources(shared):
    assert import_ics(shared / "iso-opendata" / "ICS.csv") == 1381
    assert ICS.objects.filter(level=1).count() == 40
    assert ICS.objects.get(code="01.040.01").parent_id == "01.040"
    assert import_ics(shared / "ics-ed7.tar.xz") == 1381
    assert ICS.objects.count() == 1381


def test_documents_link_to_ics_once_the_tree_arrives(tmp_path):
    from harmonia.catalogue.importers.relaton import parse_relaton
    from harmonia.catalogue.importers.sources import iter_path
    from harmonia.catalogue.loading import import_items

    from .samples import ISO_BASE, write_dir

    path = write_dir(tmp_path / "r", {"iso.yaml": ISO_BASE})
    import_items("relaton", [str(path)], iter_path(path), parse_relaton, workers=1)
    link = DocumentICS.objects.get()
    assert link.code == "03.120.10" and link.ics_id is None
    csv_path = tmp_path / "ICS.csv"
    csv_path.write_text(ICS_CSV, "utf-8")
    import_ics(csv_path)
    link.refresh_from_db()
    assert link.ics_id == "03.120.10"
    assert Document.objects.get().ics.get().title_en == "Quality management"


MEMBERS = (
    "country,country_alpha2,acronym_2022,name_2022,iso_category_2018,iec_category_2018,"
    "iso_opendata_id,p_memberships_2026,o_memberships_2026,secretariats_2026,"
    "iso_tc_participations_2018,tc_rows_2022\n"
    "Viet Nam,VN,STAMEQ,Directorate for Standards Metrology and Quality,Member body,"
    "Full Member,2091,30,60,0,90,95\n"
    "New Zealand,NZ,,,Member body,Full Member,,1,2,0,3,3\n"
)


def test_bodies_seeded_with_field_sources():
    load_bodies(body_rows_from_members_csv("members.csv", MEMBERS.encode()))
    vn = Body.objects.get(code="STAMEQ")
    assert vn.country_code == "VN" and vn.kind == "national"
    assert vn.iso_category == "Member body"
    assert "2018" in vn.field_sources["iso_category"]
    nz = Body.objects.get(country_code="NZ")
    assert nz.field_sources["acronym"] == "none in the seed"
    assert Body.objects.get(code="ISO").kind == "international"


def test_staff_corrections_survive_a_new_seed():
    load_bodies(body_rows_from_members_csv("members.csv", MEMBERS.encode()))
    vn = Body.objects.get(code="STAMEQ")
    vn.iso_category = "Member body (confirmed 2026)"
    vn.field_sources["iso_category"] = "corrected by staff"
    vn.save()
    load_bodies(body_rows_from_members_csv("members.csv", MEMBERS.encode()))
    assert Body.objects.get(code="STAMEQ").iso_category == "Member body (confirmed 2026)"


def test_bad_members_row_names_the_field():
    bad = MEMBERS.replace(",VN,", ",VNM,")
    with pytest.raises(ReferenceDataError, match=r"line 2: country_alpha2"):
        body_rows_from_members_csv("members.csv", bad.encode())


def test_real_members_file(shared):
    n = import_bodies(shared / "iso-members" / "iso_member_bodies_derived.csv")
    assert n > 160
    assert Body.objects.filter(kind="national").count() == 167
    assert Body.objects.get(country_code="VN").iso_category


def test_stage_codes_table_matches_the_source(shared):
    import json

    from harmonia.catalogue.models import StageCode

    source = json.loads((shared / "stage-codes" / "harmonized_stage_code.json").read_text())
    assert vocabulary_data()["stages"] == source
    codes = {row["code"]: row["name"] for row in source["vocabulary"]["XX.YY"]}
    assert dict(StageCode.objects.values_list("code", "name")) == codes
    assert StageCode.objects.get(code="60.60").source.startswith("ISO harmonized stage code")


def test_status_group_in_python_agrees_with_the_database_filters():
    from harmonia.catalogue.models import StageCode
    from harmonia.catalogue.services import STATUS_GROUPS, status_group

    publisher = Body.objects.create(code="XX", name="Test body")
    codes = list(StageCode.objects.values_list("code", flat=True))
    assert len(codes) > 40  # the shipped table of harmonized stage codes
    for code in codes:
        Document.objects.create(identifier=f"XX {code}", key=f"XX {code}", publisher=publisher,
                                doctype_id="international-standard", stage_id=code)  # fmt: skip
    Document.objects.create(identifier="XX none", key="XX none", publisher=publisher,
                            doctype_id="international-standard")  # fmt: skip
    in_db = {
        ident.removeprefix("XX "): group
        for group, condition in STATUS_GROUPS.items()
        for ident in Document.objects.filter(condition).values_list("identifier", flat=True)
    }
    assert {code: status_group(code) for code in codes} == {c: in_db[c] for c in codes}
    assert "none" not in in_db and status_group(None) == ""
