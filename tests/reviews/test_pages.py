"""The review pages: a body's queue with its candidates, starting and deciding a
review on the web, the document page's due date and history, query counts."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harmonia.catalogue.models import Document
from harmonia.reviews import services

pytestmark = pytest.mark.django_db


def test_the_queue_on_the_web(vn, client):
    body, sec, *_ = vn
    client.force_login(sec)
    page = client.get(f"/reviews/?body={body.code}").content.decode()
    assert "TCVN 1000:1995" in page and "TCVN ISO 14001:2010" in page  # due, and a candidate
    assert "ISO 14001:2015" in page  # the newer edition a candidate would adopt
    with CaptureQueriesContext(connection) as few:
        client.get(f"/reviews/?body={body.code}")
    for identifier in ("TCVN 1000:1995", "TCVN 6023:2007"):
        services.start(sec, Document.objects.get(identifier=identifier), with_ballot=False)
    with CaptureQueriesContext(connection) as more:
        client.get(f"/reviews/?body={body.code}")
    assert len(more.captured_queries) == len(few.captured_queries)
    client.cookies["django_language"] = "vi"
    assert "Đến hạn soát xét" in client.get(f"/reviews/?body={body.code}").content.decode()


def test_the_queue_pages_through_every_due_document(vn, client):
    body, sec, *_ = vn
    doc = Document.objects.get(identifier="TCVN 5502:2003")
    for i in range(60):  # published long ago: all overdue
        Document.objects.create(
            identifier=f"TCVN {90000 + i}:1999", key=f"TCVN {90000 + i}:1999",
            publisher=body, doctype=doc.doctype, stage=doc.stage, status=doc.status,
            published="1999-01", year=1999, title=f"Due {i}",
        )  # fmt: skip
    client.force_login(sec)
    first = client.get(f"/reviews/?body={body.code}").content.decode()
    rows, total, _ = services.queue(body, limit=None)
    assert total > 60 and "the first 500" not in first
    assert first.count('class="health overdue"') + first.count('class="health ok"') == 50
    assert f"Page 1 of {(total + 49) // 50}" in first
    assert f'href="?body={body.code}&amp;page=2"' in first
    last = client.get(f"/reviews/?body={body.code}&page=2").content.decode()
    due = last[last.index("Due for review") : last.index("Candidates")]
    assert f">{rows[-1].identifier}<" in due and f">{rows[0].identifier}<" not in due


def test_start_and_decide_on_the_web(vn, client):
    _body, sec, _tc, _experts, doc = vn
    client.force_login(sec)
    started = client.post("/reviews/start/", {"document": doc.identifier})
    review = doc.reviews.get()
    assert started["Location"] == f"/reviews/{review.pk}/"
    assert review.ballot is not None  # its committee has experts
    again = client.post("/reviews/start/", {"document": doc.identifier}, follow=True)
    assert "already under review" in again.content.decode()
    client.post(f"/reviews/{review.pk}/decide/", {"outcome": "confirm"})
    doc.refresh_from_db()
    assert doc.stage_id == "90.93"
    page = client.get(doc.get_absolute_url()).content.decode()
    assert "Systematic reviews" in page and "60.60 → <strong>90.93</strong>" in page
    assert "Review due" in page


def test_a_member_of_another_body_sees_no_queue(vn, client, django_user_model):
    body, *_ = vn
    client.force_login(django_user_model.objects.create(username="nobody"))
    assert client.get(f"/reviews/?body={body.code}").status_code == 403
