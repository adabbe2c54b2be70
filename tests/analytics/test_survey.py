"""The ISO Survey figures: countries matched to codes, gaps kept as gaps, bad files named."""

import pytest

from harmonia.analytics.models import CertificateCount
from harmonia.analytics.survey import SurveyError, load_shipped_survey, load_survey
from harmonia.catalogue.models import Body

pytestmark = pytest.mark.django_db

HEADER = "country,year,ISO 14001 certificate,ISO/IEC 27001 certificate,ISO 9001 certificate,World\n"


def test_countries_by_body_name_and_by_spelling(db):
    Body.objects.create(code="STAMEQ", name="STAMEQ", country="Viet Nam", country_code="VN")
    text = HEADER + (
        "Viet Nam,2019,1000.0,NA,4000.0,East Asia and Pacific\n"
        "Korea (Republic of),2019,2.0,3.0,5.0,East Asia and Pacific\n"
        "Atlantis,2019,1.0,1.0,1.0,Nowhere\n"
    )
    n, unmatched = load_survey("survey.csv", text)
    assert (n, unmatched) == (5, ["Atlantis"])  # Viet Nam's 27001 figure is missing: skipped
    assert CertificateCount.objects.get(country_code="VN", standard="ISO 9001").certificates == 4000
    assert not CertificateCount.objects.filter(country_code="VN", standard="ISO/IEC 27001").exists()
    assert CertificateCount.objects.filter(country_code="KR").count() == 3


def test_bad_files_are_named_and_change_nothing(db):
    load_survey("first.csv", HEADER + "Viet Nam,2019,1,1,1,x\n")
    with pytest.raises(SurveyError, match="line 1: column 'year' is missing"):
        load_survey("bad.csv", "country,ISO 9001 certificate\nViet Nam,5\n")
    with pytest.raises(SurveyError, match="line 2, column ISO 9001 certificate: 'many'"):
        load_survey("bad.csv", HEADER + "Viet Nam,2019,1,1,many,x\n")
    assert CertificateCount.objects.count() == 3


def test_the_shipped_copy_matches_nearly_every_country(db):
    import lzma

    from harmonia.catalogue.reference_data import body_rows_from_members_csv, load_bodies
    from harmonia.demo.snapshot import data_dir

    members = lzma.decompress((data_dir() / "iso_member_bodies.csv.xz").read_bytes())
    load_bodies(body_rows_from_members_csv("members", members))
    summary = load_shipped_survey()
    unmatched = int(summary.split("(")[1].split(" ")[0])
    assert unmatched <= 35, summary  # small states and territories with no body in the seed
    assert CertificateCount.objects.filter(country_code="KR", standard="ISO 9001").exists()
