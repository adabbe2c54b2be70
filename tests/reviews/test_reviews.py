"""Systematic review: due dates from the period table, the queue, the outdated
adoptions as candidates, a review with its committee ballot, and each outcome applied
to the catalogue with its history."""

from __future__ import annotations

import datetime as dt

import pytest

from harmonia.accounts.models import AuditEvent
from harmonia.ballots import services as ballots
from harmonia.catalogue.models import Document
from harmonia.projects.models import Project
from harmonia.reviews import services
from harmonia.reviews.models import Review, ReviewPeriod

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 12, 1)


def test_due_dates_come_from_the_period_table(vn):
    body, _sec, _tc, _experts, doc = vn
    assert services.last_reviewed("2003", []) == dt.date(2003, 1, 1)
    assert services.last_reviewed("2003-05-20", [{"type": "confirmed", "value": "2021-02"}]) == (
        dt.date(2021, 2, 1)
    )
    assert services.due_date(doc) == dt.date(2008, 1, 1)
    ReviewPeriod.objects.create(body=body, doctype_id=doc.doctype_id, years=3, source="a body's")
    assert services.due_date(doc) == dt.date(2006, 1, 1)
    assert services.periods_for(body)[None] == 5  # the default stays for the other types


def test_the_queue_lists_the_body_s_current_documents_most_overdue_first(vn):
    body, *_ = vn
    rows, total, overdue = services.queue(body, today=TODAY)
    ids = [r.identifier for r in rows]
    assert "TCVN ISO 22000:2018" not in ids  # withdrawn: nothing to review
    assert ids[0] == "TCVN 1000:1995" and all(r.overdue for r in rows)
    assert [r.due for r in rows] == sorted(r.due for r in rows) and total == len(rows)
    assert overdue == total  # every one of this small catalogue is past its five years
    assert services.queue(body, today=TODAY, limit=2)[1:] == (total, overdue)
    assert not any(r.identifier.startswith("TIS") for r in rows)  # another body's


def test_outdated_adoptions_are_candidates_with_their_newer_edition(vn):
    body, *_ = vn
    found = {c.national: (c.reason, c.current) for c in services.candidates(body, TODAY)}
    assert found["TCVN ISO 14001:2010"] == ("revised", "ISO 14001:2015")


def test_a_review_with_its_ballot_then_confirmed(vn):
    _body, sec, _tc, experts, doc = vn
    review = services.start(sec, doc, today=TODAY)
    assert review.ballot is not None and review.ballot.voters.count() == 5
    assert [q.text for q in review.ballot.questions.all()][-1] == "Recommended outcome"
    with pytest.raises(services.ReviewError, match="already under review"):
        services.start(sec, doc, today=TODAY)
    for i, e in enumerate(experts):
        voter = review.ballot.voters.get(user=e)
        answer = "confirm" if i < 3 else "revise"
        ballots.cast(review.ballot, voter, e, {1: "approve", 2: answer})
    assert services.recommended(review) == (
        "confirm", {"confirm": 3, "revise": 2, "amend": 0, "withdraw": 0}
    )  # fmt: skip
    with pytest.raises(services.ReviewError, match="say why the outcome is withdraw"):
        services.decide(sec, review, "withdraw", on=TODAY)
    services.decide(sec, review, "confirm", on=TODAY)
    doc.refresh_from_db()
    assert doc.stage_id == "90.93" and {"type": "confirmed", "value": "2026-12-01"} in doc.dates
    assert services.due_date(doc) == dt.date(2031, 12, 1)  # five years from the confirmation
    [step] = services.history(doc)
    assert (step.from_stage_id, step.to_stage_id, step.outcome_id) == ("60.60", "90.93", "confirm")
    assert step.decided_by == sec
    events = AuditEvent.objects.filter(object_id=str(doc.pk), model__iendswith="document")
    changes = [(e.before.get("stage"), e.after.get("stage")) for e in events if e.before]
    assert ("60.60", "90.93") in changes  # the audit trail has the catalogue's change too


@pytest.mark.parametrize(
    ("outcome", "stage", "project"),
    [
        ("revise", "90.92", ("TCVN 5502:2027", "national-standard", True)),
        ("amend", "90.92", ("TCVN 5502:2003/Amd 1:2027", "amendment", False)),
        ("withdraw", "95.99", None),
    ],
)
def test_each_outcome_changes_the_catalogue(vn, outcome, stage, project):
    body, sec, _tc, _experts, doc = vn
    review = services.start(sec, doc, with_ballot=False, today=TODAY)
    services.decide(sec, review, outcome, note="decided by the committee", on=TODAY)
    doc.refresh_from_db()
    review.refresh_from_db()
    assert doc.stage_id == stage and review.to_stage_id == stage
    if project is None:
        assert doc.status == "withdrawn" and review.project is None
        assert "TCVN 5502:2003" not in [r.identifier for r in services.queue(body, today=TODAY)[0]]
    else:
        p = Project.objects.get(pk=review.project_id)
        assert (p.identifier, p.doctype_id, p.replaces_id == doc.pk) == project
        assert p.stage_id == "20.00" and p.body == body
    with pytest.raises(services.ReviewError, match="already decided"):
        services.decide(sec, review, "confirm", on=TODAY)


def test_only_secretaries_start_and_decide(vn):
    _body, sec, _tc, experts, doc = vn
    with pytest.raises(PermissionError):
        services.start(experts[0], doc, today=TODAY)
    review = services.start(sec, doc, with_ballot=False, today=TODAY)
    with pytest.raises(PermissionError):
        services.decide(experts[0], review, "confirm")
    with pytest.raises(services.ReviewError, match="'keep' is not one of confirm, revise"):
        services.decide(sec, review, "keep")
    assert Review.objects.get().state == "open"


def test_a_revision_that_cannot_start_changes_nothing(vn):
    _body, sec, _tc, _experts, doc = vn
    Document.objects.create(
        identifier="TCVN 5502:2027", key="tcvn-5502-2027", publisher=doc.publisher,
        doctype_id="national-standard",
    )  # fmt: skip
    review = services.start(sec, doc, with_ballot=False, today=TODAY)
    with pytest.raises(services.ReviewError, match="'TCVN 5502:2027' is already in the catalogue"):
        services.decide(sec, review, "revise", on=TODAY)
    doc.refresh_from_db()
    review.refresh_from_db()
    assert (doc.stage_id, review.state) == ("60.60", "open")
    assert not Project.objects.exists()


def test_the_next_review_of_a_document_gets_its_own_ballot(vn):
    _body, sec, _tc, _experts, doc = vn
    first = services.start(sec, doc, today=TODAY)
    services.decide(sec, first, "confirm", note="ok", on=TODAY)
    later = TODAY + dt.timedelta(days=5 * 365)
    second = services.start(sec, doc, today=later)
    assert first.ballot.reference == "SR TCVN 5502:2003 (2026)"
    assert second.ballot.reference == "SR TCVN 5502:2003 (2031)"
