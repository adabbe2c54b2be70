"""Systematic review over the API: a body's review queue, a review, starting one and
deciding its outcome (the body's secretaries)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.responses import Status

from harmonia.accounts import policy
from harmonia.accounts.api_auth import reader, signed_in
from harmonia.catalogue.models import Body, Document

from . import services
from .models import Review

router = Router(tags=["reviews"])


class DueOut(Schema):
    identifier: str
    title: str
    committee: str
    since: str
    due: str
    overdue: bool
    review: int | None


class CandidateOut(Schema):
    national: str
    adopted: str
    current: str
    reason: str
    since: str


class QueueOut(Schema):
    body: str
    total: int
    overdue: int
    due: list[DueOut]
    candidates: list[CandidateOut]


class ReviewOut(Schema):
    id: int
    document: str
    body: str
    committee: str | None
    due: str
    state: str
    ballot: int | None
    recommended: str
    outcome: str | None
    decided_on: str | None
    from_stage: str | None
    to_stage: str | None
    project: str | None
    note: str


class StartIn(Schema):
    document: str = Field(..., min_length=1, max_length=255)
    ballot: bool = True


class DecisionIn(Schema):
    outcome: str = Field(
        ..., pattern="^[a-z-]{1,20}$", description="confirm, revise, amend, withdraw"
    )
    note: str = Field("", max_length=2000)


def _review_out(r: Review) -> dict[str, Any]:
    advice, _counts = services.recommended(r)
    return {
        "id": r.pk,
        "document": r.document.identifier,
        "body": r.body.code,
        "committee": r.committee.reference if r.committee else None,
        "due": r.due.isoformat(),
        "state": r.state,
        "ballot": r.ballot_id,
        "recommended": advice,
        "outcome": r.outcome_id,
        "decided_on": r.decided_on.isoformat() if r.decided_on else None,
        "from_stage": r.from_stage_id,
        "to_stage": r.to_stage_id,
        "project": r.project.identifier if r.project else None,
        "note": r.note,
    }


def _review(request: HttpRequest, pk: int) -> Review:
    r = (
        Review.objects.select_related("document", "body", "committee", "project")
        .filter(pk=pk)
        .first()
    )
    if r is None:
        raise Http404(f"No review {pk}")
    if not policy.can_view_private(reader(request), r.body_id):
        raise PermissionDenied("reviews are the body's business")
    return r


@router.get(
    "/review-queue/{code}",
    response=QueueOut,
    auth=signed_in("read"),
    summary="A body's documents due within `within` days (the first 500) and the candidates",
)
def review_queue(request: HttpRequest, code: str, within: int = 365) -> Any:
    body = Body.objects.filter(code=code).first()
    if body is None:
        raise Http404(f"No body {code}")
    if not policy.can_view_private(reader(request), body):
        raise PermissionDenied("the review queue is for the body's members")
    rows, total, overdue = services.queue(body, within_days=max(0, min(within, 3650)))
    return {
        "body": body.code,
        "total": total,
        "overdue": overdue,
        "due": [
            {
                "identifier": r.identifier,
                "title": r.title,
                "committee": r.committee,
                "since": r.since.isoformat(),
                "due": r.due.isoformat(),
                "overdue": r.overdue,
                "review": r.review_id,
            }
            for r in rows
        ],
        "candidates": [
            {k: c.as_dict()[k] for k in ("national", "adopted", "current", "reason", "since")}
            for c in services.candidates(body)
        ],
    }


@router.get("/reviews/{pk}", response=ReviewOut, auth=signed_in("read"), summary="A review")
def get_review(request: HttpRequest, pk: int) -> Any:
    return _review_out(_review(request, pk))


@router.post(
    "/reviews",
    response={201: ReviewOut},
    auth=signed_in("write"),
    summary="Start the review of a document (with its committee's ballot unless ballot=false)",
)
def start_review(request: HttpRequest, payload: StartIn) -> Any:
    document = (
        Document.objects.select_related("publisher", "committee")
        .filter(identifier=payload.document)
        .first()
    )
    if document is None:
        raise HttpError(422, f"document: no {payload.document!r} in the catalogue")
    if not policy.can_run_committees(request.user, document.publisher_id):
        raise PermissionDenied("the body's secretaries start reviews")
    try:
        review = services.start(request.user, document, with_ballot=payload.ballot)
    except services.ReviewError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, _review_out(_review(request, review.pk)))


@router.post(
    "/reviews/{pk}/decision",
    response=ReviewOut,
    auth=signed_in("write"),
    summary="Decide a review: the outcome is applied to the catalogue",
)
def decide_review(request: HttpRequest, pk: int, payload: DecisionIn) -> Any:
    review = _review(request, pk)
    if not policy.can_run_committees(request.user, review.body_id):
        raise PermissionDenied("the body's secretaries decide reviews")
    try:
        services.decide(request.user, review, payload.outcome, note=payload.note)
    except services.ReviewError as exc:
        raise HttpError(422, str(exc)) from None
    return _review_out(_review(request, pk))
