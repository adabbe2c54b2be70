"""Training pages: the programmes a person takes part in, and a programme's page with
what each person may do there: organisers invite bodies, accept nominations, check
people in and issue certificates; a body's focal point nominates; a participant checks
in with the room's code and finds their certificate."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import messages
from django.contrib.auth import get_user_model
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harmonia.accounts import policy
from harmonia.catalogue.models import Body

from .. import assessments, calendars, feedback, services
from ..models import (
    ActionItem,
    AssessmentResponse,
    Material,
    Module,
    Participant,
    Programme,
    ProgrammeBody,
    Session,
)


def programme_or_403(request: HttpRequest, pk: int) -> Programme:
    programme = get_object_or_404(Programme.objects.select_related("host"), pk=pk)
    if not services.visible_programmes(request.user).filter(pk=pk).exists():
        raise PermissionDenied(
            _("Only the programme's organisers, focal points and participants see it.")
        )
    return programme


@login_required
def programme_list(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "training/list.html",
        {
            "programmes": services.visible_programmes(request.user).order_by("-starts_on"),
            "may_create": policy.bodies_where(request.user, "editor") != [],
        },
    )


@login_required
def programme_detail(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    user = request.user
    organises = policy.can_organise(user, programme)
    invited = list(
        ProgrammeBody.objects.filter(programme=programme).select_related("body", "focal_point")
    )
    for pb in invited:
        pb.programme = programme  # read once, not once a body
    mine = [pb for pb in invited if policy.can_nominate(user, pb)]
    people = Participant.objects.filter(programme=programme).select_related("body")
    if not organises:
        people = people.filter(Q(body__in=[pb.body_id for pb in mine]) | Q(user=user))
    shares = services.attendance_percent(programme)
    gains = assessments.learning_gains(programme).by_participant if organises else {}
    sessions = list(Session.objects.filter(module__programme=programme).select_related("module"))
    context = {
        "p": programme,
        "organises": organises,
        "invited": invited,
        "mine": mine,
        "people": [(x, shares.get(x.pk), gains.get(x.pk)) for x in people],
        "sessions": sessions,
        "me": Participant.objects.filter(programme=programme, user=user, status="accepted")
        .select_related("certificate")
        .first()
        if policy.is_signed_in(user)
        else None,
        "codes": {s.pk: services.room_code(s) for s in sessions} if organises else {},
        "follow_up_months": services.FollowUp.MONTHS,
    }
    me = context["me"]
    context["actions"] = list(me.actions.prefetch_related("follow_ups")) if me is not None else []
    context.update(_for_participant(programme, me, sessions))
    context["announcements"] = programme.announcements.all()[:20]
    context["partners"] = programme.partners.all()
    materials = _materials(sessions) if organises or me is not None else {}
    context["session_rows"] = [
        (s, context["codes"].get(s.pk, ""), materials.get(s.pk, [])) for s in sessions
    ]
    return render(request, "training/programme.html", context)


def _materials(sessions: list[Session]) -> dict[int, list[Material]]:
    out: dict[int, list[Material]] = {}
    for m in Material.objects.filter(session__in=sessions).defer("content"):
        out.setdefault(m.session_id, []).append(m)
    return out


def _for_participant(
    programme: Programme, me: Participant | None, sessions: list[Session]
) -> dict[str, Any]:
    """What a participant still has to do: assessments (open, closed or answered),
    feedback on the sessions they attended and on the programme, and their calendar."""
    if me is None:
        return {}
    answered = {
        (module_id, kind): score
        for module_id, kind, score in AssessmentResponse.objects.filter(participant=me).values_list(
            "module_id", "kind", "score"
        )
    }
    starts: dict[int, list[dt.datetime]] = {}
    for s in sessions:
        starts.setdefault(s.module_id, []).append(s.starts_at)
    steps = []
    for module in (
        Module.objects.filter(programme=programme)
        .annotate(q=Count("questions"))
        .order_by("position")
    ):
        if not module.q:
            continue
        module.programme = programme  # read once, not once a module
        for kind in ("pre", "post"):
            steps.append(
                {
                    "module": module,
                    "kind": kind,
                    "done": (module.pk, kind) in answered,
                    "open": assessments.is_open(module, kind, starts=starts.get(module.pk, [])),
                }
            )
    attended = set(me.attendance.values_list("session_id", flat=True))
    given = set(me.feedback.values_list("session_id", flat=True))
    now = timezone.now()
    opens, closes = feedback.window(programme)
    open_ = now <= closes
    return {
        "steps": steps,
        "to_rate": [s for s in sessions if open_ and s.pk in attended and s.pk not in given],
        "programme_rated": None in given,
        "programme_to_rate": opens <= now <= closes,
        "calendar_token": calendars.feed_token(me),
    }


def form_date(value: str, name: str) -> dt.date:
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise services.TrainingError(f"{name}: a date (YYYY-MM-DD)") from None


def form_id(form: Any, name: str) -> int:
    """The id a form names, 0 (found nowhere: a 404) when it is not a whole number."""
    value = str(form.get(name, "")).strip()
    return int(value) if value.isascii() and value.isdigit() and len(value) < 19 else 0


def done(request: HttpRequest, work: Any, ok: str) -> Any:
    """Run a form's work: its error as a message (and None), a refusal as a 403, and
    what it made when it succeeds."""
    try:
        made = work()
    except services.TrainingError as exc:
        messages.error(request, str(exc))
        return None
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    messages.success(request, ok)
    return made if made is not None else True


def _done(request: HttpRequest, programme: Programme, work: Any, ok: str) -> HttpResponse:
    done(request, work, ok)
    return redirect("training:programme", pk=programme.pk)


@require_POST
@login_required
def invite(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    body = Body.objects.filter(code=request.POST.get("body", "").strip()).first()
    focal = (
        get_user_model()
        .objects.filter(username=request.POST.get("focal_point", "").strip())
        .first()
    )

    def work() -> None:
        if body is None:
            raise services.TrainingError(_("body: no body with that code"))
        try:
            quota = int(request.POST.get("quota", "2"))
        except ValueError:
            raise services.TrainingError(_("quota: a whole number")) from None
        services.invite(request.user, programme, body, quota=quota, focal_point=focal)

    return _done(request, programme, work, _("Invited."))


@require_POST
@login_required
def nominate(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    invited = get_object_or_404(
        ProgrammeBody, programme=programme, body__code=request.POST.get("body", "")
    )
    fields = {
        k: request.POST.get(k, "").strip()[:300]
        for k in ("position", "gender", "dietary", "accessibility")
    }

    def work() -> None:
        dates = {
            name: form_date(text, name)
            for name in ("arrival", "departure")
            if (text := request.POST.get(name, "").strip())
        }
        services.nominate(
            request.user,
            invited,
            name=request.POST.get("name", "")[:200],
            email=request.POST.get("email", "")[:254],
            **fields,
            **dates,
        )

    return _done(request, programme, work, _("Nominated."))


@require_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    person = get_object_or_404(
        Participant, programme=programme, pk=form_id(request.POST, "participant")
    )
    accept = request.POST.get("accept") == "1"
    join_url = request.build_absolute_uri(reverse("training:join", args=["TOKEN"])).replace(
        "TOKEN", "{token}"
    )
    return _done(
        request,
        programme,
        lambda: services.decide(request.user, person, accept, join_url),
        _("Saved."),
    )


@require_POST
@login_required
def check_in(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    session = get_object_or_404(
        Session, module__programme=programme, pk=form_id(request.POST, "session")
    )
    code = request.POST.get("code")
    if code is None:
        person = get_object_or_404(
            Participant, programme=programme, pk=form_id(request.POST, "participant")
        )
    else:
        person = get_object_or_404(Participant, programme=programme, user=request.user)
    return _done(
        request,
        programme,
        lambda: services.check_in(request.user, session, person, code),
        _("Checked in."),
    )


@require_POST
@login_required
def issue(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)

    def work() -> None:
        issued, refused = services.issue_certificates(request.user, programme)
        messages.info(
            request,
            _("%(issued)s certificates issued; %(refused)s below the attendance threshold.")
            % {"issued": len(issued), "refused": len(refused)},
        )

    return _done(request, programme, work, _("Done."))


@require_POST
@login_required
def add_action(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    person = get_object_or_404(
        Participant, programme=programme, pk=form_id(request.POST, "participant")
    )

    def work() -> None:
        try:
            due = dt.date.fromisoformat(request.POST.get("due", "").strip())
        except ValueError:
            raise services.TrainingError(_("due: a date (YYYY-MM-DD)")) from None
        services.add_action(
            request.user,
            person,
            action=request.POST.get("action", "")[:500],
            owner=request.POST.get("owner", "")[:200],
            due=due,
        )

    return _done(request, programme, work, _("Action added."))


@require_POST
@login_required
def follow_up(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    item = get_object_or_404(
        ActionItem, participant__programme=programme, pk=form_id(request.POST, "item")
    )

    def work() -> None:
        try:
            month, progress = (
                int(request.POST.get("month", "")),
                int(request.POST.get("progress", "")),
            )
        except ValueError:
            raise services.TrainingError(_("month and progress: whole numbers")) from None
        services.record_follow_up(
            request.user, item, month=month, progress=progress, note=request.POST.get("note", "")
        )

    return _done(request, programme, work, _("Progress recorded."))
