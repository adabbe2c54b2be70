"""Pre- and post-assessments per module: the organisers set multiple-choice questions,
each participant answers them once before the module and once after it, and the
learning gain is the post score less the pre score, in percentage points of the
module's points, for each (participant, module) pair that has both."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from statistics import mean
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext

from harmonia.accounts import policy

from .models import AssessmentResponse, Module, Participant, Programme, Question, Session
from .services import TrainingError, day_end, day_start, deny, local

WINDOW_AFTER_END = dt.timedelta(days=14)


def add_question(
    user: Any, module: Module, *, text: str, choices: list[str], correct: int, points: int = 1
) -> Question:
    deny(policy.can_organise(user, module.programme), gettext("only the organisers set questions"))
    choices = [c.strip()[:300] for c in choices if c.strip()]
    if not text.strip():
        raise TrainingError(gettext("question: required"))
    if len(choices) < 2:
        raise TrainingError(gettext("choices: at least two, one a line"))
    if not 0 <= correct < len(choices):
        raise TrainingError(
            gettext("correct: the number of one of the %(value)s choices") % {"value": len(choices)}
        )
    if not 1 <= points <= 100:
        raise TrainingError(gettext("points: from 1 to 100"))
    if AssessmentResponse.objects.filter(module=module).exists():
        raise TrainingError(
            gettext(
                "%(module)s: answers are in, so its questions are fixed (scores would not compare)"
            )
            % {"module": module}
        )
    last = module.questions.order_by("-position").values_list("position", flat=True).first()
    return Question.objects.create(
        module=module,
        position=(last or 0) + 1,
        text=text.strip()[:1000],
        choices=choices,
        correct=correct,
        points=points,
    )


def closes_on(programme: Programme) -> dt.date:
    """Post-assessments and the programme's feedback close at the end of this day."""
    return programme.assessments_close or programme.ends_on + WINDOW_AFTER_END


def window(
    module: Module, kind: str, starts: list[dt.datetime] | None = None
) -> tuple[dt.datetime | None, dt.datetime]:
    """(opens, closes) of a module's pre- or post-assessment: the pre-assessment until
    the module's first session starts, the post-assessment from its last session's
    start until the programme's assessments close. `starts`: the module's session
    starts when the caller has read them already."""
    if starts is None:
        starts = list(
            Session.objects.filter(module=module)
            .order_by("starts_at")
            .values_list("starts_at", flat=True)
        )
    starts = sorted(starts)
    programme = module.programme
    first = starts[0] if starts else day_start(programme, programme.starts_on)
    if kind == "pre":
        return None, first
    last = starts[-1] if starts else first
    end = day_end(programme, closes_on(programme))
    return last, end


def is_open(
    module: Module,
    kind: str,
    now: dt.datetime | None = None,
    starts: list[dt.datetime] | None = None,
) -> bool:
    opens, closes = window(module, kind, starts)
    at = now or timezone.now()
    return (opens is None or opens <= at) and at < closes


def submit(
    user: Any,
    participant: Participant,
    module: Module,
    kind: str,
    answers: dict[int, int],
    now: dt.datetime | None = None,
) -> AssessmentResponse:
    """A participant's answers ({question id: index of the choice}), scored at once; an
    assessment is taken once."""
    deny(
        policy.is_signed_in(user) and participant.user_id == user.pk,
        gettext("participants answer their own assessments"),
    )
    if kind not in dict(AssessmentResponse.KINDS):
        raise TrainingError(gettext("kind: pre or post"))
    if participant.status != "accepted" or participant.programme_id != module.programme_id:
        raise TrainingError(
            gettext("%(name)s is not an accepted participant") % {"name": participant.name}
        )
    opens, closes = window(module, kind)
    at = now or timezone.now()
    if opens is not None and at < opens:
        when = local(module.programme, opens)
        raise TrainingError(
            gettext("the %(kind)s-assessment of %(module)s opens at %(when)s")
            % {"kind": kind, "module": module, "when": format(when, "%Y-%m-%d %H:%M")}
        )
    if at >= closes:
        when = local(module.programme, closes)
        raise TrainingError(
            gettext("the %(kind)s-assessment of %(module)s closed at %(when)s")
            % {"kind": kind, "module": module, "when": format(when, "%Y-%m-%d %H:%M")}
        )
    questions = {q.pk: q for q in module.questions.all()}
    if not questions:
        raise TrainingError(gettext("%(module)s has no questions yet") % {"module": module})
    unknown = set(answers) - set(questions)
    if unknown:
        raise TrainingError(
            gettext("question %(value)s: not a question of %(module)s")
            % {"value": sorted(unknown)[0], "module": module}
        )
    for pk, choice in answers.items():
        if not 0 <= choice < len(questions[pk].choices):
            raise TrainingError(
                gettext("question %(position)s: no choice %(value)s")
                % {"position": questions[pk].position, "value": choice + 1}
            )
    score = sum(q.points for pk, q in questions.items() if answers.get(pk) == q.correct)
    try:
        with transaction.atomic():
            return AssessmentResponse.objects.create(
                module=module,
                participant=participant,
                kind=kind,
                answers={str(k): v for k, v in answers.items()},
                score=score,
                out_of=sum(q.points for q in questions.values()),
                submitted_at=at,
            )
    except IntegrityError:
        raise TrainingError(
            gettext("the %(kind)s-assessment of %(module)s is already answered")
            % {"kind": kind, "module": module}
        ) from None


@dataclass
class Gain:
    """Learning gain over a group of (participant, module) pairs, in percentage points."""

    pre: float
    post: float
    gain: float
    pairs: int


def _gain(pairs: list[tuple[float, float]]) -> Gain | None:
    if not pairs:
        return None
    pre, post = mean(p for p, _ in pairs), mean(q for _, q in pairs)
    return Gain(pre=pre, post=post, gain=post - pre, pairs=len(pairs))


@dataclass
class LearningGains:
    overall: Gain | None
    by_module: dict[int, Gain | None]
    by_body: dict[str, Gain | None]
    by_participant: dict[int, Gain | None]


def learning_gains(programme: Programme) -> LearningGains:
    scores: dict[tuple[int, int], dict[str, float]] = defaultdict(dict)
    body_of: dict[int, str] = {}
    for participant, module, kind, score, out_of, body in AssessmentResponse.objects.filter(
        module__programme=programme, participant__status="accepted"
    ).values_list(
        "participant_id", "module_id", "kind", "score", "out_of", "participant__body__code"
    ):
        scores[(participant, module)][kind] = 100 * score / out_of if out_of else 0.0
        body_of[participant] = body
    pairs = {k: (v["pre"], v["post"]) for k, v in scores.items() if len(v) == 2}
    by: dict[str, dict[Any, list[tuple[float, float]]]] = {
        "module": defaultdict(list),
        "body": defaultdict(list),
        "participant": defaultdict(list),
    }
    for (participant, module), pair in pairs.items():
        by["module"][module].append(pair)
        by["body"][body_of[participant]].append(pair)
        by["participant"][participant].append(pair)
    modules = Module.objects.filter(programme=programme).values_list("pk", flat=True)
    return LearningGains(
        overall=_gain(list(pairs.values())),
        by_module={m: _gain(by["module"].get(m, [])) for m in modules},
        by_body={code: _gain(v) for code, v in sorted(by["body"].items())},
        by_participant={p: _gain(v) for p, v in by["participant"].items()},
    )
