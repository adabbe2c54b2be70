"""What the programmes wait for from a person, for My work: an organiser's nominations
to decide, a focal point's places left before nominations close, and a participant's
open assessments, feedback and follow-ups. A fixed number of queries, whatever the
number of programmes."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import Count
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from harmonia.accounts import policy

from . import assessments, feedback
from .models import (
    AssessmentResponse,
    Attendance,
    Feedback,
    FollowUp,
    Module,
    Participant,
    ProgrammeBody,
    Session,
)
from .services import follow_up_due

RECENT = dt.timedelta(days=270)  # programmes whose follow-ups may still be open


@dataclass(frozen=True)
class Waiting:
    programme: str
    what: str
    url: str


def _organiser(user: Any, today: dt.date) -> list[Waiting]:
    hosts = policy.bodies_where(user, "editor")
    if hosts == []:
        return []
    nominated = Participant.objects.filter(status="nominated", programme__ends_on__gte=today)
    if hosts is not None:
        nominated = nominated.filter(programme__host_id__in=hosts)
    return [
        Waiting(
            title,
            ngettext(
                "%(n)s nomination to accept or decline",
                "%(n)s nominations to accept or decline",
                n,
            )
            % {"n": n},
            reverse("training:programme", args=[pk]),
        )
        for pk, title, n in nominated.values_list("programme_id", "programme__title")
        .annotate(n=Count("pk"))
        .order_by("programme__starts_on")
    ]


def _focal_point(user: Any, today: dt.date) -> list[Waiting]:
    invited = list(
        ProgrammeBody.objects.filter(focal_point=user, programme__nominations_close__gte=today)
        .select_related("programme", "body")
        .order_by("programme__nominations_close")
    )
    named = dict(
        ((programme, body), n)
        for programme, body, n in Participant.objects.filter(
            programme__in=[pb.programme_id for pb in invited]
        )
        .values_list("programme_id", "body_id")
        .annotate(n=Count("pk"))
    )
    out = []
    for pb in invited:
        left = pb.quota - named.get((pb.programme_id, pb.body_id), 0)
        if left > 0:
            out.append(
                Waiting(
                    pb.programme.title,
                    _("%(body)s may nominate %(n)s more by %(day)s")
                    % {"body": pb.body, "n": left, "day": pb.programme.nominations_close},
                    reverse("training:programme", args=[pb.programme_id]),
                )
            )
    return out


def _participant(user: Any, now: dt.datetime) -> list[Waiting]:
    places = list(
        Participant.objects.filter(
            user=user, status="accepted", programme__ends_on__gte=now.date() - RECENT
        ).select_related("programme")
    )
    if not places:
        return []
    programmes = [p.programme_id for p in places]
    modules = list(
        Module.objects.filter(programme__in=programmes)
        .annotate(q=Count("questions"))
        .filter(q__gt=0)
        .select_related("programme")
        .order_by("programme", "position")
    )
    starts: dict[int, list[dt.datetime]] = defaultdict(list)
    for module_id, at in Session.objects.filter(module__programme__in=programmes).values_list(
        "module_id", "starts_at"
    ):
        starts[module_id].append(at)
    mine = [p.pk for p in places]
    answered = set(
        AssessmentResponse.objects.filter(participant__in=mine).values_list(
            "participant_id", "module_id", "kind"
        )
    )
    rated = set(
        Feedback.objects.filter(participant__in=mine).values_list("participant_id", "session_id")
    )
    attended = set(
        Attendance.objects.filter(participant__in=mine).values_list("participant_id", "session_id")
    )
    followed = set(
        FollowUp.objects.filter(item__participant__in=mine).values_list(
            "item__participant_id", "month"
        )
    )
    planned = set(
        Participant.objects.filter(pk__in=mine, actions__isnull=False).values_list("pk", flat=True)
    )
    out = []
    for place in places:
        programme = place.programme
        page = reverse("training:programme", args=[programme.pk])
        for module in (m for m in modules if m.programme_id == programme.pk):
            for kind in ("pre", "post"):
                opens, closes = assessments.window(module, kind, starts[module.pk])
                if (place.pk, module.pk, kind) in answered or not (
                    (opens is None or opens <= now) and now < closes
                ):
                    continue
                label = _("Pre-assessment") if kind == "pre" else _("Post-assessment")
                out.append(
                    Waiting(programme.title, f"{label}: {module.title}",
                            reverse("training:assessment", args=[programme.pk, module.pk, kind]))
                )  # fmt: skip
        opens, closes = feedback.window(programme)
        if now <= closes:
            to_rate = sum(1 for pid, sid in attended if pid == place.pk and (pid, sid) not in rated)
            if to_rate:
                out.append(Waiting(programme.title,
                                   ngettext("Feedback on %(n)s session you attended",
                                            "Feedback on %(n)s sessions you attended", to_rate)
                                   % {"n": to_rate},
                                   page))  # fmt: skip
            if (place.pk, None) not in rated and now >= opens:
                out.append(Waiting(programme.title, _("Feedback on the whole programme"),
                                   reverse("training:feedback", args=[programme.pk])))  # fmt: skip
        if place.pk in planned:
            for month in (3, 6):
                opens_on = follow_up_due(programme, month)
                if opens_on <= now.date() and (place.pk, month) not in followed:
                    out.append(Waiting(programme.title,
                                       _("The %(n)s-month follow-up of your action plan")
                                       % {"n": month}, page))  # fmt: skip
    return out


def waiting_for(user: Any, now: dt.datetime | None = None) -> list[Waiting]:
    if not policy.is_signed_in(user):
        return []
    now = now or timezone.now()
    today = now.date()
    return [*_organiser(user, today), *_focal_point(user, today), *_participant(user, now)]
