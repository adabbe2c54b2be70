"""The programme dashboard: what the programme achieved, from its own records —
completion, attendance, learning gain, satisfaction, action-plan progress, who took
part (by region, country and gender) — and the framework's indicators against their
targets, each indicator being one of these measures or a value the organisers record."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal
from statistics import mean
from typing import Any

from django.db.models import Count
from django.utils.translation import gettext

from harmonia.accounts import policy

from . import assessments, feedback
from .models import ActionItem, Certificate, Indicator, Participant, Programme, Session
from .services import (
    TrainingError,
    attendance_percent,
    deny,
    follow_up_progress,
    plan_progress,
)
from .vocabularies import region_of

NOT_STATED = "not stated"


def _gender(text: str) -> str:
    return text.strip().lower() or NOT_STATED


def _share(part: float, whole: float) -> float | None:
    return 100 * part / whole if whole else None


@dataclass
class Dashboard:
    programme: Programme
    participants: int
    bodies: int
    countries: int
    certified: int
    completion_rate: float | None
    attendance_rate: float | None
    sessions: list[tuple[Session, int, float | None]]
    learning: assessments.LearningGains
    feedback: feedback.FeedbackResults
    actions: int
    planners: int
    progress: dict[int, float | None]
    done_at_6_months: float | None
    by_region: list[tuple[str, int]]
    by_area: list[tuple[str, int]]
    by_country: list[tuple[str, int]]
    by_gender: list[tuple[str, int]]
    indicators: list[tuple[Indicator, float | None, float | None]]

    def measure(self, slug: str) -> float | None:
        return MEASURES[slug][1](self) if slug in MEASURES else None


def _women_share(d: Dashboard) -> float | None:
    return _share(dict(d.by_gender).get("female", 0), d.participants)


# slug -> (what it counts, how it is read off the dashboard)
MEASURES: dict[str, tuple[str, Callable[[Dashboard], float | None]]] = {
    "bodies": ("bodies with an accepted participant", lambda d: d.bodies),
    "participants": ("accepted participants", lambda d: d.participants),
    "certified": ("participants certified", lambda d: d.certified),
    "completion_rate": ("certified, per cent of participants", lambda d: d.completion_rate),
    "attendance_rate": ("mean attendance, per cent", lambda d: d.attendance_rate),
    "women_share": ("women, per cent of participants", _women_share),
    "learning_gain": (
        "learning gain, percentage points",
        lambda d: d.learning.overall.gain if d.learning.overall else None,
    ),
    "satisfaction": ("satisfied (4 or 5), per cent of ratings", lambda d: d.feedback.satisfaction),
    "actions_done": ("actions done at 6 months, per cent", lambda d: d.done_at_6_months),
    "action_progress": (
        "mean progress of actions at 6 months, per cent",
        lambda d: d.progress.get(6),
    ),
}
RECORDED = "recorded"  # an indicator whose value the organisers record


def _sorted(counter: Counter[str]) -> list[tuple[str, int]]:
    return sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))


def dashboard(programme: Programme) -> Dashboard:
    people = list(
        Participant.objects.filter(programme=programme, status="accepted").select_related("body")
    )
    shares = attendance_percent(programme)
    certified = Certificate.objects.filter(participant__programme=programme).count()
    n = len(people)
    sessions = list(
        Session.objects.filter(module__programme=programme)
        .select_related("module")
        .annotate(present=Count("attendance"))
        .order_by("starts_at", "pk")
    )
    recorded = follow_up_progress(programme)
    six = recorded.get(6, [])
    actions = ActionItem.objects.filter(participant__programme=programme)
    board = Dashboard(
        programme=programme,
        participants=n,
        bodies=len({p.body_id for p in people}),
        countries=len({p.body.country_code for p in people if p.body.country_code}),
        certified=certified,
        completion_rate=_share(certified, n),
        attendance_rate=mean(shares.values()) if shares else None,
        sessions=[(s, s.present, _share(s.present, n)) for s in sessions],
        learning=assessments.learning_gains(programme),
        feedback=feedback.results(programme),
        actions=actions.count(),
        planners=actions.values("participant").distinct().count(),
        progress=plan_progress(programme, recorded),
        done_at_6_months=_share(sum(v == 100 for v in six), len(six)),
        by_region=_sorted(Counter(region_of(p.body.country_code)[0] for p in people)),
        by_area=_sorted(Counter(region_of(p.body.country_code)[1] for p in people)),
        by_country=_sorted(Counter(p.body.country_code or "—" for p in people)),
        by_gender=_sorted(Counter(_gender(p.gender) for p in people)),
        indicators=[],
    )
    for indicator in Indicator.objects.filter(programme=programme):
        value: Any = (
            indicator.recorded
            if indicator.measure == RECORDED
            else board.measure(indicator.measure)
        )
        value = float(value) if value is not None else None
        target = float(indicator.target)
        board.indicators.append(
            (indicator, value, _share(value, target) if value is not None else None)
        )
    return board


def check_measure(slug: str) -> None:
    if slug != RECORDED and slug not in MEASURES:
        raise TrainingError(
            gettext("measure: %(slug)r is not one of %(values)s")
            % {"slug": slug, "values": ", ".join([*MEASURES, RECORDED])}
        )


def add_indicator(
    user: Any,
    programme: Programme,
    *,
    code: str,
    name: str,
    measure: str,
    target: Decimal,
    recorded: Decimal | None = None,
) -> Indicator:
    deny(policy.can_organise(user, programme), gettext("only the organisers set indicators"))
    check_measure(measure)
    if not code.strip() or not name.strip():
        raise TrainingError(gettext("code and name: both required"))
    if target <= 0:
        raise TrainingError(gettext("target: above zero"))
    found, _ = Indicator.objects.update_or_create(
        programme=programme,
        code=code.strip()[:20],
        defaults={
            "name": name.strip()[:300],
            "measure": measure,
            "target": target,
            "recorded": recorded if measure == RECORDED else None,
        },
    )
    return found
