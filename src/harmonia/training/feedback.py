"""Feedback surveys: a participant rates each session they attended, and the whole
programme, from 1 to 5 on the criteria of the data table, with free text; the results
are means and counts, and the free text is shown without names."""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from statistics import mean
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count
from django.utils import timezone
from django.utils.translation import gettext

from harmonia.accounts import policy

from .assessments import closes_on
from .models import Feedback, FeedbackCriterion, Participant, Programme, Rating, Session
from .services import TrainingError, day_end, day_start, deny, local

SATISFIED = 4  # a rating of 4 or 5 counts as satisfied


def criteria(scope: str) -> list[FeedbackCriterion]:
    return list(FeedbackCriterion.objects.filter(scope=scope))


def window(programme: Programme, session: Session | None = None) -> tuple[dt.datetime, dt.datetime]:
    """(opens, closes) of feedback on a session (from its start) or on the programme
    (from its last day); both close when the assessments close."""
    opens = session.starts_at if session is not None else day_start(programme, programme.ends_on)
    return opens, day_end(programme, closes_on(programme))


def submit(
    user: Any,
    participant: Participant,
    session: Session | None,
    ratings: dict[str, int],
    comment: str = "",
    now: dt.datetime | None = None,
) -> Feedback:
    """Feedback on a session the participant attended (from its start), or on the
    programme (from its last day); both until the assessments close. Once each."""
    deny(
        policy.is_signed_in(user) and participant.user_id == user.pk,
        gettext("participants give their own feedback"),
    )
    programme = participant.programme
    if participant.status != "accepted":
        raise TrainingError(
            gettext("%(name)s is not an accepted participant") % {"name": participant.name}
        )
    at = now or timezone.now()
    if session is not None:
        if session.module.programme_id != programme.pk:
            raise TrainingError(gettext("session: not a session of this programme"))
        if not session.attendance.filter(participant=participant).exists():
            raise TrainingError(
                gettext("%(session)s: feedback comes from those who attended it")
                % {"session": session}
            )
    opens, closes = window(programme, session)
    if at < opens:
        raise TrainingError(
            gettext("feedback opens at %(value)s")
            % {"value": format(local(programme, opens), "%Y-%m-%d %H:%M")}
        )
    if at > closes:
        raise TrainingError(
            gettext("feedback closed on %(value)s") % {"value": closes_on(programme)}
        )
    asked = {c.slug: c for c in criteria("session" if session else "programme")}
    unknown = set(ratings) - set(asked)
    if unknown:
        raise TrainingError(
            gettext("%(value)s: not a question of this form") % {"value": sorted(unknown)[0]}
        )
    missing = set(asked) - set(ratings)
    if missing:
        raise TrainingError(
            gettext("%(name)s: a rating from 1 to 5") % {"name": asked[sorted(missing)[0]].name}
        )
    for slug, value in ratings.items():
        if not 1 <= value <= 5:
            raise TrainingError(
                gettext("%(name)s: a rating from 1 to 5") % {"name": asked[slug].name}
            )
    try:
        with transaction.atomic():
            feedback = Feedback.objects.create(
                programme=programme,
                session=session,
                participant=participant,
                comment=comment.strip()[:5000],
                submitted_at=at,
            )
            Rating.objects.bulk_create(
                Rating(feedback=feedback, criterion=asked[slug], value=value)
                for slug, value in ratings.items()
            )
    except IntegrityError:
        raise TrainingError(gettext("feedback: already given")) from None
    return feedback


@dataclass
class Results:
    responses: int = 0
    means: dict[str, float] = field(default_factory=dict)
    counts: dict[str, dict[int, int]] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)


@dataclass
class FeedbackResults:
    programme: Results
    sessions: dict[int, Results]
    # Share of the programme-level ratings at 4 or 5, in percent, and their mean.
    satisfaction: float | None
    mean_rating: float | None


def results(programme: Programme) -> FeedbackResults:
    values: dict[int | None, dict[str, list[int]]] = defaultdict(lambda: defaultdict(list))
    out: dict[int | None, Results] = defaultdict(Results)
    forms = Feedback.objects.filter(programme=programme)
    for session_id, n in forms.values_list("session_id").annotate(n=Count("pk")).order_by():
        out[session_id].responses = n
    for session_id, comment in (
        forms.exclude(comment="")
        .order_by("submitted_at", "pk")
        .values_list("session_id", "comment")
    ):
        out[session_id].comments.append(comment)
    for session_id, slug, value in Rating.objects.filter(feedback__programme=programme).values_list(
        "feedback__session_id", "criterion__slug", "value"
    ):
        values[session_id][slug].append(value)
    for key, by_slug in values.items():
        out[key].means = {slug: mean(v) for slug, v in by_slug.items()}
        out[key].counts = {slug: dict(Counter(v)) for slug, v in by_slug.items()}
    whole = [v for vs in values.get(None, {}).values() for v in vs]
    return FeedbackResults(
        programme=out.get(None) or Results(),
        sessions={k: v for k, v in out.items() if k is not None},
        satisfaction=100 * sum(v >= SATISFIED for v in whole) / len(whole) if whole else None,
        mean_rating=mean(whole) if whole else None,
    )
