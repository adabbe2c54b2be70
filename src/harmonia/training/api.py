"""Capacity building over the API: programmes with their invited bodies and how many
participants each has (names and contacts stay with the host)."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q
from django.http import HttpRequest
from ninja import Router, Schema
from ninja.pagination import paginate

from harmonia.pagination import Pages

from .models import Participant, Programme, ProgrammeBody

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


@router.get(
    "/training/programmes",
    response=list[ProgrammeOut],
    summary="Training programmes with their invited bodies and participant counts",
)
@paginate(Pages, page_size=50)
def list_programmes(request: HttpRequest) -> Any:
    programmes = list(
        Programme.objects.select_related("host")
        .annotate(
            n_modules=Count("modules", distinct=True),
            n_sessions=Count("modules__sessions", distinct=True),
            n_accepted=Count(
                "participants", filter=Q(participants__status="accepted"), distinct=True
            ),
        )
        .order_by("-starts_on", "pk")
    )
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
            "framework": p.framework,
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
