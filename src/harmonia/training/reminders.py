"""Deadlines as reminders by e-mail: nominations closing (to focal points whose body
has places left), pre-assessments (before their module starts), post-assessments and
feedback (before they close), and the 3- and 6-month follow-ups (once they open).

`harmonia training remind` sends what is due, run daily (cron or a systemd timer). Each
reminder is recorded before it is sent and the record dropped if sending fails, so a
second run, or a run after a crash, never mails the same deadline twice to anyone."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone

from .assessments import closes_on, window
from .models import (
    ActionItem,
    AssessmentResponse,
    Feedback,
    Module,
    Participant,
    Programme,
    ProgrammeBody,
    Reminder,
)
from .services import follow_up_due, local

NOMINATIONS_AHEAD = 7  # days before nominations close
ASSESSMENTS_AHEAD = 3  # days before an assessment closes
FOLLOW_UP_WINDOW = 30  # days after a follow-up opens that it is still reminded


@dataclass(frozen=True)
class Due:
    key: str
    email: str
    subject: str
    text: str


def _nominations(today: dt.date) -> Iterator[Due]:
    for invited in (
        ProgrammeBody.objects.filter(
            programme__nominations_close__gte=today,
            programme__nominations_close__lte=today + dt.timedelta(days=NOMINATIONS_AHEAD),
            focal_point__isnull=False,
        )
        .exclude(focal_point__email="")
        .select_related("programme", "body", "focal_point")
    ):
        programme = invited.programme
        named = Participant.objects.filter(programme=programme, body=invited.body).count()
        if named >= invited.quota:
            continue
        yield Due(
            f"nominations:{invited.pk}:{programme.nominations_close}",
            invited.focal_point.email,  # type: ignore[union-attr]
            f"Harmonia: nominations for {programme.title} close on {programme.nominations_close}",
            f"{invited.body} may nominate {invited.quota} participants to {programme.title} "
            f"and has nominated {named}. Nominations close on {programme.nominations_close}.",
        )


def _running(today: dt.date) -> list[Programme]:
    return list(
        Programme.objects.filter(
            starts_on__lte=today + dt.timedelta(days=ASSESSMENTS_AHEAD + 1),
            ends_on__gte=today - dt.timedelta(days=60),
        )
    )


def _assessments(today: dt.date) -> Iterator[Due]:
    now = timezone.make_aware(dt.datetime.combine(today, dt.time()))
    soon = now + dt.timedelta(days=ASSESSMENTS_AHEAD)
    for programme in _running(today):
        people = list(Participant.objects.filter(programme=programme, status="accepted"))
        modules = list(
            Module.objects.filter(programme=programme)
            .annotate(q=Count("questions"))
            .filter(q__gt=0)
        )
        done = set(
            AssessmentResponse.objects.filter(module__programme=programme).values_list(
                "participant_id", "module_id", "kind"
            )
        )
        for module in modules:
            _opens, closes = window(module, "pre")
            if not now <= closes <= soon:
                continue
            for p in people:
                if (p.pk, module.pk, "pre") not in done:
                    yield Due(
                        f"pre:{module.pk}:{p.pk}",
                        p.email,
                        f"Harmonia: the pre-assessment of {module.title} is due",
                        f"Dear {p.name},\n\nplease answer the pre-assessment of "
                        f"“{module.title}” ({programme.title}) before the module starts "
                        f"on {local(programme, closes):%Y-%m-%d %H:%M} ({programme.time_zone}).",
                    )
        last_day = closes_on(programme)
        if not today >= programme.ends_on or not today <= last_day <= soon.date():
            continue
        answered = set(
            Feedback.objects.filter(programme=programme, session__isnull=True).values_list(
                "participant_id", flat=True
            )
        )
        for p in people:
            missing = [m.title for m in modules if (p.pk, m.pk, "post") not in done]
            if missing or p.pk not in answered:
                what = ", ".join(missing + ([] if p.pk in answered else ["programme feedback"]))
                yield Due(
                    f"post:{programme.pk}:{p.pk}",
                    p.email,
                    f"Harmonia: post-assessments and feedback close on {last_day}",
                    f"Dear {p.name},\n\nstill open for you in {programme.title}: {what}. "
                    f"They close on {last_day}.",
                )


def _follow_ups(today: dt.date) -> Iterator[Due]:
    for programme in Programme.objects.filter(ends_on__lte=today):
        for month in (3, 6):
            opens = follow_up_due(programme, month)
            if not opens <= today <= opens + dt.timedelta(days=FOLLOW_UP_WINDOW):
                continue
            waiting = (
                Participant.objects.filter(programme=programme, status="accepted")
                .filter(actions__isnull=False)
                .exclude(
                    pk__in=ActionItem.objects.filter(
                        participant__programme=programme, follow_ups__month=month
                    ).values("participant_id")
                )
                .distinct()
            )
            for p in waiting:
                yield Due(
                    f"follow-up-{month}:{p.pk}",
                    p.email,
                    f"Harmonia: the {month}-month follow-up of your action plan",
                    f"Dear {p.name},\n\nit is {month} months since {programme.title}: please "
                    f"record the progress of each action of your plan.",
                )


def due(today: dt.date) -> list[Due]:
    return [*_nominations(today), *_assessments(today), *_follow_ups(today)]


def send_due(today: dt.date | None = None) -> list[Due]:
    """Send the reminders due today that were not sent before; what was sent."""
    sent = []
    for reminder in due(today or timezone.localdate()):
        try:
            with transaction.atomic():
                record = Reminder.objects.create(key=reminder.key, email=reminder.email)
        except IntegrityError:
            continue  # sent before
        try:
            send_mail(reminder.subject, reminder.text + "\n\n— Harmonia\n", None, [reminder.email])
        except Exception:
            record.delete()  # not sent: the next run tries again
            raise
        sent.append(reminder)
    return sent
