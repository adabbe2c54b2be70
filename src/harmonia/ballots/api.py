"""Ballots over the API: a member's ballots, voting, closing, the rule calculator."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from harmonia.accounts import policy
from harmonia.accounts.api_auth import reader, signed_in
from harmonia.catalogue.models import Body, Committee
from harmonia.pagination import Pages

from . import rules, services
from .models import Ballot, BallotType, Response

router = Router(tags=["ballots"])


class TypeOut(Schema):
    slug: str
    name: str
    weeks: int
    electorate: str
    rule: str
    rule_source: str
    missed_limit_percent: int | None


class QuestionOut(Schema):
    position: int
    kind: str
    text: str
    answers: list[str]


class BallotOut(Schema):
    id: int
    body: str
    committee: str
    type: str
    reference: str
    title: str
    opens_at: str
    closes_at: str
    phase: str
    approved: bool | None
    demo: bool


class VoterOut(Schema):
    label: str
    p_member: bool
    vote: str | None
    reasons: str
    comment: str


class BallotDetailOut(BallotOut):
    questions: list[QuestionOut]
    explanation: str | None
    body_vote: str
    counts: dict[str, dict[str, int]] | None
    voters: list[VoterOut] | None
    history: list[dict[str, Any]]


class BallotIn(Schema):
    body: str = Field(..., max_length=40)
    committee: str = Field(..., max_length=100)
    type: str = Field(..., max_length=40)
    reference: str = Field(..., min_length=1, max_length=100)
    title: str = Field(..., min_length=1, max_length=500)
    closes_at: dt.datetime | None = None
    international_deadline: dt.datetime | None = None
    questions: list[tuple[str, list[str]]] = Field(default_factory=list, max_length=20)


class VoteIn(Schema):
    vote: str = Field(..., pattern="^(approve|disapprove|abstain)$")
    answers: dict[int, str] = Field(default_factory=dict, description="{question position: answer}")
    reasons: str = Field("", max_length=10_000)
    comment: str = Field("", max_length=10_000)
    voter: int | None = Field(None, description="Which voter (when you vote for a body)")
    uncounted_ok: bool = Field(
        False,
        description="Send a negative vote without technical reasons, knowing the rule "
        "leaves it out of the count (otherwise such a vote is refused)",
    )


class CloseIn(Schema):
    note: str = Field("", max_length=2000)
    body_vote: str = Field("", pattern="^(|approve|disapprove|abstain)$")


class CountsIn(Schema):
    type: str = Field(..., max_length=40)
    p_approve: int = Field(0, ge=0, le=100_000)
    p_disapprove: int = Field(0, ge=0, le=100_000)
    p_abstain: int = Field(0, ge=0, le=100_000)
    approve: int = Field(0, ge=0, le=100_000)
    disapprove: int = Field(0, ge=0, le=100_000)
    abstain: int = Field(0, ge=0, le=100_000)
    p_disapprove_unjustified: int = Field(0, ge=0, le=100_000)
    disapprove_unjustified: int = Field(0, ge=0, le=100_000)
    participants: int | None = Field(None, ge=0, le=100_000)
    p_members: int | None = Field(None, ge=0, le=100_000)


class OutcomeOut(Schema):
    approved: bool
    explanation: str
    checks: list[dict[str, Any]]


def _out(b: Ballot) -> dict[str, Any]:
    return {
        "id": b.pk,
        "body": b.body.code,
        "committee": b.committee.reference,
        "type": b.type_id,
        "reference": b.reference,
        "title": b.title,
        "opens_at": b.opens_at.isoformat(),
        "closes_at": b.closes_at.isoformat(),
        "phase": services.phase(b),
        "approved": b.approved,
        "demo": b.demo,
    }


def _ballot(request: HttpRequest, pk: int) -> Ballot:
    b = Ballot.objects.select_related("body", "committee", "type__rule").filter(pk=pk).first()
    if b is None:
        raise Http404(f"No ballot {pk}")
    if not policy.can_view_ballot(request.user, b):
        raise PermissionDenied("the body's members and the ballot's voters see it")
    return b


def _detail(request: HttpRequest, b: Ballot) -> dict[str, Any]:
    out = _out(b)
    show = policy.can_manage_ballot(request.user, b) or out["phase"] in ("pending", "closed")
    out["questions"] = list(b.questions.all())
    out["body_vote"] = b.body_vote
    out["explanation"] = services.result(b).explanation if show else None
    out["counts"] = {str(k): v for k, v in services.answer_counts(b).items()} if show else None
    if show:
        votes = {
            r.voter_id: r for r in Response.objects.filter(voter__ballot=b, question__kind="vote")
        }
        out["voters"] = [
            {
                "label": v.label,
                "p_member": v.p_member,
                "vote": votes[v.pk].answer if v.pk in votes else None,
                "reasons": votes[v.pk].reasons if v.pk in votes else "",
                "comment": votes[v.pk].comment if v.pk in votes else "",
            }
            for v in b.voters.order_by("label")
        ]
    else:
        out["voters"] = None
    out["history"] = [
        {
            "at": e.at.isoformat(),
            "from": e.from_state,
            "to": e.to_state,
            "by": e.by.username if e.by else None,
            "note": e.note,
        }
        for e in b.events.select_related("by")
    ]
    return out


@router.get("/ballot-types", response=list[TypeOut], summary="Ballot types and their rules")
def ballot_types(request: HttpRequest) -> Any:
    return [
        {
            "slug": t.slug,
            "name": t.name,
            "weeks": services.weeks_for(t),
            "electorate": t.electorate,
            "rule": t.rule.name,
            "rule_source": t.rule.source,
            "missed_limit_percent": t.missed_limit_percent,
        }
        for t in BallotType.objects.select_related("rule")
    ]


@router.get("/ballot-rules/evaluate", response=OutcomeOut, summary="The rule calculator")
def evaluate(request: HttpRequest, q: Query[CountsIn]) -> Any:
    counts = rules.Counts(**q.dict(exclude={"type"}))
    try:
        outcome = services.evaluate_counts(q.type, counts)
    except ValueError as exc:
        raise HttpError(422, str(exc)) from None
    return {
        "approved": outcome.approved,
        "explanation": outcome.explanation,
        "checks": outcome.checks,
    }


@router.get(
    "/ballots",
    response=list[BallotOut],
    auth=signed_in("read"),
    summary="Ballots you may see (your bodies' and those you vote in)",
)
@paginate(Pages, page_size=100)
def list_ballots(request: HttpRequest, state: str | None = None) -> Any:
    qs = services.visible(
        reader(request), Ballot.objects.select_related("body", "committee", "type")
    )
    if state in ("open", "pending", "closed", "cancelled"):
        now = timezone.now()
        if state == "open":
            qs = qs.filter(state="open", closes_at__gt=now)
        elif state == "pending":
            qs = qs.filter(state__in=["open", "pending"], closes_at__lte=now)
        else:
            qs = qs.filter(state=state)
    return [_out(b) for b in qs.order_by("-closes_at", "pk")]


@router.get("/ballots/{pk}", response=BallotDetailOut, auth=signed_in("read"), summary="A ballot")
def get_ballot(request: HttpRequest, pk: int) -> Any:
    request.user = reader(request)
    return _detail(request, _ballot(request, pk))


@router.post(
    "/ballots",
    response={201: BallotDetailOut},
    auth=signed_in("write"),
    summary="Open a ballot (the body's committee secretaries)",
)
def open_ballot(request: HttpRequest, payload: BallotIn) -> Any:
    body = Body.objects.filter(code=payload.body).first()
    committee = Committee.objects.filter(reference=payload.committee).first()
    btype = BallotType.objects.filter(slug=payload.type.strip().lower()).first()
    if body is None or committee is None or btype is None:
        raise HttpError(422, "body, committee and type must exist")
    if not policy.can_open_ballot(request.user, body, committee):
        raise PermissionDenied("the body's committee secretaries open ballots")
    try:
        ballot = services.open_ballot(
            request.user,
            body=body,
            committee=committee,
            ballot_type=btype,
            reference=payload.reference,
            title=payload.title,
            closes_at=payload.closes_at,
            international_deadline=payload.international_deadline,
            questions=[(t, list(a)) for t, a in payload.questions],
        )
    except services.BallotError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, _detail(request, _ballot(request, ballot.pk)))


@router.post(
    "/ballots/{pk}/votes",
    response=BallotDetailOut,
    auth=signed_in("write"),
    summary="Cast or change your vote (until the close)",
)
def cast(request: HttpRequest, pk: int, payload: VoteIn) -> Any:
    ballot = _ballot(request, pk)
    mine = services.voters_for(request.user, ballot)
    if payload.voter is not None:
        mine = [v for v in mine if v.pk == payload.voter]
    if not mine:
        raise PermissionDenied("you are not in this ballot's electorate")
    if len(mine) > 1:
        raise HttpError(422, "voter: you may vote for several voters; say which")
    answers = {int(k): v for k, v in payload.answers.items()}
    answers[1] = payload.vote
    try:
        services.cast(
            ballot,
            mine[0],
            request.user,
            answers,
            reasons=payload.reasons,
            comment=payload.comment,
            uncounted_ok=payload.uncounted_ok,
        )
    except services.BallotError as exc:
        raise HttpError(422, str(exc)) from None
    return _detail(request, _ballot(request, pk))


@router.post(
    "/ballots/{pk}/close",
    response=BallotDetailOut,
    auth=signed_in("write"),
    summary="Close a pending ballot and record its result",
)
def close(request: HttpRequest, pk: int, payload: CloseIn) -> Any:
    ballot = _ballot(request, pk)
    if not policy.can_manage_ballot(request.user, ballot):
        raise PermissionDenied("the committee's secretary closes ballots")
    try:
        services.close(ballot, request.user, note=payload.note, body_vote=payload.body_vote)
    except services.BallotError as exc:
        raise HttpError(422, str(exc)) from None
    return _detail(request, _ballot(request, pk))


@router.get(
    "/committee-obligations/{path:reference}",
    auth=signed_in("read"),
    summary="Missed votes of each P-member of a committee, and who is at risk",
)
def obligations(request: HttpRequest, reference: str) -> list[dict[str, Any]]:
    committee = Committee.objects.filter(reference=reference).first()
    user = reader(request)
    if committee is None:
        raise Http404(f"No committee {reference!r}")
    if not policy.can_view_obligations(user, committee):
        raise PermissionDenied("committee members and its body's secretaries")
    return [
        {
            "member": o.label,
            "mandatory_missed": o.mandatory_missed,
            "mandatory_total": o.mandatory_total,
            "internal_missed": o.counted_missed,
            "internal_total": o.counted_total,
            "by_year": {str(y): {"ballots": n[0], "missed": n[1]} for y, n in o.by_year.items()},
            "at_risk": o.at_risk,
            "why": o.why,
        }
        for o in services.obligations(committee)
    ]
