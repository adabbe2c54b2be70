"""Opening, voting in, tallying and closing ballots.

A ballot is open until `closes_at`; after it, it is pending (no more votes) until the
secretary closes it, which freezes the result. One response per voter and question is
kept by a unique constraint; a voter's row is locked while it votes, so concurrent
votes of one voter end as one response and votes of many voters all count.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from harmonia.accounts import policy
from harmonia.accounts.models import CommitteeMembership
from harmonia.catalogue.models import Body, Committee, Document
from harmonia.committees.models import Participation
from harmonia.committees.services import latest_snapshot

from . import rules
from .models import Ballot, BallotEvent, BallotType, Question, Response, ResponseChange, Voter

# gettext_noop: the pages translate these answers where they show them.
VOTE_ANSWERS = [gettext_noop("approve"), gettext_noop("disapprove"), gettext_noop("abstain")]
YES_NO = [gettext_noop("yes"), gettext_noop("no")]
# The note of the open → pending step (pages translate it).
PERIOD_ENDED = gettext_noop("voting period ended")
# Committee roles whose holders vote as P-members in national ballots.
EXPERT_ROLES = ("expert", "chair", "secretary")


class BallotError(ValueError):
    pass


def weeks_for(ballot_type: BallotType) -> int:
    """The type's period, unless HARMONIA_BALLOT_WEEKS overrides it (e.g. fdis=6)."""
    return int(settings.BALLOT_WEEKS.get(ballot_type.slug, ballot_type.weeks))


def phase(ballot: Ballot, now: dt.datetime | None = None) -> str:
    now = now or timezone.now()
    if ballot.state == "open" and now >= ballot.closes_at:
        return "pending"
    if ballot.state == "open" and now < ballot.opens_at:
        return "scheduled"
    return ballot.state


# -- opening ----------------------------------------------------------------------------


def _electorate(ballot_type: BallotType, body: Body, committee: Committee) -> list[Voter]:
    if ballot_type.electorate == "bodies":
        snapshot = latest_snapshot()
        rows = (
            Participation.objects.filter(snapshot=snapshot, committee=committee)
            .select_related("body", "status")
            .order_by("body__code")
            if snapshot
            else []
        )
        return [Voter(body=r.body, p_member=r.status.votes, label=str(r.body)) for r in rows]
    if ballot_type.electorate == "experts":
        committees = [committee]
    else:
        committees = list(committee.mirrored_by.filter(body=body))
        if not committees:
            raise BallotError(
                gettext(
                    "committee: %(body)s has no national mirror committee of "
                    "%(committee)s; link one on the committee's page first"
                )
                % {"body": body, "committee": committee}
            )
    seen: dict[int, Voter] = {}
    for m in (
        CommitteeMembership.objects.filter(committee__in=committees, user__is_active=True)
        .select_related("user", "role")
        .order_by("user__username")
    ):
        p = m.role_id in EXPERT_ROLES
        held = seen.get(m.user_id)
        if held is None or (p and not held.p_member):
            name = m.user.get_full_name() or m.user.username
            seen[m.user_id] = Voter(user=m.user, p_member=p, label=name)
    return list(seen.values())


def open_ballot(
    user: Any,
    *,
    body: Body,
    committee: Committee,
    ballot_type: BallotType,
    reference: str,
    title: str,
    opens_at: dt.datetime | None = None,
    closes_at: dt.datetime | None = None,
    international_deadline: dt.datetime | None = None,
    project: Any = None,
    document: Document | None = None,
    questions: list[tuple[str, list[str]]] | None = None,
) -> Ballot:
    reference, title = reference.strip(), title.strip()
    if not reference:
        raise BallotError(gettext("reference: required"))
    if not title:
        raise BallotError(gettext("title: required"))
    opens_at = opens_at or timezone.now()
    closes_at = closes_at or opens_at + dt.timedelta(weeks=weeks_for(ballot_type))
    if closes_at <= opens_at:
        raise BallotError(gettext("closes_at: must be after the opening"))
    if ballot_type.electorate == "mirrors":
        if international_deadline is None:
            raise BallotError(gettext("international_deadline: required for a national position"))
        if closes_at > international_deadline:
            raise BallotError(
                gettext(
                    "closes_at: the national vote must close before the international "
                    "deadline (%(international_deadline)s)"
                )
                % {"international_deadline": format(international_deadline, "%Y-%m-%d %H:%M")}
            )
    if Ballot.objects.filter(body=body, reference=reference).exists():
        raise BallotError(
            gettext("reference: %(body)s already has a ballot %(reference)r")
            % {"body": body, "reference": reference}
        )
    for text, answers in questions or []:
        if not text.strip() or len(answers) < 2 or len(set(answers)) != len(answers):
            raise BallotError(
                gettext("questions: %(text)r needs a text and two or more distinct answers")
                % {"text": text}
            )
    voters = _electorate(ballot_type, body, committee)
    if not voters:
        raise BallotError(
            gettext("electorate: %(committee)s has no one to vote (%(electorate)s)")
            % {"committee": committee, "electorate": ballot_type.electorate}
        )
    with transaction.atomic():
        ballot = Ballot.objects.create(
            body=body,
            committee=committee,
            type=ballot_type,
            reference=reference,
            title=title,
            opens_at=opens_at,
            closes_at=closes_at,
            international_deadline=international_deadline,
            project=project,
            document=document,
            p_members=sum(v.p_member for v in voters),
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        Question.objects.create(
            ballot=ballot, position=1, kind="vote", text="Vote", answers=VOTE_ANSWERS
        )
        position = 2
        if ballot_type.participation_question:
            Question.objects.create(
                ballot=ballot,
                position=position,
                kind="participation",
                text=ballot_type.participation_question,
                answers=YES_NO,
            )
            position += 1
        for text, answers in questions or []:
            Question.objects.create(
                ballot=ballot, position=position, kind="choice", text=text.strip(), answers=answers
            )
            position += 1
        for v in voters:
            v.ballot = ballot
        Voter.objects.bulk_create(voters)
        _event(ballot, "", "open", user, at=min(opens_at, timezone.now()))
    return ballot


def _event(
    ballot: Ballot,
    before: str,
    after: str,
    user: Any,
    note: str = "",
    at: dt.datetime | None = None,
) -> None:
    BallotEvent.objects.create(
        ballot=ballot,
        from_state=before,
        to_state=after,
        by=user if getattr(user, "is_authenticated", False) else None,
        note=note,
        at=at or timezone.now(),
    )


# -- voting -----------------------------------------------------------------------------


def _votes_as(user: Any) -> Q | None:
    """The voters `user` may vote as: themselves, or a body they run ballots for."""
    if not policy.is_signed_in(user):
        return None
    runs = policy.bodies_where(user, "secretary")
    mine = Q(user_id=user.pk)
    if runs is None:
        mine |= Q(body__isnull=False)
    elif runs:
        mine |= Q(body_id__in=runs)
    return mine


def voters_for(user: Any, ballot: Ballot) -> list[Voter]:
    mine = _votes_as(user)
    return [] if mine is None else list(ballot.voters.filter(mine).order_by("label"))


def may_vote_as(user: Any, voter: Voter) -> bool:
    mine = _votes_as(user)
    return mine is not None and Voter.objects.filter(mine, pk=voter.pk).exists()


def cast(
    ballot: Ballot,
    voter: Voter,
    user: Any,
    answers: dict[int, str],
    *,
    reasons: str = "",
    comment: str = "",
    uncounted_ok: bool = False,
    now: dt.datetime | None = None,
) -> list[Response]:
    """Record `voter`'s answers ({question position: answer}); a second call changes them.

    Where the ballot's rule leaves negative votes without technical reasons out of the
    count (ISO's do), such a vote is refused unless the voter said, with `uncounted_ok`,
    that they send it knowing it will not be counted."""
    now = now or timezone.now()
    if voter.ballot_id != ballot.pk:
        raise BallotError(gettext("voter: not in this ballot's electorate"))
    if not may_vote_as(user, voter):
        raise PermissionError(
            gettext("%(user)s may not vote as %(label)s") % {"user": user, "label": voter.label}
        )
    current = phase(ballot, now)
    if current == "scheduled":
        raise BallotError(
            gettext("ballot %(reference)s opens at %(opens_at)s")
            % {"reference": ballot.reference, "opens_at": format(ballot.opens_at, "%Y-%m-%d %H:%M")}
        )
    if current != "open":
        raise BallotError(
            gettext("ballot %(reference)s is %(current)s: votes are no longer taken")
            % {"reference": ballot.reference, "current": current}
        )
    if (
        answers.get(1) == "disapprove"
        and not reasons.strip()
        and not uncounted_ok
        and ballot.type.rule.ignore_unjustified
    ):
        raise BallotError(
            gettext(
                "A negative vote needs its technical reasons: without them it is not counted. "
                "Give the reasons, or tick that you send it knowing it will not be counted."
            )
        )
    return record(ballot, voter, user, answers, reasons=reasons, comment=comment, now=now)


def record(
    ballot: Ballot,
    voter: Voter,
    user: Any,
    answers: dict[int, str],
    *,
    reasons: str = "",
    comment: str = "",
    now: dt.datetime,
) -> list[Response]:
    """Write `voter`'s answers after `cast` checked who may and when (the demo generator
    writes past votes through here)."""
    questions = {q.position: q for q in ballot.questions.all()}
    if 1 not in answers:
        raise BallotError(gettext("vote: required (approve, disapprove or abstain)"))
    for position, answer in answers.items():
        q = questions.get(position)
        if q is None:
            raise BallotError(
                gettext("question %(position)s: no such question") % {"position": position}
            )
        if answer not in q.answers:
            raise BallotError(
                gettext("question %(position)s: %(answer)r is not one of %(values)s")
                % {"position": position, "answer": answer, "values": ", ".join(q.answers)}
            )
    by = user if getattr(user, "is_authenticated", False) else None
    for attempt in range(3):
        try:
            with transaction.atomic():
                # One voter votes at a time: the row lock orders concurrent calls.
                Voter.objects.select_for_update().get(pk=voter.pk)
                state = Ballot.objects.filter(pk=ballot.pk).values_list("state", flat=True)[0]
                if state != "open":
                    raise BallotError(
                        gettext("ballot %(reference)s is %(state)s: no more votes")
                        % {"reference": ballot.reference, "state": state}
                    )
                saved = []
                for position, answer in sorted(answers.items()):
                    q = questions[position]
                    values = {
                        "answer": answer,
                        "reasons": reasons.strip() if q.kind == "vote" else "",
                        "comment": comment.strip() if q.kind == "vote" else "",
                        "at": now,
                        "by": by,
                    }
                    row, _ = Response.objects.update_or_create(
                        voter=voter, question=q, defaults=values
                    )
                    ResponseChange.objects.create(voter=voter, question=q, **values)
                    saved.append(row)
            return saved
        except IntegrityError:
            # Another call for the same voter inserted first (SQLite takes no row
            # lock): try again, now as an update.
            if attempt == 2:
                raise
    raise AssertionError(gettext("unreachable"))


# -- results ----------------------------------------------------------------------------


def tally(ballot: Ballot) -> rules.Counts:
    c: dict[str, int] = defaultdict(int)
    participants = 0
    for r in Response.objects.filter(voter__ballot=ballot).select_related("voter", "question"):
        if r.question.kind == "participation":
            participants += r.voter.p_member and r.answer == "yes"
            continue
        if r.question.kind != "vote":
            continue
        c[r.answer] += 1
        unjustified = r.answer == "disapprove" and not r.reasons.strip()
        c["unjustified"] += unjustified
        if r.voter.p_member:
            c["p_" + r.answer] += 1
            c["p_unjustified"] += unjustified
    needs_participants = ballot.type.rule.min_participants_small is not None
    return rules.Counts(
        p_approve=c["p_approve"],
        p_disapprove=c["p_disapprove"],
        p_abstain=c["p_abstain"],
        approve=c["approve"],
        disapprove=c["disapprove"],
        abstain=c["abstain"],
        p_disapprove_unjustified=c["p_unjustified"],
        disapprove_unjustified=c["unjustified"],
        participants=participants if needs_participants else None,
        p_members=ballot.p_members if needs_participants else None,
    )


def result(ballot: Ballot) -> rules.Outcome:
    if ballot.state == "closed" and ballot.approved is not None:
        return rules.Outcome(
            approved=ballot.approved,
            explanation=ballot.explanation,
            checks=ballot.outcome.get("checks", []),
            notes=ballot.outcome.get("notes", []),
        )
    return rules.evaluate(ballot.type.rule.as_rule(), tally(ballot))


def explain(outcome: rules.Outcome) -> str:
    """The outcome in the active language (the stored English text when a ballot closed
    before its checks were kept)."""
    if not outcome.checks:
        return outcome.explanation
    return rules.describe(outcome.approved, outcome.checks, outcome.notes, gettext)


def answer_counts(ballot: Ballot) -> dict[int, dict[str, int]]:
    """{question position: {answer: how many}} for every question."""
    out: dict[int, dict[str, int]] = {
        q.position: dict.fromkeys(q.answers, 0) for q in ballot.questions.all()
    }
    for position, answer in Response.objects.filter(voter__ballot=ballot).values_list(
        "question__position", "answer"
    ):
        out.setdefault(position, {}).setdefault(answer, 0)
        out[position][answer] += 1
    return out


def consolidated_vote(outcome: rules.Outcome, counts: rules.Counts) -> str:
    if counts.approve + counts.disapprove == 0:
        return "abstain"
    return "approve" if outcome.approved else "disapprove"


def close(
    ballot: Ballot,
    user: Any,
    *,
    note: str = "",
    body_vote: str = "",
    now: dt.datetime | None = None,
) -> Ballot:
    """Close a pending ballot and freeze its result (the secretary's act)."""
    now = now or timezone.now()
    current = phase(ballot, now)
    if current != "pending":
        raise BallotError(
            gettext(
                "ballot %(reference)s is %(current)s: only a ballot past its closing date "
                "(pending) can be closed"
            )
            % {"reference": ballot.reference, "current": current}
        )
    if body_vote and body_vote not in VOTE_ANSWERS:
        raise BallotError(
            gettext("body_vote: %(body_vote)r is not one of %(values)s")
            % {"body_vote": body_vote, "values": ", ".join(VOTE_ANSWERS)}
        )
    with transaction.atomic():
        ballot = Ballot.objects.select_for_update().get(pk=ballot.pk)
        counts = tally(ballot)
        outcome = rules.evaluate(ballot.type.rule.as_rule(), counts)
        ballot.approved = outcome.approved
        ballot.explanation = outcome.explanation
        ballot.outcome = {"checks": outcome.checks, "notes": outcome.notes}
        if ballot.type.electorate == "mirrors":
            computed = consolidated_vote(outcome, counts)
            if body_vote and body_vote != computed and not note.strip():
                raise BallotError(
                    gettext(
                        "note: say why the body votes %(body_vote)s when its experts' "
                        "result is %(computed)s"
                    )
                    % {"body_vote": body_vote, "computed": computed}
                )
            ballot.body_vote = body_vote or computed
            ballot.body_vote_note = note.strip()
        if ballot.state == "open":
            # Nobody ran `harmonia ballot pending`: the period's end goes on record too.
            _event(ballot, "open", "pending", None, PERIOD_ENDED, at=ballot.closes_at)
        ballot.state = "closed"
        ballot.save()
        _event(ballot, "pending", "closed", user, note.strip(), at=now)
    return ballot


def cancel(ballot: Ballot, user: Any, note: str) -> Ballot:
    if ballot.state not in ("open",):
        raise BallotError(
            gettext("ballot %(reference)s is %(state)s: it cannot be cancelled")
            % {"reference": ballot.reference, "state": ballot.state}
        )
    if not note.strip():
        raise BallotError(gettext("note: say why the ballot is cancelled"))
    with transaction.atomic():
        ballot.state = "cancelled"
        ballot.save(update_fields=["state"])
        _event(ballot, "open", "cancelled", user, note.strip())
    return ballot


def mark_pending(now: dt.datetime | None = None) -> int:
    """Record the open → pending step of ballots past their closing date (CLI, cron)."""
    now = now or timezone.now()
    n = 0
    for ballot in Ballot.objects.filter(state="open", closes_at__lte=now):
        with transaction.atomic():
            ballot.state = "pending"
            ballot.save(update_fields=["state"])
            _event(ballot, "open", "pending", None, PERIOD_ENDED, at=ballot.closes_at)
        n += 1
    return n


def evaluate_counts(type_slug: str, counts: rules.Counts) -> rules.Outcome:
    """The rule calculator: what `type_slug`'s rule says of `counts`."""
    # Users write the types as ISO does, in capitals (DIS, FDIS): slugs are lower case.
    found = BallotType.objects.select_related("rule").filter(slug=type_slug.strip().lower()).first()
    if found is None:
        known = ", ".join(BallotType.objects.values_list("slug", flat=True))
        raise BallotError(
            gettext("type: %(type_slug)r is not a ballot type (%(known)s)")
            % {"type_slug": type_slug, "known": known}
        )
    return rules.evaluate(found.rule.as_rule(), counts)


# -- P-member obligations ---------------------------------------------------------------


@dataclass
class Obligation:
    label: str
    body_id: int | None
    user_id: int | None
    mandatory_total: int = 0
    mandatory_missed: int = 0
    counted_total: int = 0
    counted_missed: int = 0
    limit: int = 20
    by_year: dict[int, list[int]] = field(default_factory=dict)
    missed_refs: list[str] = field(default_factory=list)

    @property
    def missed_share(self) -> float:
        return 100 * self.counted_missed / self.counted_total if self.counted_total else 0.0

    @property
    def at_risk(self) -> bool:
        return self.mandatory_missed > 0 or self.missed_share > self.limit

    @property
    def why(self) -> str:
        parts = []
        if self.mandatory_missed:
            parts.append(f"missed {self.mandatory_missed} DIS/FDIS/review ballot(s)")
        if self.missed_share > self.limit:
            parts.append(
                f"missed {self.counted_missed} of {self.counted_total} internal ballots "
                f"({self.missed_share:.0f}% > {self.limit}%)"
            )
        return "; ".join(parts)


def obligations(committee: Committee, since: dt.datetime | None = None) -> list[Obligation]:
    """Missed votes of each P-member over the committee's closed ballots."""
    ballots = Ballot.objects.filter(
        committee=committee, state="closed", type__missed_limit_percent__isnull=False
    ).select_related("type")
    if since is not None:
        ballots = ballots.filter(closes_at__gte=since)
    voted = set(
        Response.objects.filter(voter__ballot__in=ballots, question__kind="vote").values_list(
            "voter_id", flat=True
        )
    )
    rows: dict[tuple[int | None, int | None], Obligation] = {}
    for v in (
        Voter.objects.filter(ballot__in=ballots, p_member=True)
        .select_related("ballot__type")
        .order_by("label")
    ):
        key = (v.body_id, v.user_id)
        o = rows.setdefault(key, Obligation(label=v.label, body_id=v.body_id, user_id=v.user_id))
        limit = v.ballot.type.missed_limit_percent or 0
        missed = v.pk not in voted
        year = v.ballot.closes_at.year
        o.by_year.setdefault(year, [0, 0])
        o.by_year[year][0] += 1
        o.by_year[year][1] += missed
        if limit == 0:
            o.mandatory_total += 1
            o.mandatory_missed += missed
        else:
            o.limit = limit
            o.counted_total += 1
            o.counted_missed += missed
        if missed:
            o.missed_refs.append(v.ballot.reference)
    return sorted(rows.values(), key=lambda o: (not o.at_risk, o.label))


def committee_ballots(committee: Any, user: Any) -> list[tuple[Ballot, str]]:
    """A committee's latest 20 ballots that `user` may see, each with its phase."""
    ballots = visible(user, committee.ballots.select_related("type")).order_by("-closes_at")[:20]
    return [(b, phase(b)) for b in ballots]


def visible(user: Any, qs: Any = None) -> Any:
    qs = qs if qs is not None else Ballot.objects.all()
    return policy.visible_ballots(user, qs)
