import io

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db


def test_api_search_with_facets_and_highlight(indexed, client):
    r = client.get("/api/v1/search", {"q": "quality management", "publisher": ["ISO", "TISI"]})
    assert r.status_code == 200
    data = r.json()
    assert data["results"][0]["identifier"] == "ISO 9001:2015"
    assert "<mark>Quality</mark>" in data["results"][0]["highlight"]
    assert {v["value"] for v in data["facets"]["publisher"]} >= {"ISO", "TISI"}
    assert data["total"] == len(data["results"])
    spec = client.get("/api/v1/openapi.json").json()
    assert "/api/v1/search" in spec["paths"] and "/api/v1/suggest" in spec["paths"]


def test_api_suggest_and_bad_input(indexed, client):
    r = client.get("/api/v1/suggest", {"q": "iso 1099"})
    assert r.json()[0]["identifier"] == "ISO 10993-1:2018"
    assert client.get("/api/v1/search", {"per_page": "1000"}).status_code == 422
    assert client.get("/api/v1/search", {"q": '((( ]]] "\\'}).status_code == 200


def test_exports_hold_every_match(indexed, client):
    r = client.get("/search/export.csv", {"q": "management"})
    lines = r.content.decode("utf-8-sig").splitlines()
    total = client.get("/api/v1/search", {"q": "management"}).json()["total"]
    assert lines[0].startswith("identifier,title") and len(lines) == total + 1
    x = client.get("/api/v1/search/export", {"q": "management", "format": "xlsx"})
    sheet = load_workbook(io.BytesIO(x.content)).active
    assert sheet.max_row == total + 2
    assert sheet.title == "search" and sheet["A2"].value == "identifier"
    assert client.get("/search/export.pdf", {"q": "management"}).status_code == 404
    assert client.get("/api/v1/search/export", {"format": "pdf"}).status_code == 422


def test_results_page_and_instant_box(indexed, client, django_assert_max_num_queries):
    with django_assert_max_num_queries(8):
        r = client.get("/search/", {"q": "he thong quan ly", "language": "vi"})
    html = r.content.decode()
    assert "TCVN ISO 9001:2015" in html and "<mark>Hệ</mark>" in html
    assert 'name="publisher" value="STAMEQ"' in html
    r = client.get("/search/instant/", {"q": "food"}, HTTP_HX_REQUEST="true")
    assert "ISO 22000:2018" in r.content.decode()
    assert 'id="site-q"' in client.get("/").content.decode()
