"""The work programme over the API: public reads, writes for the body's secretaries."""

import datetime as dt
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from harmonia.accounts import policy
from harmonia.accounts.api_auth import signed_in
from harmonia.catalogue.models import Body, Committee, Document
from harmonia.pagination import Pages

from . import services
from .models import Project

router = Router(tags=["projects"])


class ProjectOut(Schema):
    id: int
    body: str
    reference: str
    title: str
    title_en: str
    committee: str | None
    identifier: str
    stage: str
    stage_name: str
    stage_since: str
    stage_due: str | None
    health: str
    plan_year: int | None
    adopts: str | None
    degree: str | None
    replaces: str | None
    document: str | None
    demo: bool


class EventOut(Schema):
    on: str
    from_code: str | None
    to_code: str
    by: str | None
    note: str


class ProjectDetailOut(ProjectOut):
    history: list[EventOut]
    allowed_moves: list[str]


class ProjectFilters(Schema):
    body: str | None = Field(None, max_length=40)
    committee: str | None = Field(None, max_length=100)
    health: str | None = Field(None, pattern="^(overdue|at-risk|lapsed|ok|done)$")
    plan_year: int | None = Field(None, ge=1900, le=2200)


class ProjectIn(Schema):
    body: str = Field(..., max_length=40)
    reference: str = Field(..., min_length=1, max_length=60)
    title: str = Field(..., min_length=1, max_length=500)
    title_en: str = Field("", max_length=500)
    identifier: str = Field(..., min_length=1, max_length=255)
    committee: str | None = Field(None, max_length=100)
    stage: str = Field("00.00", pattern=r"^\d\d\.\d\d$")
    started: dt.date | None = None
    plan_year: int | None = Field(None, ge=1900, le=2200)
    adopts: str | None = Field(None, max_length=255)
    degree: str | None = Field(None, max_length=8)
    replaces: str | None = Field(None, max_length=255)


class MoveIn(Schema):
    to: str = Field(..., pattern=r"^\d\d\.\d\d$")
    on: dt.date | None = None
    note: str = Field("", max_length=2000)


def _out(p: Project, health: str, due: dt.date) -> dict[str, Any]:
    return {
        "id": p.pk,
        "body": p.body.code,
        "reference": p.reference,
        "title": p.title,
        "title_en": p.title_en,
        "committee": p.committee.reference if p.committee else None,
        "identifier": p.identifier,
        "stage": p.stage_id,
        "stage_name": p.stage.name,
        "stage_since": p.stage_since.isoformat(),
        "stage_due": due.isoformat() if health != "done" else None,
        "health": health,
        "plan_year": p.plan_year,
        "adopts": p.adopts.identifier if p.adopts_id else None,
        "degree": p.degree_id,
        "replaces": p.replaces.identifier if p.replaces_id else None,
        "document": p.document.identifier if p.document_id else None,
        "demo": p.demo,
    }


def _detail(p: Project) -> dict[str, Any]:
    [(p, health, due)] = services.with_health([p])
    out = _out(p, health, due)
    out["history"] = [
        {
            "on": e.on.isoformat(),
            "from_code": e.from_code_id,
            "to_code": e.to_code_id,
            "by": e.by.username if e.by else None,
            "note": e.note,
        }
        for e in services.timeline(p)
    ]
    out["allowed_moves"] = [m.to_code_id for m in services.allowed_moves(p.stage_id)]
    return out


def _project(pk: int) -> Project:
    p = (
        Project.objects.select_related(
            "body", "committee", "stage", "adopts", "replaces", "document"
        )
        .filter(pk=pk)
        .first()
    )
    if p is None:
        raise Http404(f"No project {pk}")
    return p


@router.get("/projects", response=list[ProjectOut], summary="The work programme")
@paginate(Pages, page_size=100)
def list_projects(request: HttpRequest, filters: Query[ProjectFilters]) -> Any:
    qs = services.projects_of().select_related("adopts", "replaces", "document")
    if filters.body:
        qs = qs.filter(body__code=filters.body)
    if filters.committee:
        qs = qs.filter(committee__reference=filters.committee)
    if filters.plan_year:
        qs = qs.filter(plan_year=filters.plan_year)
    rows = services.with_health(qs)
    if filters.health:
        rows = [r for r in rows if r[1] == filters.health]
    return [_out(*r) for r in rows]


@router.get("/projects/{pk}", response=ProjectDetailOut, summary="A project and its history")
def get_project(request: HttpRequest, pk: int) -> Any:
    return _detail(_project(pk))


@router.post(
    "/projects",
    response={201: ProjectDetailOut},
    auth=signed_in("write"),
    summary="Add a project to a body's work programme (its committee secretaries)",
)
def create_project(request: HttpRequest, payload: ProjectIn) -> Any:
    body = Body.objects.filter(code=payload.body).first()
    if body is None:
        raise HttpError(422, f"body: no body {payload.body!r}")
    if not policy.can_manage_projects(request.user, body):
        raise PermissionDenied("the body's committee secretaries add projects")
    committee = None
    if payload.committee:
        committee = Committee.objects.filter(reference=payload.committee).first()
        if committee is None:
            raise HttpError(422, f"committee: no committee {payload.committee!r}")

    def doc(identifier: str | None, name: str) -> Document | None:
        if not identifier:
            return None
        found = Document.objects.filter(identifier=identifier).first()
        if found is None:
            raise HttpError(422, f"{name}: {identifier!r} is not in the catalogue")
        return found

    try:
        project = services.create_project(
            request.user,
            body=body,
            reference=payload.reference,
            title=payload.title,
            title_en=payload.title_en,
            identifier=payload.identifier,
            committee=committee,
            stage=payload.stage,
            started=payload.started,
            plan_year=payload.plan_year,
            adopts=doc(payload.adopts, "adopts"),
            degree=payload.degree,
            replaces=doc(payload.replaces, "replaces"),
        )
    except services.ProjectError as exc:
        raise HttpError(422, str(exc)) from None
    return Status(201, _detail(_project(project.pk)))


@router.post(
    "/projects/{pk}/moves",
    response=ProjectDetailOut,
    auth=signed_in("write"),
    summary="Move a project to another stage (refused, with the reason, if not allowed)",
)
def move_project(request: HttpRequest, pk: int, payload: MoveIn) -> Any:
    project = _project(pk)
    if not policy.can_move_project(request.user, project):
        raise PermissionDenied("the body's secretaries and the committee's officers move projects")
    try:
        services.move(project, payload.to, request.user, payload.on, payload.note)
    except services.ProjectError as exc:
        raise HttpError(422, str(exc)) from None
    return _detail(_project(pk))
