"""A participant's assessments and feedback forms, and the programme's dashboard."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from harmonia.accounts import policy

from .. import assessments, dashboard, feedback, services
from ..models import AssessmentResponse, FeedbackCriterion, Module, Participant, Session
from .programmes import done, form_id, programme_or_403


def _me(request: HttpRequest, programme_pk: int) -> Participant:
    me = (
        Participant.objects.filter(
            programme_id=programme_pk, user_id=request.user.pk, status="accepted"
        )
        .select_related("programme")
        .first()
    )
    if me is None:
        raise PermissionDenied(_("Only the programme's accepted participants answer it."))
    return me


def _choice(value: str) -> int:
    if not value.strip().isdigit():
        raise services.TrainingError(_("Answer every question."))
    return int(value)


def _rating(value: str, name: str) -> int:
    if value.strip() not in ("1", "2", "3", "4", "5"):
        raise services.TrainingError(_("%(name)s: a rating from 1 to 5") % {"name": _(name)})
    return int(value)


@login_required
def assessment(request: HttpRequest, pk: int, module: int, kind: str) -> HttpResponse:
    programme = programme_or_403(request, pk)
    me = _me(request, programme.pk)
    found = get_object_or_404(Module, programme=programme, pk=module)
    if kind not in ("pre", "post"):
        return redirect("training:programme", pk=pk)
    questions = list(found.questions.all())
    answered = AssessmentResponse.objects.filter(module=found, participant=me, kind=kind).first()
    if request.method == "POST" and answered is None:

        def work() -> Any:
            answers = {q.pk: _choice(request.POST.get(f"q{q.pk}", "")) for q in questions}
            return assessments.submit(request.user, me, found, kind, answers)

        if done(request, work, _("Your answers are in.")):
            return redirect("training:assessment", pk=pk, module=module, kind=kind)
    opens, closes = assessments.window(found, kind)
    return render(
        request,
        "training/assessment.html",
        {
            "p": programme,
            "module": found,
            "kind": kind,
            "questions": questions,
            "answered": answered,
            "open": assessments.is_open(found, kind),
            "opens": opens,
            "closes": closes,
        },
    )


@login_required
def give_feedback(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    me = _me(request, programme.pk)
    session_pk = form_id(request.GET, "session") or form_id(request.POST, "session")
    session = (
        get_object_or_404(
            Session.objects.select_related("module"), module__programme=programme, pk=session_pk
        )
        if session_pk
        else None
    )
    criteria = list(FeedbackCriterion.objects.filter(scope="session" if session else "programme"))
    given = me.feedback.filter(session=session).exists()
    if request.method == "POST" and not given:

        def work() -> Any:
            ratings = {c.slug: _rating(request.POST.get(c.slug, ""), c.name) for c in criteria}
            comment = request.POST.get("comment", "")
            return feedback.submit(request.user, me, session, ratings, comment)

        if done(request, work, _("Thank you for your feedback.")):
            return redirect("training:programme", pk=pk)
    return render(
        request,
        "training/feedback.html",
        {
            "p": programme,
            "session": session,
            "criteria": criteria,
            "given": given,
            "scale": range(1, 6),
        },
    )


@login_required
def dashboard_page(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    organises = policy.can_organise(request.user, programme)
    board = dashboard.dashboard(programme)
    modules = {m.pk: m for m in programme.modules.all()}
    names = {c.slug: c.name for c in FeedbackCriterion.objects.all()}
    return render(
        request,
        "training/dashboard.html",
        {
            "p": programme,
            "d": board,
            "organises": organises,
            "by_module": [(modules[m], g) for m, g in board.learning.by_module.items()],
            "by_body": list(board.learning.by_body.items()),
            "programme_means": [
                (names.get(k, k), v) for k, v in board.feedback.programme.means.items()
            ],
            "session_rows": [
                (s, present, share, board.feedback.sessions.get(s.pk))
                for s, present, share in board.sessions
            ],
            "measures": {k: v[0] for k, v in dashboard.MEASURES.items()},
        },
    )
