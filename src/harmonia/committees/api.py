"""Participation in ISO committees over the API (public: ISO Open Data)."""

from typing import Any

from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Router, Schema

from harmonia.catalogue.models import Body, Committee

from . import services
from .models import Snapshot

router = Router(tags=["committees"])


class SnapshotOut(Schema):
    id: int
    taken_on: str
    source: str
    counts: dict[str, int]

    @staticmethod
    def resolve_taken_on(s: Snapshot) -> str:
        return s.taken_on.isoformat()


class FieldOut(Schema):
    field: str
    title: str
    p: int
    o: int


class ParticipationOut(Schema):
    body: str
    snapshot: SnapshotOut | None
    p: list[str]
    o: list[str]
    secretariats: list[str]
    by_field: list[FieldOut]


class NetworkRow(Schema):
    body: str
    country: str
    p: int
    o: int
    secretariats: int


class ChangesOut(Schema):
    body: str
    before: SnapshotOut
    after: SnapshotOut
    joined: list[dict[str, str]]
    left: list[dict[str, str]]
    p_to_o: list[str]
    o_to_p: list[str]


class SeatsOut(Schema):
    committee: str
    seats: list[str | None]


class HistoryOut(Schema):
    body: str
    snapshots: list[SnapshotOut]
    committees: list[SeatsOut]


class MembersOut(Schema):
    committee: str
    snapshot: SnapshotOut | None
    p: list[str]
    o: list[str]
    secretariat: str | None
    mirrored_by: list[str]
    mirrors: list[str]


@router.get("/snapshots", response=list[SnapshotOut], summary="Committee membership snapshots")
def snapshot_list(request: HttpRequest) -> Any:
    return services.snapshots()


@router.get(
    "/participation", response=list[NetworkRow], summary="P/O counts of bodies side by side"
)
def network(request: HttpRequest, bodies: str = "") -> Any:
    codes = [c for c in bodies.split(",") if c.strip()][:50]
    chosen = [b for b in services.participating_bodies() if not codes or b.code in codes]
    return [
        {
            "body": r["body"].code,
            "country": r["body"].country,
            "p": r["p"],
            "o": r["o"],
            "secretariats": r["secretariats"],
        }
        for r in services.network(chosen)
    ]


@router.get("/participation/{code}", response=ParticipationOut, summary="A body's committees")
def participation(request: HttpRequest, code: str) -> Any:
    body = get_object_or_404(Body, code=code)
    r = services.body_participation(body)
    return {
        "body": body.code,
        "snapshot": r.snapshot,
        "p": [c.reference for c in r.p],
        "o": [c.reference for c in r.o],
        "secretariats": [c.reference for c in r.secretariats],
        "by_field": r.by_field,
    }


@router.get(
    "/participation/{code}/changes",
    response=ChangesOut,
    summary="What changed for a body between two snapshots (default: the last two)",
)
def changes(
    request: HttpRequest, code: str, before: int | None = None, after: int | None = None
) -> Any:
    body = get_object_or_404(Body, code=code)
    shots = services.snapshots()
    if len(shots) < 2 and (before is None or after is None):
        raise Http404("Two snapshots are needed: import another committees file")
    by_id = {s.pk: s for s in shots}
    a = by_id.get(after) if after is not None else shots[0]
    b = by_id.get(before) if before is not None else shots[1]
    if a is None or b is None:
        raise Http404("No such snapshot")
    change = services.compare(body, b, a)
    return {
        "body": body.code,
        "before": b,
        "after": a,
        "joined": [{"committee": c.reference, "status": s} for c, s in change.joined],
        "left": [{"committee": c.reference, "status": s} for c, s in change.left],
        "p_to_o": [c.reference for c in change.p_to_o],
        "o_to_p": [c.reference for c in change.o_to_p],
    }


@router.get(
    "/participation/{code}/history",
    response=HistoryOut,
    summary="A body's seat (p, o or null) in each committee, snapshot by snapshot",
)
def history(request: HttpRequest, code: str) -> Any:
    body = get_object_or_404(Body, code=code)
    found = services.history(body)
    return {
        "body": body.code,
        "snapshots": found.snapshots,
        "committees": [{"committee": c.reference, "seats": seats} for c, seats in found.rows],
    }


@router.get(
    "/committee-members/{path:reference}",
    response=MembersOut,
    summary="A committee's P- and O-member bodies, secretariat and mirrors",
)
def committee_members(request: HttpRequest, reference: str) -> Any:
    committee = Committee.objects.select_related("secretariat").filter(reference=reference).first()
    if committee is None:
        raise Http404(f"No committee {reference!r}")
    members = services.members(committee)
    return {
        "committee": committee.reference,
        "snapshot": services.latest_snapshot(),
        "p": [b.code for b in members["p"]],
        "o": [b.code for b in members["o"]],
        "secretariat": committee.secretariat.code if committee.secretariat else None,
        "mirrored_by": [c.reference for c in committee.mirrored_by.order_by("reference")],
        "mirrors": [c.reference for c in committee.mirrors.order_by("reference")],
    }
