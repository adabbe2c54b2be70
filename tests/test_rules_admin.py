"""The rules tables are data a platform admin changes in the admin, without code: each
one opens there, and a body's own review period added through the admin form moves its
documents' due dates."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from harmonia.accounts import totp
from harmonia.accounts.models import TOTPDevice
from harmonia.catalogue.models import Body, Document
from harmonia.reviews.services import due_date

pytestmark = pytest.mark.django_db
TABLES = [
    "ballots/ballotrule", "ballots/ballottype", "projects/stagetransition",
    "projects/stageperiod", "committees/memberstatus", "comments/commenttype",
    "comments/resolution", "reviews/reviewperiod", "reviews/reviewoutcome",
    "training/feedbackcriterion", "training/framework", "alerts/eventkind",
]  # fmt: skip


@pytest.fixture
def admin_client(client):
    root = get_user_model().objects.create(username="root", is_superuser=True, is_staff=True)
    TOTPDevice.objects.create(user=root, secret=totp.new_secret(), confirmed_at=timezone.now())
    client.force_login(root)
    return client


@pytest.mark.parametrize("table", TABLES)
def test_each_rules_table_opens_in_the_admin(admin_client, table):
    page = admin_client.get(f"/admin/{table}/")
    assert page.status_code == 200
    assert admin_client.get(f"/admin/{table}/add/").status_code == 200


def test_a_body_s_review_period_added_in_the_admin_moves_the_due_date(admin_client):
    body = Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")
    doc = Document.objects.create(
        identifier="TCVN 1:2020", key="tcvn-1-2020", publisher=body, stage_id="60.60",
        doctype_id="national-standard", published="2020-03-01",
    )  # fmt: skip
    assert due_date(doc) == dt.date(2025, 3, 1)
    response = admin_client.post(
        "/admin/reviews/reviewperiod/add/",
        {"body": body.pk, "doctype": "national-standard", "years": 3, "source": "Decision 1/2026"},
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert due_date(doc) == dt.date(2023, 3, 1)


def test_a_feedback_question_added_in_the_admin_is_asked(admin_client):
    from harmonia.training.feedback import criteria

    response = admin_client.post(
        "/admin/training/feedbackcriterion/add/",
        {"slug": "venue", "name": "The venue suited the programme", "scope": "programme",
         "position": 9, "source": "STAMEQ's own question"},
    )  # fmt: skip
    assert response.status_code == 302, response.content.decode()[:2000]
    assert criteria("programme")[-1].name == "The venue suited the programme"
