"""What is waiting for a person: the first page after signing in.

Secretaries see the ballots closing soon and pending, the votes still missing, the
projects overdue or at risk, the comments waiting for consolidation and the reviews
under way in what they run; editors the adoption links their catalogue waits for;
experts the ballots waiting for their vote and the drafts
open for their comments; body admins their body's overview; everyone what their
training programmes wait for (see training/waiting.py). One person may see several parts."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from typing import Any

from django.db.models import Count, Q
from django.utils import timezone

from harmonia.accounts import policy
from harmonia.accounts.models import CommitteeMembership, Membership
from harmonia.adoptions.models import Adoption
from harmonia.ballots.models import Ballot, Voter
from harmonia.catalogue.models import Body, Committee
from harmonia.comments.models import CommentSet
from harmonia.projects import services as projects
from harmonia.reviews.models import Review
from harmonia.training.waiting import waiting_for

SOON = dt.timedelta(days=14)
# Stages where a draft is out for comment: committee (30.20) and enquiry (40.20).
CONSULTATION = ("30.20", "40.20")


def managed_committees(user: Any) -> Any:
    """Committees `user` runs: as chair or secretary, or of a body they are secretary of."""
    bodies = policy.bodies_where(user, "secretary")
    own = CommitteeMembership.objects.filter(user=user, role__manages=True).values("committee_id")
    if bodies is None:
        return Committee.objects.filter(Q(pk__in=own) | Q(body__kind="national"))
    return Committee.objects.filter(Q(pk__in=own) | Q(body_id__in=bodies))


def secretary_part(user: Any, now: dt.datetime) -> dict[str, Any] | None:
    bodies = policy.bodies_where(user, "secretary")
    committees = managed_committees(user)
    if bodies == [] and not committees.exists():
        return None
    ballots = Ballot.objects.filter(
        Q(committee__in=committees) | Q(body_id__in=bodies or []) if bodies is not None else Q()
    ).select_related("type", "committee")
    open_ballots = list(ballots.filter(state="open", closes_at__gt=now).order_by("closes_at")[:50])
    ids = [b.pk for b in open_ballots]
    electorate = dict(
        Voter.objects.filter(ballot_id__in=ids)
        .values("ballot_id")
        .annotate(n=Count("id"))
        .values_list("ballot_id", "n")
    )
    missing = dict(
        Voter.objects.filter(ballot_id__in=ids)
        .exclude(responses__question__kind="vote")
        .values("ballot_id")
        .annotate(n=Count("id"))
        .values_list("ballot_id", "n")
    )
    for b in open_ballots:
        b.electorate = electorate.get(b.pk, 0)
        b.missing = missing.get(b.pk, 0)
    pending = list(
        ballots.filter(state__in=["open", "pending"], closes_at__lte=now).order_by("closes_at")[:50]
    )
    qs = (
        projects.projects_of(bodies).filter(committee__in=committees)
        if bodies is not None
        else projects.projects_of()
    )
    flagged = [r for r in projects.with_health(qs) if r[1] in ("overdue", "at-risk", "lapsed")]
    sets = CommentSet.objects.filter(
        Q(committee__in=committees) | Q(body_id__in=bodies or []) if bodies is not None else Q(),
        state="open",
    )
    consolidation = list(
        sets.annotate(waiting=Count("comments", filter=Q(comments__decision="")))
        .filter(waiting__gt=0)
        .select_related("committee")
        .order_by("closes_at", "pk")[:50]
    )
    reviews = Review.objects.filter(state="open")
    if bodies is not None:
        reviews = reviews.filter(Q(committee__in=committees) | Q(body_id__in=bodies))
    return {
        "closing_soon": [b for b in open_ballots if b.closes_at <= now + SOON],
        "open": open_ballots,
        "pending": pending,
        "projects": flagged[:100],
        "consolidation": consolidation,
        "reviews": list(reviews.select_related("document", "ballot").order_by("due")[:50]),
    }


def expert_part(user: Any, now: dt.datetime) -> dict[str, Any] | None:
    mine = CommitteeMembership.objects.filter(user=user).values("committee_id")
    voters = Voter.objects.filter(user=user, ballot__state="open", ballot__closes_at__gt=now)
    if not voters.exists() and not mine.exists():
        return None
    waiting = (
        voters.exclude(responses__question__kind="vote")
        .select_related("ballot__type", "ballot__committee")
        .order_by("ballot__closes_at")
    )
    voted = (
        voters.filter(responses__question__kind="vote")
        .select_related("ballot__type")
        .order_by("ballot__closes_at")
        .distinct()
    )
    drafts = projects.projects_of().filter(committee_id__in=mine, stage_id__in=CONSULTATION)
    commenting = (
        CommentSet.objects.filter(committee_id__in=mine.exclude(role_id="observer"), state="open")
        .filter(Q(closes_at__isnull=True) | Q(closes_at__gt=now))
        .select_related("committee")
        .order_by("closes_at", "pk")
    )
    waiting = list(waiting[:100])
    for v in waiting:
        v.days_left = max((v.ballot.closes_at - now).days, 0)
    return {
        "waiting": waiting,
        "voted": list(voted[:100]),
        "drafts": list(drafts[:100]),
        "commenting": list(commenting[:100]),
    }


def admin_part(user: Any, now: dt.datetime) -> list[dict[str, Any]]:
    bodies = policy.bodies_where(user, "admin")
    if bodies is None:
        bodies = list(Membership.objects.values_list("body_id", flat=True).distinct()) or []

    # One query per count for all the bodies (a platform admin sees every one).
    def per_body(qs: Any) -> dict[int, int]:
        return dict(qs.values("body_id").annotate(n=Count("id")).values_list("body_id", "n"))

    people = per_body(Membership.objects.filter(body_id__in=bodies))
    committees = per_body(Committee.objects.filter(body_id__in=bodies))
    open_ballots = per_body(
        Ballot.objects.filter(body_id__in=bodies, state="open", closes_at__gt=now)
    )
    health: dict[int, Counter[str]] = {}
    for p, h, _due in projects.with_health(projects.projects_of(list(bodies))):
        health.setdefault(p.body_id, Counter())[h] += 1
    return [
        {
            "body": body,
            "people": people.get(body.pk, 0),
            "committees": committees.get(body.pk, 0),
            "projects": sum(health.get(body.pk, Counter()).values()),
            "health": dict(health.get(body.pk, Counter())),
            "open_ballots": open_ballots.get(body.pk, 0),
        }
        for body in Body.objects.filter(pk__in=bodies).order_by("code")
    ]


def editor_part(user: Any) -> list[dict[str, Any]]:
    """The national bodies whose catalogue this person edits (platform admins: none of
    their own), with the proposed adoption links waiting for a decision in each."""
    bodies = policy.bodies_where(user, "editor")
    if not bodies:
        return []
    waiting = dict(
        Adoption.objects.filter(status="proposed", national__publisher_id__in=bodies)
        .values("national__publisher_id")
        .annotate(n=Count("id"))
        .values_list("national__publisher_id", "n")
    )
    return [
        {"body": body, "proposals": waiting.get(body.pk, 0)}
        for body in Body.objects.filter(pk__in=bodies, kind="national").order_by("code")
    ]


def dashboard(user: Any, now: dt.datetime | None = None) -> dict[str, Any]:
    now = now or timezone.now()
    return {
        "editor": editor_part(user),
        "secretary": secretary_part(user, now),
        "expert": expert_part(user, now),
        "admin": admin_part(user, now),
        "training": waiting_for(user, now),
        "now": now,
    }
