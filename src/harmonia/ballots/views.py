"""Ballot pages: the list of ballots a user may see, a ballot with its questions,
the user's vote and (for its managers) the running count, closing, the rule
calculator and the P-member obligations of a committee."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harmonia.accounts import policy
from harmonia.catalogue.models import Committee
from harmonia.webforms import aware_datetime

from . import rules, services
from .models import Ballot, BallotType, Response


def _ballot(request: HttpRequest, pk: int) -> Ballot:
    ballot = get_object_or_404(
        Ballot.objects.select_related("body", "committee", "type__rule", "project", "document"),
        pk=pk,
    )
    if not policy.can_view_ballot(request.user, ballot):
        raise PermissionDenied(_("Only the body's members and the ballot's voters see it."))
    return ballot


def ballot_list(request: HttpRequest) -> HttpResponse:
    if not policy.is_signed_in(request.user):
        return redirect(f"/accounts/login/?next={request.path}")
    qs = services.visible(request.user, Ballot.objects.select_related("type", "committee", "body"))
    state = request.GET.get("state", "")
    now = timezone.now()
    if state == "open":
        qs = qs.filter(state="open", closes_at__gt=now)
    elif state == "pending":
        qs = qs.filter(state__in=["open", "pending"], closes_at__lte=now)
    elif state in ("closed", "cancelled"):
        qs = qs.filter(state=state)
    rows = [(b, services.phase(b, now)) for b in qs.order_by("-closes_at")[:300]]
    can_open = policy.bodies_where(request.user, "secretary") != []
    return render(
        request, "ballots/list.html", {"rows": rows, "state": state, "can_open": can_open}
    )


@login_required
def ballot_detail(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    now = timezone.now()
    manages = policy.can_manage_ballot(request.user, ballot)
    mine = services.voters_for(request.user, ballot)
    questions = list(ballot.questions.all())
    given = {
        (r.voter_id, r.question_id): r
        for r in Response.objects.filter(voter__in=mine).select_related("question")
    }
    current = services.phase(ballot, now)
    # The interim result would sway those still voting: a secretary who also votes sees
    # it only when voting has ended, like every other voter.
    show_count = current in ("pending", "closed") or (manages and not mine)
    counts = services.answer_counts(ballot) if show_count else {}
    outcome = services.result(ballot) if show_count else None
    votes = (
        {
            r.voter_id: r
            for r in Response.objects.filter(voter__ballot=ballot, question__kind="vote")
        }
        if show_count
        else {}
    )
    context = {
        "b": ballot,
        "phase": current,
        "mine": [(v, [(q, given.get((v.pk, q.pk))) for q in questions]) for v in mine],
        "manages": manages,
        "outcome": outcome,
        "explanation": services.explain(outcome) if outcome else "",
        "question_counts": [(q, counts.get(q.position, {})) for q in questions],
        "show_count": show_count,
        "turnout": (
            Response.objects.filter(voter__ballot=ballot, question__kind="vote").count(),
            ballot.voters.count(),
        )
        if manages and not show_count
        else None,
        "voters": [
            (v, votes.get(v.pk))
            for v in ballot.voters.select_related("user", "body").order_by("label")
        ],
        "events": ballot.events.select_related("by"),
        "rule": ballot.type.rule,
        "vote_answers": services.VOTE_ANSWERS,
    }
    return render(request, "ballots/detail.html", context)


@require_POST
@login_required
def vote(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    mine = {str(v.pk): v for v in services.voters_for(request.user, ballot)}
    voter = mine.get(request.POST.get("voter", ""))
    if voter is None:
        raise PermissionDenied(_("You are not in this ballot's electorate."))
    answers = {}
    for q in ballot.questions.all():
        value = request.POST.get(f"q{q.position}", "")
        if value:
            answers[q.position] = value
    try:
        services.cast(
            ballot,
            voter,
            request.user,
            answers,
            reasons=request.POST.get("reasons", "")[:10_000],
            comment=request.POST.get("comment", "")[:10_000],
            uncounted_ok=request.POST.get("uncounted") == "1",
        )
        messages.success(request, _("Your vote is recorded; you may change it until the close."))
    except services.BallotError as exc:
        messages.error(request, str(exc))
    return redirect(ballot.get_absolute_url())


@require_POST
@login_required
def close(request: HttpRequest, pk: int) -> HttpResponse:
    ballot = _ballot(request, pk)
    if not policy.can_manage_ballot(request.user, ballot):
        raise PermissionDenied(_("Only the committee's secretary closes a ballot."))
    try:
        if request.POST.get("cancel"):
            services.cancel(ballot, request.user, request.POST.get("note", "")[:2000])
        else:
            services.close(
                ballot,
                request.user,
                note=request.POST.get("note", "")[:2000],
                body_vote=request.POST.get("body_vote", ""),
            )
    except services.BallotError as exc:
        messages.error(request, str(exc))
    return redirect(ballot.get_absolute_url())


@login_required
def new_ballot(request: HttpRequest) -> HttpResponse:
    choices = policy.national_bodies_run_by(request.user)
    if choices is None:
        raise PermissionDenied(_("Only a body's committee secretaries open ballots."))
    form = request.POST if request.method == "POST" else request.GET
    error = ""
    if request.method == "POST":
        body = choices.filter(code=form.get("body", "")).first()
        committee = Committee.objects.filter(reference=form.get("committee", "")).first()
        btype = BallotType.objects.filter(slug=form.get("type", "")).first()
        try:
            if body is None or committee is None or btype is None:
                raise services.BallotError(_("body, committee and type: all required"))
            if not policy.can_open_ballot(request.user, body, committee):
                raise PermissionDenied(_("You do not run this committee's ballots."))
            closes = _datetime(form.get("closes_at", ""), "closes_at")
            deadline = _datetime(form.get("international_deadline", ""), "international_deadline")
            extra = []
            for line in form.get("questions", "").splitlines()[:20]:
                text, _sep, answers = line.partition("|")
                if text.strip():
                    extra.append(
                        (
                            text.strip()[:500],
                            [a.strip()[:40] for a in answers.split(",") if a.strip()],
                        )
                    )
            ballot = services.open_ballot(
                request.user,
                body=body,
                committee=committee,
                ballot_type=btype,
                reference=form.get("reference", "")[:100],
                title=form.get("title", "")[:500],
                closes_at=closes,
                international_deadline=deadline,
                questions=extra,
            )
            return redirect(ballot.get_absolute_url())
        except services.BallotError as exc:
            error = str(exc)
    return render(
        request,
        "ballots/new.html",
        {
            "bodies": choices.order_by("code"),
            "types": BallotType.objects.all(),
            "form": form,
            "error": error,
        },
    )


def _datetime(value: str, name: str) -> dt.datetime | None:
    try:
        return aware_datetime(value, name)
    except ValueError as exc:
        raise services.BallotError(str(exc)) from None


COUNT_FIELDS = (
    "p_approve", "p_disapprove", "p_abstain", "approve", "disapprove", "abstain",
    "p_disapprove_unjustified", "disapprove_unjustified", "participants", "p_members",
)  # fmt: skip


def counts_from(params: object, fields: tuple[str, ...] = COUNT_FIELDS) -> rules.Counts:
    values: dict[str, int | None] = {}
    for name in fields:
        raw = str(params.get(name, "") or "").strip()  # type: ignore[attr-defined]
        if not raw:
            values[name] = None if name in ("participants", "p_members") else 0
            continue
        if not raw.isdigit() or len(raw) > 6:
            raise ValueError(
                _("%(name)s: a whole number from 0, got %(value)r")
                % {"name": name, "value": raw[:20]}
            )
        values[name] = int(raw)
    return rules.Counts(**values)  # type: ignore[arg-type]


def calculator(request: HttpRequest) -> HttpResponse:
    types = list(BallotType.objects.select_related("rule"))
    chosen = request.GET.get("type", "")
    outcome = error = None
    if chosen:
        try:
            outcome = services.evaluate_counts(chosen, counts_from(request.GET))
        except ValueError as exc:
            # The rule's checks are marked for translation: each said in the reader's language.
            error = "; ".join(_(part) for part in str(exc).split("; "))
    return render(
        request,
        "ballots/calculator.html",
        {
            "types": types,
            "chosen": chosen,
            "outcome": outcome,
            "explanation": services.explain(outcome) if outcome else "",
            "error": error,
            "q": request.GET,
        },
    )


def obligations(request: HttpRequest, reference: str) -> HttpResponse:
    committee = get_object_or_404(Committee, reference=reference)
    if not policy.can_view_obligations(request.user, committee):
        if not policy.is_signed_in(request.user):
            return redirect(f"/accounts/login/?next={request.path}")
        raise PermissionDenied(_("Committee members and secretaries see the obligations."))
    since = timezone.now() - dt.timedelta(days=365 * 3)
    rows = services.obligations(committee, since=since)
    return render(request, "ballots/obligations.html", {"committee": committee, "rows": rows})
