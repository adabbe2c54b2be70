import pytest

pytestmark = pytest.mark.django_db


def test_list_with_filters(client, catalogue):
    data = client.get("/api/v1/documents?publisher=ISO&status=current").json()
    assert data["count"] == 2
    assert {d["identifier"] for d in data["items"]} == {"ISO 9999:2015", "ISO 9999:2015/Amd 1:2020"}
    item = next(d for d in data["items"] if d["identifier"] == "ISO 9999:2015")
    assert item["stage"] == {"code": "60.60", "name": "International Standard published"}
    assert item["publisher"] == "ISO" and item["type"] == "international-standard"


def test_list_query_count_is_fixed(client, catalogue, django_assert_num_queries):
    with django_assert_num_queries(2):
        client.get("/api/v1/documents")


def test_detail_by_identifier_and_urn(client, catalogue):
    by_id = client.get("/api/v1/documents/ISO 9999:2015").json()
    by_urn = client.get("/api/v1/documents/urn:iso:std:iso:9999:stage-60.60").json()
    assert by_id == by_urn
    assert by_id["replaces"] == ["ISO 9999:2008"]
    assert by_id["supplements"] == ["ISO 9999:2015/Amd 1:2020"]
    assert by_id["ics"] == ["03.120.10"] and by_id["committee"] == "ISO/TC 999"
    assert {"type": "obsoletes", "target": "ISO 9999:2008", "held": True} in by_id["relations"]


def test_errors_are_json(client, catalogue):
    missing = client.get("/api/v1/documents/ISO 0:1900")
    assert missing.status_code == 404
    assert missing.json() == {"detail": "No document with identifier 'ISO 0:1900'"}
    bad = client.get("/api/v1/documents?year=abc")
    assert bad.status_code == 422 and bad.json()["detail"].startswith("year:")


def test_ics_and_committees(client, catalogue):
    top = client.get("/api/v1/ics").json()
    assert [x["code"] for x in top] == ["03"]
    node = client.get("/api/v1/ics/03.120").json()
    assert node["documents"] == 2 and [c["code"] for c in node["children"]] == ["03.120.10"]
    assert client.get("/api/v1/ics/77").status_code == 404
    tc = client.get("/api/v1/committees/ISO/TC 999").json()
    assert tc == {"reference": "ISO/TC 999", "title": "Test systems", "body": "ISO", "documents": 2}
    assert client.get("/api/v1/committees").json()["count"] == 2


def test_openapi_document(client):
    spec = client.get("/api/v1/openapi.json").json()
    assert spec["openapi"].startswith("3.1")
    assert "/api/v1/documents/{identifier}" in spec["paths"]
    params = {p["name"] for p in spec["paths"]["/api/v1/documents"]["get"]["parameters"]}
    assert {"publisher", "type", "status", "stage", "ics", "committee", "year", "q"} <= params
