"""Capacity building over the API: programmes with their invited bodies and how many
participants each has (names and contacts stay with the host), a programme's modules,
sessions, partners and framework indicators, its dashboard for those who see the
programme, and its participants for the organisers."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Q
from django.http import Http404, HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from harmonia.accounts import policy
from harmonia.accounts.api_auth import reader, signed_in
from harmonia.pagination import Pages

from . import dashboard as boards
from .models import Participant, Programme, ProgrammeBody, Session
from .services import attendance_percent, visible_programmes

router = Router(tags=["training"])


class ProgrammeBodyOut(Schema):
    code: str
    name: str
    country: str
    quota: int
    nominated: int
    accepted: int


class ProgrammeOut(Schema):
    id: int
    title: str
    host: str
    framework: str
    venue: str
    starts_on: str
    ends_on: str
    languages: list[str]
    modules: int
    sessions: int
    participants: int
    bodies: list[ProgrammeBodyOut]
    demo: bool


class SessionOut(Schema):
    title: str
    starts_at: str
    ends_at: str
    room: str
    trainers: str


class ModuleOut(Schema):
    position: int
    title: str
    questions: int
    sessions: list[SessionOut]


class PartnerOut(Schema):
    name: str
    role: str


class IndicatorOut(Schema):
    code: str
    name: str
    measure: str
    target: float


class ProgrammeDetailOut(ProgrammeOut):
    time_zone: str
    partners: list[PartnerOut]
    framework_period: str
    indicators: list[IndicatorOut]
    programme: list[ModuleOut]


class GainOut(Schema):
    pre: float
    post: float
    gain: float
    pairs: int


class CountOut(Schema):
    name: str
    participants: int


class IndicatorProgressOut(Schema):
    code: str
    name: str
    target: float
    value: float | None
    percent_of_target: float | None


class DashboardOut(Schema):
    programme: int
    participants: int
    bodies: int
    countries: int
    certified: int
    completion_rate: float | None
    attendance_rate: float | None
    learning_gain: GainOut | None
    learning_gain_by_module: dict[str, GainOut | None]
    learning_gain_by_body: dict[str, GainOut | None]
    satisfaction: float | None
    mean_rating: float | None
    feedback_responses: int
    actions: int
    progress_3_months: float | None
    progress_6_months: float | None
    actions_done_6_months: float | None
    by_region: list[CountOut]
    by_area: list[CountOut]
    by_country: list[CountOut]
    by_gender: list[CountOut]
    indicators: list[IndicatorProgressOut]


class ParticipantOut(Schema):
    id: int
    name: str
    body: str
    position: str
    gender: str
    email: str
    status: str
    attendance: int | None
    certificate: str | None


def _annotated() -> Any:
    return (
        Programme.objects.select_related("host", "framework")
        .annotate(
            n_modules=Count("modules", distinct=True),
            n_sessions=Count("modules__sessions", distinct=True),
            n_accepted=Count(
                "participants", filter=Q(participants__status="accepted"), distinct=True
            ),
        )
        .order_by("-starts_on", "pk")
    )


def _summaries(programmes: list[Programme]) -> list[dict[str, Any]]:
    invited: dict[int, list[dict[str, Any]]] = {}
    counts: dict[tuple[int, int], dict[str, int]] = {}
    for programme_id, body_id, status, n in (
        Participant.objects.filter(programme__in=programmes)
        .values_list("programme_id", "body_id", "status")
        .annotate(n=Count("pk"))
    ):
        counts.setdefault((programme_id, body_id), {})[status] = n
    for pb in ProgrammeBody.objects.filter(programme__in=programmes).select_related("body"):
        c = counts.get((pb.programme_id, pb.body_id), {})
        invited.setdefault(pb.programme_id, []).append(
            {
                "code": pb.body.code,
                "name": pb.body.name,
                "country": pb.body.country_code,
                "quota": pb.quota,
                "nominated": sum(c.values()),
                "accepted": c.get("accepted", 0),
            }
        )
    return [
        {
            "id": p.pk,
            "title": p.title,
            "host": p.host.code,
            "framework": p.framework.name if p.framework else "",
            "venue": p.venue,
            "starts_on": p.starts_on.isoformat(),
            "ends_on": p.ends_on.isoformat(),
            "languages": p.languages,
            "modules": p.n_modules,
            "sessions": p.n_sessions,
            "participants": p.n_accepted,
            "bodies": invited.get(p.pk, []),
            "demo": p.demo,
        }
        for p in programmes
    ]


@router.get(
    "/training/programmes",
    response=list[ProgrammeOut],
    summary="Training programmes with their invited bodies and participant counts",
)
@paginate(Pages, page_size=50)
def list_programmes(request: HttpRequest) -> Any:
    return _summaries(list(_annotated()))


@router.get(
    "/training/programmes/{pk}",
    response=ProgrammeDetailOut,
    summary="A programme: its modules and sessions, partners and framework indicators",
)
def get_programme(request: HttpRequest, pk: int) -> Any:
    programme = _annotated().filter(pk=pk).first()
    if programme is None:
        raise Http404(f"No programme {pk}")
    [out] = _summaries([programme])
    sessions: dict[int, list[dict[str, Any]]] = {}
    for s in Session.objects.filter(module__programme=programme).order_by("starts_at", "pk"):
        sessions.setdefault(s.module_id, []).append(
            {
                "title": s.title,
                "starts_at": s.starts_at.isoformat(),
                "ends_at": s.ends_at.isoformat(),
                "room": s.room,
                "trainers": s.trainers,
            }
        )
    frame = programme.framework
    out.update(
        time_zone=programme.time_zone,
        partners=[{"name": x.name, "role": x.role} for x in programme.partners.all()],
        framework_period=(
            f"{frame.starts_year}-{frame.ends_year}" if frame and frame.starts_year else ""
        ),
        indicators=[
            {"code": i.code, "name": i.name, "measure": i.measure, "target": float(i.target)}
            for i in programme.indicators.all()
        ],
        programme=[
            {
                "position": m.position,
                "title": m.title,
                "questions": m.n_questions,
                "sessions": sessions.get(m.pk, []),
            }
            for m in programme.modules.annotate(n_questions=Count("questions")).order_by("position")
        ],
    )
    return out


def _visible(request: HttpRequest, pk: int) -> Programme:
    programme = Programme.objects.select_related("host").filter(pk=pk).first()
    if programme is None:
        raise Http404(f"No programme {pk}")
    if not visible_programmes(reader(request)).filter(pk=pk).exists():
        raise PermissionDenied("the programme's organisers, focal points and participants only")
    return programme


def _gain(g: Any) -> dict[str, Any] | None:
    return None if g is None else {"pre": g.pre, "post": g.post, "gain": g.gain, "pairs": g.pairs}


def _counts(rows: list[tuple[str, int]]) -> list[dict[str, Any]]:
    return [{"name": k, "participants": v} for k, v in rows]


@router.get(
    "/training/programmes/{pk}/dashboard",
    response=DashboardOut,
    auth=signed_in("read"),
    summary="What a programme achieved: completion, attendance, learning gain, satisfaction, "
    "action plans, participation, framework indicators",
)
def programme_dashboard(request: HttpRequest, pk: int) -> Any:
    programme = _visible(request, pk)
    d = boards.dashboard(programme)
    modules = {m.pk: m.title for m in programme.modules.all()}
    return {
        "programme": programme.pk,
        "participants": d.participants,
        "bodies": d.bodies,
        "countries": d.countries,
        "certified": d.certified,
        "completion_rate": d.completion_rate,
        "attendance_rate": d.attendance_rate,
        "learning_gain": _gain(d.learning.overall),
        "learning_gain_by_module": {modules[m]: _gain(g) for m, g in d.learning.by_module.items()},
        "learning_gain_by_body": {b: _gain(g) for b, g in d.learning.by_body.items()},
        "satisfaction": d.feedback.satisfaction,
        "mean_rating": d.feedback.mean_rating,
        "feedback_responses": d.feedback.programme.responses,
        "actions": d.actions,
        "progress_3_months": d.progress.get(3),
        "progress_6_months": d.progress.get(6),
        "actions_done_6_months": d.done_at_6_months,
        "by_region": _counts(d.by_region),
        "by_area": _counts(d.by_area),
        "by_country": _counts(d.by_country),
        "by_gender": _counts(d.by_gender),
        "indicators": [
            {
                "code": i.code,
                "name": i.name,
                "target": float(i.target),
                "value": value,
                "percent_of_target": share,
            }
            for i, value, share in d.indicators
        ],
    }


@router.get(
    "/training/programmes/{pk}/participants",
    response=list[ParticipantOut],
    auth=signed_in("read"),
    summary="A programme's nominations and participants with their attendance (organisers)",
)
@paginate(Pages, page_size=100)
def programme_participants(request: HttpRequest, pk: int) -> Any:
    programme = _visible(request, pk)
    if not policy.can_organise(reader(request), programme):
        raise PermissionDenied("participants' data is for the host's organisers")
    shares = attendance_percent(programme)
    return [
        {
            "id": p.pk,
            "name": p.name,
            "body": p.body.code,
            "position": p.position,
            "gender": p.gender,
            "email": p.email,
            "status": p.status,
            "attendance": shares.get(p.pk),
            "certificate": getattr(p, "certificate", None) and p.certificate.code,
        }
        for p in Participant.objects.filter(programme=programme).select_related(
            "body", "certificate"
        )
    ]
