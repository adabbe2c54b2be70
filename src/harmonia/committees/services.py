"""A body's place in ISO's committees: P/O counts, secretariats, fields, and what
changed between two snapshots. Counts leave out suspended committees, as ISO's own
member pages do."""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count
from django.db.models.functions import Substr

from harmonia.catalogue.models import ICS, Body, Committee, DocumentICS

from .models import Participation, Snapshot

SUSPENDED = "Suspended"


def latest_snapshot() -> Snapshot | None:
    return Snapshot.objects.order_by("-taken_on", "-pk").first()


def snapshots() -> list[Snapshot]:
    return list(Snapshot.objects.order_by("-taken_on", "-pk"))


def _active(qs: Any) -> Any:
    return qs.exclude(committee__status=SUSPENDED)


@dataclass
class BodyParticipation:
    body: Body
    snapshot: Snapshot | None
    p: list[Committee] = field(default_factory=list)
    o: list[Committee] = field(default_factory=list)
    secretariats: list[Committee] = field(default_factory=list)
    by_field: list[dict[str, Any]] = field(default_factory=list)


def committee_fields(committee_ids: list[int]) -> dict[int, str]:
    """{committee id: the ICS field (two digits) most of its documents are in}."""
    rows = (
        DocumentICS.objects.filter(document__committee_id__in=committee_ids)
        .annotate(field=Substr("code", 1, 2))
        .values("document__committee_id", "field")
        .annotate(n=Count("id"))
    )
    best: dict[int, tuple[int, str]] = {}
    for r in rows:
        cid, n, fld = r["document__committee_id"], r["n"], r["field"]
        if cid not in best or (n, fld) > best[cid]:
            best[cid] = (n, fld)
    return {cid: fld for cid, (_n, fld) in best.items()}


def body_participation(body: Body, snapshot: Snapshot | None = None) -> BodyParticipation:
    snapshot = snapshot or latest_snapshot()
    result = BodyParticipation(body=body, snapshot=snapshot)
    result.secretariats = list(
        Committee.objects.filter(secretariat=body).exclude(status=SUSPENDED).order_by("reference")
    )
    if snapshot is None:
        return result
    rows = _active(
        Participation.objects.filter(snapshot=snapshot, body=body).select_related("committee")
    ).order_by("committee__reference")
    for row in rows:
        (result.p if row.status_id == "p" else result.o).append(row.committee)
    fields = committee_fields([c.pk for c in result.p + result.o])
    titles = dict(ICS.objects.filter(level=1).values_list("code", "title_en"))
    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for status, committees in (("p", result.p), ("o", result.o)):
        for c in committees:
            counts[fields.get(c.pk, "")][status] += 1
    result.by_field = sorted(
        (
            {
                "field": code,
                "title": titles.get(code, "") if code else "",
                "p": n["p"],
                "o": n["o"],
            }
            for code, n in counts.items()
        ),
        key=lambda r: (-(r["p"] + r["o"]), r["field"] or "zz"),
    )
    return result


def network(bodies: list[Body], snapshot: Snapshot | None = None) -> list[dict[str, Any]]:
    """P, O and secretariat counts of several bodies side by side, in one query each."""
    snapshot = snapshot or latest_snapshot()
    ids = [b.pk for b in bodies]
    counts: dict[int, dict[str, int]] = {b: {"p": 0, "o": 0} for b in ids}
    if snapshot is not None:
        rows = (
            _active(Participation.objects.filter(snapshot=snapshot, body_id__in=ids))
            .values("body_id", "status_id")
            .annotate(n=Count("id"))
        )
        for r in rows:
            counts[r["body_id"]][r["status_id"]] = r["n"]
    secretariats = dict(
        Committee.objects.filter(secretariat_id__in=ids)
        .exclude(status=SUSPENDED)
        .values("secretariat_id")
        .annotate(n=Count("id"))
        .values_list("secretariat_id", "n")
    )
    return [
        {
            "body": b,
            "p": counts[b.pk]["p"],
            "o": counts[b.pk]["o"],
            "secretariats": secretariats.get(b.pk, 0),
        }
        for b in bodies
    ]


def participating_bodies(snapshot: Snapshot | None = None) -> list[Body]:
    snapshot = snapshot or latest_snapshot()
    if snapshot is None:
        return []
    ids = Participation.objects.filter(snapshot=snapshot).values("body_id").distinct()
    return list(Body.objects.filter(pk__in=ids).order_by("code"))


@dataclass
class Change:
    joined: list[tuple[Committee, str]] = field(default_factory=list)
    left: list[tuple[Committee, str]] = field(default_factory=list)
    p_to_o: list[Committee] = field(default_factory=list)
    o_to_p: list[Committee] = field(default_factory=list)


def compare(body: Body, before: Snapshot, after: Snapshot) -> Change:
    """What changed for `body` from `before` to `after`: joined, left, P↔O."""

    def seats(s: Snapshot) -> dict[int, str]:
        return dict(
            Participation.objects.filter(snapshot=s, body=body).values_list(
                "committee_id", "status_id"
            )
        )

    a, b = seats(before), seats(after)
    committees = Committee.objects.in_bulk(set(a) | set(b))
    change = Change()
    for cid in sorted(set(a) | set(b), key=lambda i: committees[i].reference):
        c = committees[cid]
        if cid not in a:
            change.joined.append((c, b[cid]))
        elif cid not in b:
            change.left.append((c, a[cid]))
        elif a[cid] != b[cid]:
            (change.p_to_o if a[cid] == "p" else change.o_to_p).append(c)
    return change


@dataclass
class History:
    """A body's seat in each committee it held in any snapshot, snapshot by snapshot
    (oldest first; None where it held none)."""

    snapshots: list[Snapshot]
    rows: list[tuple[Committee, list[str | None]]]


def history(body: Body) -> History:
    shots = list(Snapshot.objects.order_by("taken_on", "pk"))
    column = {s.pk: i for i, s in enumerate(shots)}
    seats: dict[int, list[str | None]] = {}
    for committee_id, snapshot_id, status in Participation.objects.filter(body=body).values_list(
        "committee_id", "snapshot_id", "status_id"
    ):
        seats.setdefault(committee_id, [None] * len(shots))[column[snapshot_id]] = status
    committees = Committee.objects.in_bulk(list(seats))
    rows = sorted(
        ((committees[cid], row) for cid, row in seats.items()), key=lambda r: r[0].reference
    )
    return History(snapshots=shots, rows=rows)


def members(committee: Committee, snapshot: Snapshot | None = None) -> dict[str, list[Body]]:
    snapshot = snapshot or latest_snapshot()
    out: dict[str, list[Body]] = {"p": [], "o": []}
    if snapshot is None:
        return out
    for row in (
        Participation.objects.filter(snapshot=snapshot, committee=committee)
        .select_related("body")
        .order_by("body__code")
    ):
        out[row.status_id].append(row.body)
    return out


def member_status(body: Body | int, committee: Committee) -> str | None:
    snapshot = latest_snapshot()
    if snapshot is None:
        return None
    return (
        Participation.objects.filter(snapshot=snapshot, committee=committee, body=body)
        .values_list("status_id", flat=True)
        .first()
    )


def national_committees(body: Body | int) -> Any:
    return Committee.objects.filter(body=body).order_by("reference")


def mirrors_of(committee: Committee, body: Body | int | None = None) -> Any:
    qs = committee.mirrored_by.all()
    if body is not None:
        qs = qs.filter(body=body)
    return qs.order_by("reference")
