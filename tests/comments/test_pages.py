"""The comment pages on the web: fast entry through htmx, the template in and out,
the secretary's decisions, query counts that do not grow with the comments, and the
pages in Vietnamese."""

from __future__ import annotations

import io

import docx
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harmonia.comments import services

from .conftest import fill

pytestmark = pytest.mark.django_db


def queries(client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def test_the_draft_page_reads_the_same_queries_for_5_or_40_comments(setup, draft, client):
    client.force_login(setup.secretary)
    made = fill(draft, setup.experts[0], n=5)
    services.decide(setup.secretary, made[1], "merged", merged_into=made[0])
    services.resolve(setup.secretary, made[0], "accepted", "ok")
    few = queries(client, draft.get_absolute_url())
    many = fill(draft, setup.experts[1], n=35, seed=8)
    services.decide(setup.secretary, many[5], "merged", merged_into=many[6])
    services.resolve(setup.secretary, many[7], "noted", "")
    assert queries(client, draft.get_absolute_url()) == few
    assert queries(client, draft.get_absolute_url() + "?order=clause") == few
    comment = made[0]
    detail = queries(client, f"/comments/c/{comment.pk}/")
    for _ in range(10):
        services.edit(setup.secretary, comment, text=comment.text + ".")
    assert queries(client, f"/comments/c/{comment.pk}/") == detail


def test_fast_entry_through_htmx_keeps_the_clause_and_type(setup, draft, client):
    client.force_login(setup.experts[0])
    url = f"/comments/{draft.pk}/add/"
    row = {"member_body": "VN", "clause": "4.2", "type": "ed", "line": "17", "text": "Typo."}
    response = client.post(url, row, HTTP_HX_REQUEST="true")
    page = response.content.decode()
    assert response.status_code == 200 and "<html" not in page  # the table only
    assert "Typo." in page
    assert 'name="clause" value="4.2"' in page and '<option value="ed" selected>' in page
    assert 'name="line" value=""' in page  # the line is the next comment's own
    bad = client.post(url, {**row, "text": " "}, HTTP_HX_REQUEST="true").content.decode()
    assert "text: the comment is empty" in bad
    assert draft.comments.count() == 1
    comment = draft.comments.get()
    assert (comment.author, comment.line, comment.member_body) == (setup.experts[0], "17", "VN")


def test_the_template_in_and_out_on_the_web(setup, draft, client, tmp_path):
    fill(draft, setup.experts[0], n=50)
    client.force_login(setup.secretary)
    got = client.get(f"/comments/{draft.pk}/export.docx")
    assert got["Content-Type"].endswith("wordprocessingml.document")
    assert 'filename="ISO_DIS_9001.docx"' in got["Content-Disposition"]
    other = services.open_set(
        setup.secretary, body=setup.body, committee=setup.committee, reference="B", title="t"
    )
    upload = io.BytesIO(got.content)
    upload.name = "ISO_DIS_9001_VN.docx"
    response = client.post(f"/comments/{other.pk}/import/", {"file": upload}, follow=True)
    assert "50 comments imported." in response.content.decode()
    assert other.comments.count() == 50

    document = docx.Document(io.BytesIO(got.content))
    document.tables[-1].rows[3].cells[4].text = "major"
    bad = io.BytesIO()
    document.save(bad)
    bad.seek(0)
    bad.name = "broken.docx"
    page = client.post(f"/comments/{other.pk}/import/", {"file": bad}, follow=True)
    text = page.content.decode()
    assert "broken.docx, row 4: type of comment &#x27;major&#x27; is not one of" in text
    assert "harmonia-upload-" not in text  # no temporary folder in the message
    assert other.comments.count() == 50
    position = client.get(f"/comments/{draft.pk}/export.xlsx?which=position")
    assert position["Content-Type"].endswith("spreadsheetml.sheet")
    assert 'filename="ISO_DIS_9001_position.xlsx"' in position["Content-Disposition"]


def test_the_secretary_decides_on_the_web(setup, draft, client):
    a, b = fill(draft, setup.experts[0], n=2)
    client.force_login(setup.secretary)
    client.post(f"/comments/c/{b.pk}/decide/", {"decision": "merged", "merged_into": a.position})
    client.post(
        f"/comments/c/{a.pk}/decide/",
        {"decision": "accepted", "resolution": "not-accepted", "observations": "Không cần."},
    )
    a.refresh_from_db()
    b.refresh_from_db()
    assert (a.decision, a.resolution_id, a.observations) == (
        "accepted",
        "not-accepted",
        "Không cần.",
    )
    assert (b.decision, b.merged_into_id) == ("merged", a.pk)
    page = client.get(f"/comments/c/{a.pk}/").content.decode()
    assert "Merged into this one" in page and "Không cần." in page
    client.post(f"/comments/{draft.pk}/compile/")
    draft.refresh_from_db()
    assert draft.state == "compiled"


def test_the_pages_in_vietnamese(setup, draft, client):
    fill(draft, setup.experts[0], n=3)
    client.force_login(setup.secretary)
    client.cookies["django_language"] = "vi"
    page = client.get(draft.get_absolute_url()).content.decode()
    assert "Tổng hợp góp ý của tổ chức" in page and "Đề xuất sửa đổi" in page
    assert "Lấy ý kiến công chúng" in client.get("/enquiries/").content.decode()


def test_my_work_shows_comments_to_consolidate_and_drafts_to_comment(setup, draft, client):
    fill(draft, setup.experts[0], n=3)
    client.force_login(setup.secretary)
    page = client.get("/work/").content.decode()
    assert "Comments waiting for consolidation" in page and "3 comments waiting" in page
    client.force_login(setup.experts[2])
    page = client.get("/work/").content.decode()
    assert "Drafts open for comment" in page and draft.get_absolute_url() in page
    client.force_login(setup.observer)
    assert draft.get_absolute_url() not in client.get("/work/").content.decode()
