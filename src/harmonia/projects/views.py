"""Work programme pages: the list with overdue and at-risk projects, a project's
timeline and its next moves, the annual plan and a committee's timeline chart.
A national work programme is public (bodies publish their annual plan); moves and
new projects are for the body's secretaries and the committee's officers."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from harmonia.accounts import policy
from harmonia.catalogue.models import Body, Committee, Document

from . import services
from .models import Project

HEALTH = {
    "overdue": gettext_lazy("overdue"),
    "at-risk": gettext_lazy("at risk"),
    "lapsed": gettext_lazy("lapsed"),
    "ok": gettext_lazy("on time"),
    "done": gettext_lazy("done"),
}


def project_list(request: HttpRequest) -> HttpResponse:
    qs = services.projects_of()
    body = request.GET.get("body", "")
    committee = request.GET.get("committee", "")
    stage = request.GET.get("stage", "")[:2]
    if body:
        qs = qs.filter(body__code=body)
    if committee:
        qs = qs.filter(committee__reference=committee)
    if stage.isdigit():
        qs = qs.filter(stage__stage=stage)
    rows = services.with_health(qs)
    health = request.GET.get("health", "")
    if health in HEALTH:
        rows = [r for r in rows if r[1] == health]
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k != "page" and v}
    context = {
        "page": page,
        "query": query,
        "bodies": Body.objects.filter(projects__isnull=False).distinct().order_by("code"),
        "health_choices": HEALTH.items(),
        "can_create": bool(policy.bodies_where(request.user, "secretary") != []),
    }
    return render(request, "projects/list.html", context)


def project_detail(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(
        Project.objects.select_related(
            "body", "committee", "stage", "adopts", "replaces", "document", "doctype"
        ),
        pk=pk,
    )
    weeks = services.periods(project.body_id)
    context = {
        "p": project,
        "timeline": services.timeline(project),
        "schedule": services.schedule(project, weeks),
        "health": services.health(project, dt.date.today(), weeks),
        "health_names": HEALTH,
        "target": services.target_end(project, weeks),
        "moves": services.allowed_moves(project.stage_id),
        "can_move": policy.can_move_project(request.user, project),
        "ballots": project.ballots.all()
        if policy.can_view_private(request.user, project.body_id)
        else [],
    }
    return render(request, "projects/detail.html", context)


@require_POST
@login_required
def move(request: HttpRequest, pk: int) -> HttpResponse:
    project = get_object_or_404(Project.objects.select_related("committee"), pk=pk)
    if not policy.can_move_project(request.user, project):
        raise PermissionDenied(
            _("Only the body's secretaries and the committee's officers move projects.")
        )
    try:
        on = dt.date.fromisoformat(request.POST.get("on") or dt.date.today().isoformat())
        services.move(
            project, request.POST.get("to", ""), request.user, on, request.POST.get("note", "")
        )
        messages.success(request, _("Moved to %(code)s.") % {"code": request.POST.get("to", "")})
    except ValueError as exc:
        messages.error(request, str(exc))
    return redirect(project.get_absolute_url())


@login_required
def new_project(request: HttpRequest) -> HttpResponse:
    choices = policy.national_bodies_run_by(request.user)
    if choices is None:
        raise PermissionDenied(_("Only a body's committee secretaries add projects."))
    error = ""
    form = request.POST if request.method == "POST" else request.GET
    if request.method == "POST":
        body = choices.filter(code=form.get("body", "")).first()
        committee = Committee.objects.filter(reference=form.get("committee", "")).first()
        adopts = None
        if form.get("adopts"):
            from django.http import Http404

            from harmonia.catalogue.services import get_document

            try:
                adopts = get_document(form["adopts"])
            except Http404:
                error = _("adopts: %(id)s is not in the catalogue") % {"id": form["adopts"]}
        year = form.get("plan_year", "")
        if body is None:
            error = _("body: choose one of your bodies")
        if not error:
            try:
                project = services.create_project(
                    request.user,
                    body=body,
                    reference=form.get("reference", "")[:60],
                    title=form.get("title", "")[:500],
                    title_en=form.get("title_en", "")[:500],
                    identifier=form.get("identifier", "")[:255],
                    committee=committee,
                    stage=form.get("stage", "00.00"),
                    plan_year=int(year) if year.isdigit() and 1900 < int(year) < 2200 else None,
                    adopts=adopts,
                    degree=form.get("degree") or None,
                    replaces=Document.objects.filter(identifier=form.get("replaces", "")).first(),
                )
                return redirect(project.get_absolute_url())
            except ValueError as exc:
                error = str(exc)
    committees = Committee.objects.filter(body__in=choices).order_by("reference")
    from harmonia.adoptions.models import Degree

    return render(
        request,
        "projects/new.html",
        {
            "bodies": choices.order_by("code"),
            "committees": committees,
            "degrees": Degree.objects.all(),
            "error": error,
            "form": form,
            "year": dt.date.today().year,
        },
    )


def plan(request: HttpRequest) -> HttpResponse:
    bodies = Body.objects.filter(projects__isnull=False).distinct().order_by("code")
    body = bodies.filter(code=request.GET.get("body", "")).first() or bodies.first()
    years = services.plan_years(body) if body else []
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and int(raw) in years else (years[0] if years else None)
    rows = services.annual_plan(body, year) if body and year else []
    projects = (
        services.with_health(services.projects_of([body.pk]).filter(plan_year=year))
        if body and year
        else []
    )
    context = {
        "bodies": bodies,
        "body": body,
        "years": years,
        "year": year,
        "rows": rows,
        "projects": projects,
    }
    return render(request, "projects/plan.html", context)


def gantt(request: HttpRequest, reference: str) -> HttpResponse:
    committee = get_object_or_404(Committee, reference=reference)
    return render(
        request, "projects/gantt.html", {"committee": committee, "chart": services.gantt(committee)}
    )
