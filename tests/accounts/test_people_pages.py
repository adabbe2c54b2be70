"""Committee people, and the query counts of the people and audit pages (pinned, so an
N+1 cannot creep in as rows are added)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harmonia.accounts import audit
from harmonia.accounts.models import CommitteeMembership, Membership
from harmonia.catalogue.models import Committee

from .conftest import person

pytestmark = pytest.mark.django_db
PAGE = "/accounts/committees/TCVN/TC 176/people/"


def test_committee_officers_manage_members_and_experts_only_look(tenants):
    committee = Committee.objects.get(reference="TCVN/TC 176")
    secretary = tenants.client("secretary")  # the body's committee secretary
    assert secretary.post(PAGE, {"username": "b-viewer", "role": "expert"}).status_code == 302
    outsider = tenants.people["outsider"]
    held = CommitteeMembership.objects.get(user=outsider, committee=committee)
    assert held.role_id == "expert"
    # An expert from another body sees the committee's people, cannot change them.
    expert = tenants.client("outsider")
    assert expert.get(PAGE).status_code == 200
    assert expert.post(PAGE, {"username": "b-viewer", "role": "chair"}).status_code == 403
    # The chair runs the committee without any role in the body.
    chair = person("chair")
    CommitteeMembership.objects.create(user=chair, committee=committee, role_id="chair")
    client = tenants.client("anonymous")
    client.force_login(chair)
    assert client.post(PAGE, {"username": "b-viewer", "role": ""}).status_code == 302
    assert not CommitteeMembership.objects.filter(user=outsider).exists()
    # An editor of the body is not an officer.
    assert (
        tenants.client("editor").post(PAGE, {"username": "a-viewer", "role": "expert"}).status_code
        == 403
    )


def test_terms_of_committee_people(tenants):
    import datetime as dt

    from harmonia.accounts.models import AuditEvent

    committee = Committee.objects.get(reference="TCVN/TC 176")
    secretary = tenants.client("secretary")
    term = {"username": "b-viewer", "role": "chair", "term_start": "2026-01-01"}
    assert secretary.post(PAGE, {**term, "term_end": "2029-12-31"}).status_code == 302
    held = CommitteeMembership.objects.get(user=tenants.people["outsider"], committee=committee)
    assert (held.role_id, held.term_start, held.term_end) == (
        "chair",
        dt.date(2026, 1, 1),
        dt.date(2029, 12, 31),
    )
    changes = AuditEvent.objects.count()
    page = secretary.post(PAGE, {**term, "term_end": "2025-01-01"}, follow=True)
    assert (
        "term_end: 2025-01-01 is before the start of the term (2026-01-01)" in page.content.decode()
    )
    bad = secretary.post(PAGE, {**term, "term_end": "soon"}, follow=True)
    assert "term_end: not a date (YYYY-MM-DD): &#x27;soon&#x27;" in bad.content.decode()
    held.refresh_from_db()
    assert held.term_end == dt.date(2029, 12, 31) and AuditEvent.objects.count() == changes
    assert (
        "2026-01-01 – 2029-12-31"
        in tenants.client("outsider").get("/committees/TCVN/TC 176/").content.decode()
    )


def _queries(client, path):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(path).status_code == 200
    return len(ctx)


def test_people_and_audit_pages_do_not_grow_queries_with_rows(tenants):
    client = tenants.client("admin")
    paths = ["/accounts/bodies/STAMEQ/people/", "/accounts/audit/", PAGE]
    before = [_queries(client, p) for p in paths]
    committee = Committee.objects.get(reference="TCVN/TC 176")
    with audit.acting(tenants.people["admin"], "web"):
        for i in range(15):
            extra = person(f"extra-{i}")
            Membership.objects.create(user=extra, body=tenants.a, role_id="viewer")
            CommitteeMembership.objects.create(user=extra, committee=committee, role_id="expert")
    after = [_queries(client, p) for p in paths]
    assert after == before, f"queries grew with rows: {before} -> {after}"
    assert max(after) <= 12
