"""Names in the reader's language where held: a body's (Body.names, seeded for a few
from catalogue/data/body_names.json), its country's (ISO 3166 names in pycountry),
on pages and on the Vietnamese certificate."""

import pytest

pytestmark = pytest.mark.django_db


def test_body_and_country_names_follow_the_reader(client):
    from harmonia.catalogue.models import Body
    from harmonia.catalogue.reader_language import country_of, name_of
    from harmonia.catalogue.reference_data import apply_body_names

    vn = Body.objects.create(
        code="STAMEQ", name="Directorate for Standards, Metrology and Quality",
        kind="national", country="Viet Nam", country_code="VN",
    )  # fmt: skip
    apply_body_names()
    vn.refresh_from_db()
    assert name_of(vn, "vi") == "Tổng cục Tiêu chuẩn Đo lường Chất lượng"
    assert name_of(vn, "en") == "Directorate for Standards, Metrology and Quality"
    assert country_of(vn, "vi") == "Việt Nam" and country_of(vn, "en") == "Viet Nam"
    # A name set by hand is kept when the shipped names are applied again.
    Body.objects.filter(pk=vn.pk).update(names={"vi": "Ủy ban TĐC"})
    apply_body_names()
    vn.refresh_from_db()
    assert name_of(vn, "vi") == "Ủy ban TĐC"
    client.cookies["django_language"] = "vi"
    page = client.get("/participation/STAMEQ/").content.decode()
    assert "Ủy ban TĐC" in page
