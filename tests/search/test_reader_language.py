"""Titles in the reader's language (harmonia.catalogue.reader_language) on every
surface: pages, search results with their highlight, the instant box, the API and the
CLI; vocabulary values shown by their translated names; a suggestion for a mistyped
identifier."""

import pytest

pytestmark = pytest.mark.django_db

VI = "Hệ thống quản lý chất lượng – Các yêu cầu"
EN = "Quality management systems – Requirements"


@pytest.fixture
def bilingual(indexed):
    """TCVN ISO 9001:2015 with its English title held beside the Vietnamese, as a
    national catalogue with a title_en column leaves it."""
    from harmonia.catalogue.models import Document, DocumentTitle
    from harmonia.search import sync

    doc = Document.objects.get(identifier="TCVN ISO 9001:2015")
    DocumentTitle.objects.filter(document=doc).delete()
    DocumentTitle.objects.create(document=doc, language="vi", kind="main", content=VI)
    DocumentTitle.objects.create(document=doc, language="en", kind="main", content=EN, position=1)
    Document.objects.filter(pk=doc.pk).update(title=EN)
    sync.forget()
    sync.rebuild()
    return Document.objects.get(pk=doc.pk)


def test_one_rule_decides_the_title(bilingual):
    from harmonia.catalogue.models import Document
    from harmonia.catalogue.reader_language import title_of, titles_in

    iso = Document.objects.get(identifier="ISO 9001:2015")
    assert title_of(bilingual, "vi") == VI
    assert title_of(bilingual, "en") == EN
    # No Vietnamese held: English.
    assert title_of(iso, "vi") == iso.title
    assert titles_in([bilingual, iso], "vi") == {bilingual.pk: VI, iso.pk: iso.title}


def test_pages_show_the_readers_title(bilingual, client):
    url = "/documents/TCVN ISO 9001:2015/"
    assert f"<small>{EN}</small>" in client.get(url).content.decode()
    client.cookies["django_language"] = "vi"
    assert f"<small>{VI}</small>" in client.get(url).content.decode()
    listed = client.get("/documents/", {"publisher": "STAMEQ"}).content.decode()
    assert VI in listed


def test_search_results_carry_the_readers_title_and_highlight_what_matched(bilingual, client):
    client.cookies["django_language"] = "vi"
    html = client.get("/search/", {"q": "chất lượng"}).content.decode()
    assert "<mark>chất</mark> <mark>lượng</mark>" in html
    # An English query in the Vietnamese interface: the title that matched is shown.
    html = client.get("/search/", {"q": "quality requirements"}).content.decode()
    assert "<mark>Quality</mark>" in html
    instant = client.get("/search/instant/", {"q": "TCVN ISO 9001"}).content.decode()
    assert VI in instant


def test_api_titles_follow_lang_or_accept_language(bilingual, client):
    found = client.get("/api/v1/search", {"q": "TCVN ISO 9001:2015", "lang": "vi"}).json()
    assert found["results"][0]["title"] == VI
    found = client.get(
        "/api/v1/search", {"q": "TCVN ISO 9001:2015"}, HTTP_ACCEPT_LANGUAGE="vi"
    ).json()
    assert found["results"][0]["title"] == VI
    found = client.get("/api/v1/search", {"q": "TCVN ISO 9001:2015"}).json()
    assert found["results"][0]["title"] == EN


def test_facet_values_are_names_and_years_are_not_grouped(indexed, client):
    client.cookies["django_language"] = "vi"
    html = client.get("/search/", {"q": "management"}).content.decode()
    assert "> international-standard <" not in html
    assert "· international-standard" not in html and "· Tiêu chuẩn quốc tế" in html
    assert "2015" in html and "2.015" not in html and "2,015" not in html


def test_a_mistyped_identifier_gets_a_suggestion(indexed, client):
    from harmonia.search.did_you_mean import did_you_mean

    assert did_you_mean("iso 90001") == "ISO 9001"
    assert did_you_mean("ISO 90001:2015") == "ISO 9001:2015"
    assert did_you_mean("quality") == ""
    assert did_you_mean("ZZZ 90001") == ""
    html = client.get("/search/", {"q": "iso 90001"}).content.decode()
    assert 'id="did-you-mean" href="?q=ISO%209001"' in html


def test_document_page_says_status_and_publisher_in_the_readers_language(bilingual, client):
    client.cookies["django_language"] = "vi"
    html = client.get("/documents/TCVN ISO 9001:2015/").content.decode()
    assert "(current)" not in html and "(hiện hành)" in html


def test_api_document_detail_in_the_readers_language_with_its_adoptions(bilingual, client):
    doc = client.get("/api/v1/documents/TCVN ISO 9001:2015", {"lang": "vi"}).json()
    assert doc["title"] == VI
    assert doc["adopts"][0]["adopted"] == "ISO 9001:2015"
    iso = client.get("/api/v1/documents/ISO 9001:2015", HTTP_ACCEPT_LANGUAGE="vi").json()
    assert {(a["body"], a["national"]) for a in iso["adopted_by"]} >= {
        ("STAMEQ", "TCVN ISO 9001:2015")
    }
    assert client.get("/api/v1/documents/TCVN ISO 9001:2015").json()["title"] == EN
