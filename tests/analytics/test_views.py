"""Dashboards, exports and the review queue over HTTP, with pinned query counts."""

import io

import pytest

from harmonia.accounts.models import Membership, Role
from harmonia.adoptions.models import Adoption

pytestmark = pytest.mark.django_db


def test_national_dashboard(client, national, django_assert_max_num_queries):
    with django_assert_max_num_queries(26):
        r = client.get("/analytics/bodies/VN/")
    html = r.content.decode()
    assert r.status_code == 200
    assert '<span class="n" id="rate">67%</span>' in html
    assert 'id="outdated-count">4<' in html
    assert "chart-data" in html and "chart-4.5.1.umd.min.js" in html
    assert "Demo data" not in html  # the fixture catalogue is not demo data


def test_dashboard_in_vietnamese(client, national):
    client.cookies["django_language"] = "vi"
    html = client.get("/analytics/bodies/VN/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Tỷ lệ hài hòa" in html or "tỷ lệ hài hòa" in html


def test_outdated_page_filters_by_reason(client, national):
    html = client.get("/analytics/bodies/VN/outdated/?reason=revised").content.decode()
    assert "TCVN ISO 14001:2010" in html and "TCVN ISO 9001:2015" not in html
    # ISO 1000:1992 was withdrawn with no successor and no date held: said so, not "?".
    html = client.get("/analytics/bodies/VN/outdated/?reason=withdrawn").content.decode()
    assert "TCVN 1000:1995" in html and "<td>?</td>" not in html
    assert "date not held" in html
    from harmonia.catalogue.models import Document

    Document.objects.filter(identifier="ISO 1000:1992").update(
        dates=[{"type": "obsoleted", "value": "2009-06-01"}]
    )
    html = client.get("/analytics/bodies/VN/outdated/?reason=withdrawn").content.decode()
    assert "<td>2009-06-01</td>" in html


def test_gaps_and_network_pages(client, national, django_assert_max_num_queries):
    html = client.get("/analytics/bodies/VN/gaps/").content.decode()
    assert html.index("ISO 22000:2018") < html.index("ISO 2049:1996")
    assert "3 of 5 current international documents adopted" in html
    html = client.get("/analytics/bodies/VN/gaps/?ics=67").content.decode()
    assert "0 of 1 current international documents adopted" in html
    with django_assert_max_num_queries(10):
        r = client.get("/analytics/networks/pair/")
    html = r.content.decode()
    assert 'title="TCVN ISO 14001:2010 — ISO 14001:2004">IDT◷' in html
    assert client.get("/analytics/networks/none/").status_code == 404
    assert client.get("/analytics/bodies/XX/").status_code == 404


def test_exports(client, national):
    r = client.get("/analytics/bodies/VN/outdated.csv")
    text = r.content.decode("utf-8")
    assert text.startswith("\ufeffnational,adopted,current,reason,since,days,degree")
    assert "TCVN ISO 14001:2010,ISO 14001:2004,ISO 14001:2015,revised,2015-09" in text
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(client.get("/analytics/bodies/VN/harmonization.xlsx").content))
    rows = list(book.active.iter_rows(values_only=True))
    assert rows[0] == ("ICS field", "title", "current", "adopting", "rate")
    assert ("13", None, 1, 1, 1) in rows
    pdf = client.get("/analytics/bodies/VN/report.pdf")
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    assert client.get("/analytics/bodies/VN/nothing.csv").status_code == 404
    # The report writes its figures as its language does: 60.0% / 60,0%.
    import re

    from pypdf import PdfReader

    def first_page(lang):
        client.cookies["django_language"] = lang
        raw = client.get("/analytics/bodies/VN/report.pdf").content
        return PdfReader(io.BytesIO(raw)).pages[0].extract_text()

    english, vietnamese = first_page("en"), first_page("vi")
    assert re.search(r"\d\.\d%", english) and not re.search(r"\d,\d%", english)
    assert re.search(r"\d,\d%", vietnamese) and not re.search(r"\d\.\d%", vietnamese)
    client.cookies["django_language"] = "en"
    assert (
        client.get("/adoptions/template.csv")
        .content.decode("utf-8")
        .startswith("\ufeffidentifier,title")
    )


def test_review_queue_needs_an_editor_of_the_body(client, national, django_user_model):
    vn, th, _ = national
    national_doc = vn.documents.get(identifier="TCVN 5502:2003")
    proposal = Adoption.objects.create(
        national=national_doc, adopted_identifier="ISO 2049:1996", adopted_key="ISO 2049:1996",
        source="proposed", status="proposed", score=0.5,
    )  # fmt: skip
    assert client.get("/adoptions/review/").status_code == 302  # sign in first
    outsider = django_user_model.objects.create_user("outsider", password="x" * 10)
    Membership.objects.create(user=outsider, body=th, role=Role.objects.get(slug="editor"))
    client.force_login(outsider)
    assert "TCVN 5502:2003" not in client.get("/adoptions/review/").content.decode()
    r = client.post(f"/adoptions/{proposal.pk}/decide/", {"action": "confirm", "degree": "IDT"})
    assert r.status_code == 403
    editor = django_user_model.objects.create_user("editor", password="x" * 10)
    Membership.objects.create(user=editor, body=vn, role=Role.objects.get(slug="editor"))
    client.force_login(editor)
    assert "TCVN 5502:2003" in client.get("/adoptions/review/").content.decode()
    r = client.post(
        f"/adoptions/{proposal.pk}/decide/",
        {"action": "confirm", "degree": "MOD"},
        HTTP_HX_REQUEST="true",
    )
    assert r.status_code == 200 and "confirmed (MOD)" in r.content.decode()
    proposal.refresh_from_db()
    assert (proposal.status, proposal.degree_id, proposal.decided_by) == (
        "confirmed",
        "MOD",
        editor,
    )
    # A refused decision is said where it was made: on the queue's page, or in the row
    # htmx puts back, with its form to decide again.
    url = f"/adoptions/{proposal.pk}/decide/"
    bad = client.post(url, {"action": "confirm", "degree": "ZZZ"}, follow=True)
    assert bad.redirect_chain[-1][0] == "/adoptions/review/?body=STAMEQ"
    assert 'class="message error"' in bad.content.decode()
    bad = client.post(url, {"action": "confirm", "degree": "ZZZ"}, HTTP_HX_REQUEST="true")
    row = bad.content.decode()
    assert row.startswith(f'<tr id="adoption-{proposal.pk}">') and 'role="alert"' in row
    assert 'hx-target="closest tr"' in row


def test_document_page_lists_adoptions_both_ways(client, national):
    html = client.get("/documents/ISO 14001:2004/").content.decode()
    assert 'id="adopted-by"' in html and "TCVN ISO 14001:2010" in html
    html = client.get("/documents/TCVN ISO 14001:2010/").content.decode()
    assert 'id="adopts"' in html and "ISO 14001:2004" in html


def test_api(client, national):
    h = client.get("/api/v1/bodies/VN/harmonization").json()
    assert (h["current"], h["adopting"]) == (6, 4)
    out = client.get("/api/v1/bodies/STAMEQ/outdated").json()
    assert {o["reason"] for o in out} == {"revised", "withdrawn", "amended"}
    assert client.get("/api/v1/bodies/VN/coverage?ics=03").json()["international_current"] == 1
    m = client.get("/api/v1/networks/pair/matrix").json()
    assert m["bodies"] == ["STAMEQ", "TISI"]
    links = client.get("/api/v1/bodies/TH/adoptions").json()
    assert {(a["national"], a["adopted"], a["degree"]) for a in links} == {
        ("TIS 9001-2552", "ISO 9001:2008", "IDT"), ("TIS 22000-2562", "ISO 22000:2018", "IDT"),
    }  # fmt: skip
    assert client.get("/api/v1/bodies/XX/outdated").status_code == 404
    paths = client.get("/api/v1/openapi.json").json()["paths"]
    assert "/api/v1/bodies/{code}/outdated" in paths


def test_api_decision_needs_an_editor(client, national, django_user_model):
    vn, th, _ = national
    proposal = Adoption.objects.create(
        national=vn.documents.get(identifier="TCVN 5502:2003"),
        adopted_identifier="ISO 2049:1996", adopted_key="ISO 2049:1996",
        source="proposed", status="proposed", score=0.5,
    )  # fmt: skip
    url = f"/api/v1/adoptions/{proposal.pk}/decision"
    body = {"action": "confirm", "degree": "MOD"}
    assert client.post(url, body, content_type="application/json").status_code == 401
    outsider = django_user_model.objects.create_user("outsider", password="x" * 10)
    Membership.objects.create(user=outsider, body=th, role=Role.objects.get(slug="editor"))
    client.force_login(outsider)
    assert client.post(url, body, content_type="application/json").status_code == 403
    editor = django_user_model.objects.create_user("editor", password="x" * 10)
    Membership.objects.create(user=editor, body=vn, role=Role.objects.get(slug="editor"))
    client.force_login(editor)
    bad = client.post(url, {"action": "confirm"}, content_type="application/json")
    assert bad.status_code == 400 and "degree" in bad.json()["detail"]
    r = client.post(url, body, content_type="application/json")
    assert r.status_code == 200
    assert (r.json()["status"], r.json()["degree"]) == ("confirmed", "MOD")
    proposal.refresh_from_db()
    assert proposal.decided_by == editor
