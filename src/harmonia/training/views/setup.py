"""The organisers' pages for setting a programme up: a new programme, and on its setup
page its partners, modules, sessions, materials, questions, indicators and
announcements."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal, InvalidOperation
from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harmonia.accounts import policy
from harmonia.catalogue.models import Body

from .. import assessments, dashboard, planning, services
from ..models import FeedbackCriterion, Module, Session
from .programmes import done, form_date, form_id, programme_or_403


def _datetime(value: str, name: str) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise services.TrainingError(f"{name}: a date and time (YYYY-MM-DD HH:MM)") from None


def _int(value: str, name: str) -> int:
    try:
        return int(value.strip())
    except ValueError:
        raise services.TrainingError(f"{name}: a whole number") from None


@login_required
def new_programme(request: HttpRequest) -> HttpResponse:
    hosts = policy.bodies_where(request.user, "editor")
    bodies = Body.objects.order_by("code")
    if hosts is not None:
        bodies = bodies.filter(pk__in=hosts)
    if not bodies.exists():
        raise PermissionDenied(_("Only a body's editors create its programmes."))
    if request.method == "POST":
        form = request.POST

        def work() -> Any:
            host = bodies.filter(code=form.get("host", "")).first()
            if host is None:
                raise services.TrainingError(_("host: one of your bodies"))
            close = form.get("nominations_close", "").strip()
            return planning.create_programme(
                request.user,
                host,
                title=form.get("title", "")[:300],
                starts_on=form_date(form.get("starts_on", ""), "starts_on"),
                ends_on=form_date(form.get("ends_on", ""), "ends_on"),
                venue=form.get("venue", "")[:300],
                time_zone=form.get("time_zone", "Asia/Ho_Chi_Minh").strip()[:60],
                languages=[x for x in form.getlist("languages") if x in ("en", "vi")],
                nominations_close=form_date(close, "nominations_close") if close else None,
                attendance_threshold=_int(form.get("attendance_threshold", "80"), "threshold"),
                framework=form.get("framework", "")[:300],
            )

        programme = done(request, work, _("Programme created."))
        if programme:
            return redirect("training:setup", pk=programme.pk)
    return render(request, "training/new.html", {"bodies": bodies, "form": request.POST})


@login_required
def setup(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    if not policy.can_organise(request.user, programme):
        raise PermissionDenied(_("Only the host's organisers set a programme up."))
    modules = list(programme.modules.prefetch_related("questions"))
    return render(
        request,
        "training/setup.html",
        {
            "p": programme,
            "modules": modules,
            "sessions": Session.objects.filter(module__programme=programme)
            .select_related("module")
            .prefetch_related("materials"),
            "partners": programme.partners.all(),
            "announcements": programme.announcements.all(),
            "indicators": [
                (i, dashboard.MEASURES[i.measure][0] if i.measure in dashboard.MEASURES else "")
                for i in programme.indicators.all()
            ],
            "measures": [(k, v[0]) for k, v in dashboard.MEASURES.items()],
            "criteria": FeedbackCriterion.objects.all(),
            "closes_on": assessments.closes_on(programme),
        },
    )


def _setup_done(request: HttpRequest, pk: int, work: Any, ok: str) -> HttpResponse:
    done(request, work, ok)
    return redirect("training:setup", pk=pk)


@require_POST
@login_required
def add_partner(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    return _setup_done(
        request,
        pk,
        lambda: planning.add_partner(
            request.user, programme, request.POST.get("name", ""), request.POST.get("role", "")
        ),
        _("Partner added."),
    )


@require_POST
@login_required
def add_module(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    return _setup_done(
        request,
        pk,
        lambda: planning.add_module(request.user, programme, request.POST.get("title", "")),
        _("Module added."),
    )


@require_POST
@login_required
def add_session(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    module = get_object_or_404(Module, programme=programme, pk=form_id(request.POST, "module"))
    form = request.POST

    def work() -> None:
        planning.add_session(
            request.user,
            module,
            title=form.get("title", ""),
            starts_at=_datetime(form.get("starts_at", ""), "starts"),
            ends_at=_datetime(form.get("ends_at", ""), "ends"),
            room=form.get("room", ""),
            online_link=form.get("online_link", "").strip(),
            trainers=form.get("trainers", ""),
        )

    return _setup_done(request, pk, work, _("Session added."))


@require_POST
@login_required
def add_material(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    session = get_object_or_404(
        Session, module__programme=programme, pk=form_id(request.POST, "session")
    )
    upload = request.FILES.get("file")

    def work() -> None:
        planning.add_material(
            request.user,
            session,
            title=request.POST.get("title", ""),
            url=request.POST.get("url", "").strip(),
            file_name=upload.name or "" if upload else "",
            content=upload.read() if upload else b"",
        )

    return _setup_done(request, pk, work, _("Material added."))


@require_POST
@login_required
def add_question(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    module = get_object_or_404(Module, programme=programme, pk=form_id(request.POST, "module"))

    def work() -> None:
        assessments.add_question(
            request.user,
            module,
            text=request.POST.get("text", ""),
            choices=request.POST.get("choices", "").splitlines(),
            correct=_int(request.POST.get("correct", ""), "correct") - 1,
            points=_int(request.POST.get("points", "1") or "1", "points"),
        )

    return _setup_done(request, pk, work, _("Question added."))


@require_POST
@login_required
def add_indicator(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    form = request.POST

    def number(name: str) -> Decimal | None:
        text = form.get(name, "").strip()
        if not text:
            return None
        try:
            return Decimal(text)
        except InvalidOperation:
            raise services.TrainingError(f"{name}: a number") from None

    def work() -> None:
        target = number("target")
        if target is None:
            raise services.TrainingError("target: a number")
        dashboard.add_indicator(
            request.user,
            programme,
            code=form.get("code", ""),
            name=form.get("name", ""),
            measure=form.get("measure", ""),
            target=target,
            recorded=number("recorded"),
        )

    return _setup_done(request, pk, work, _("Indicator saved."))


@require_POST
@login_required
def remove(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    kind = request.POST.get("kind", "")[:20]
    return _setup_done(
        request,
        pk,
        lambda: planning.remove(request.user, programme, kind, form_id(request.POST, "id")),
        _("Removed."),
    )


@require_POST
@login_required
def announce(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    return _setup_done(
        request,
        pk,
        lambda: planning.announce(
            request.user,
            programme,
            title=request.POST.get("title", ""),
            text=request.POST.get("text", ""),
            mail=request.POST.get("mail") == "1",
        ),
        _("Announcement posted."),
    )
