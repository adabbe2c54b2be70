"""Ballot approval rules, evaluated with exact fractions (no Django: rules are data rows
turned into `Rule` by the caller, so a body can add its national rules without code).

A rule reads the votes of P-members (who decide) and of every member (whose negatives
are capped). Abstentions are never counted; negatives without technical reasons are
not counted where the rule says so (the caller passes them apart). Exactly two-thirds
and exactly one-quarter fall on the approving side: the comparisons are `>=` and `<=`
on `Fraction`s, never on floats.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from fractions import Fraction


@dataclass(frozen=True)
class Rule:
    """What a ballot type needs to pass."""

    name: str
    # Share of P-members voting (approve + disapprove) who must approve.
    p_threshold: Fraction
    # True: more than the threshold (a simple majority); False: at least it (two-thirds).
    p_strict: bool = False
    # Largest share of all votes cast (approve + disapprove) that may be negative.
    negative_limit: Fraction | None = None
    # Negatives without technical reasons are left out of every count.
    ignore_unjustified: bool = False
    # New work items: P-members committing to take part, by committee size.
    min_participants_small: int | None = None
    min_participants_large: int | None = None
    large_committee_above: int = 16
    source: str = ""


@dataclass(frozen=True)
class Counts:
    p_approve: int = 0
    p_disapprove: int = 0
    p_abstain: int = 0
    # Every member's votes, the P-members' included.
    approve: int = 0
    disapprove: int = 0
    abstain: int = 0
    # Negatives cast without technical reasons (included in the counts above).
    p_disapprove_unjustified: int = 0
    disapprove_unjustified: int = 0
    # For new work items: P-members who committed to take part (None: not given, the
    # minimum is then not checked), and the committee's size.
    participants: int | None = None
    p_members: int | None = None

    def problems(self) -> list[str]:
        out = []
        for name, value in self.__dict__.items():
            if value is not None and value < 0:
                out.append(f"{name} is negative ({value})")
        if self.approve < self.p_approve:
            out.append(
                gettext_noop("approve counts every member's votes: it cannot be below p_approve")
            )
        if self.disapprove < self.p_disapprove:
            out.append(
                gettext_noop(
                    "disapprove counts every member's votes: it cannot be below p_disapprove"
                )
            )
        if self.abstain < self.p_abstain:
            out.append(
                gettext_noop("abstain counts every member's votes: it cannot be below p_abstain")
            )
        if self.p_disapprove_unjustified > self.p_disapprove:
            out.append(gettext_noop("p_disapprove_unjustified cannot exceed p_disapprove"))
        if self.disapprove_unjustified > self.disapprove:
            out.append(gettext_noop("disapprove_unjustified cannot exceed disapprove"))
        if self.disapprove_unjustified < self.p_disapprove_unjustified:
            out.append(
                gettext_noop("disapprove_unjustified counts every member: not below the P-members'")
            )
        return out


@dataclass
class Outcome:
    approved: bool
    explanation: str
    checks: list[dict[str, object]] = field(default_factory=list)
    notes: list[dict[str, object]] = field(default_factory=list)


def gettext_noop(text: str) -> str:
    """Marks a sentence for `makemessages`; the caller of `describe` translates it."""
    return text


# The sentences of an explanation, with their values named: `describe` fills them in
# the language its `translate` gives (English as written here by default).
SENTENCES = {
    "approved": gettext_noop("approved: {parts}"),
    "not approved": gettext_noop("not approved: {parts}"),
    "p_none": gettext_noop("no P-member voted for or against"),
    "p_share": gettext_noop(
        "{in_favour} of {voting} P-members in favour = {share} {sign} {threshold} (needs {need})"
    ),
    "negative_none": gettext_noop("no votes cast"),
    "negative_share": gettext_noop("{negative} of {votes} votes negative = {share} {sign} {limit}"),
    "participants": gettext_noop("{committed} P-member(s) committed to take part {sign} {needed}"),
    "participants_size": gettext_noop(
        "{committed} P-member(s) committed to take part {sign} {needed} "
        "(committee of {p_members} P-members)"
    ),
    "unjustified": gettext_noop("{n} negative vote(s) without technical reasons not counted"),
    "abstentions": gettext_noop("{n} abstention(s) not counted"),
    "no_participants": gettext_noop(
        "commitments to take part not given: the minimum of {needed} not checked"
    ),
    "more than": gettext_noop("more than {share}"),
    "1/2": gettext_noop("half"),
    "2/3": gettext_noop("two-thirds"),
    "1/4": gettext_noop("one-quarter"),
}


def _pct(f: Fraction) -> str:
    value = float(f * 100)
    return f"{value:.1f}%".replace(".0%", "%")


def minimum_participants(rule: Rule, p_members: int | None) -> int | None:
    if rule.min_participants_small is None:
        return None
    if p_members is not None and p_members > rule.large_committee_above:
        return rule.min_participants_large or rule.min_participants_small
    return rule.min_participants_small


def evaluate(rule: Rule, counts: Counts) -> Outcome:
    """Apply `rule` to `counts`: the result, each check with its numbers, and why in words."""
    bad = counts.problems()
    if bad:
        raise ValueError("; ".join(bad))
    p_no = counts.p_disapprove
    no = counts.disapprove
    notes: list[dict[str, object]] = []
    if rule.ignore_unjustified:
        p_no -= counts.p_disapprove_unjustified
        no -= counts.disapprove_unjustified
        if counts.disapprove_unjustified:
            notes.append({"note": "unjustified", "n": counts.disapprove_unjustified})
    if counts.abstain:
        notes.append({"note": "abstentions", "n": counts.abstain})
    checks: list[dict[str, object]] = []

    p_voting = counts.p_approve + p_no
    if p_voting == 0:
        checks.append({"check": "p_members", "passed": False, "voting": 0})
    else:
        share = Fraction(counts.p_approve, p_voting)
        ok = share > rule.p_threshold if rule.p_strict else share >= rule.p_threshold
        checks.append(
            {
                "check": "p_members",
                "passed": ok,
                "in_favour": counts.p_approve,
                "voting": p_voting,
                "share": str(share),
                "threshold": str(rule.p_threshold),
                "strict": rule.p_strict,
            }
        )

    if rule.negative_limit is not None:
        total = counts.approve + no
        if total == 0:
            checks.append({"check": "negative", "passed": False, "votes": 0})
        else:
            share = Fraction(no, total)
            checks.append(
                {
                    "check": "negative",
                    "passed": share <= rule.negative_limit,
                    "negative": no,
                    "votes": total,
                    "share": str(share),
                    "limit": str(rule.negative_limit),
                }
            )

    needed = minimum_participants(rule, counts.p_members)
    if needed is not None and counts.participants is None:
        # A what-if in the calculator may leave the commitments out: say so rather
        # than count them as none. A ballot's own tally always gives them.
        notes.append({"note": "no_participants", "needed": needed})
    elif needed is not None:
        have = counts.participants or 0
        checks.append(
            {
                "check": "participants",
                "passed": have >= needed,
                "committed": have,
                "needed": needed,
                "p_members": counts.p_members,
            }
        )

    approved = all(c["passed"] for c in checks)
    return Outcome(
        approved=approved,
        explanation=describe(approved, checks, notes),
        checks=checks,
        notes=notes,
    )


def describe(
    approved: bool,
    checks: list[dict[str, object]],
    notes: list[dict[str, object]],
    translate: Callable[[str], str] = str,
) -> str:
    """The outcome in words, e.g. "approved: 12 of 15 P-members in favour = 80% ≥ 66.7%
    (needs two-thirds); 2 of 18 votes negative = 11.1% ≤ 25%"."""

    def say(key: str, **values: object) -> str:
        return translate(SENTENCES[key]).format(**values)

    parts = []
    for c in checks:
        if c["check"] == "p_members" and not c["voting"]:
            parts.append(say("p_none"))
        elif c["check"] == "p_members":
            threshold = Fraction(str(c["threshold"]))
            named = SENTENCES.get(f"{threshold.numerator}/{threshold.denominator}")
            need = translate(named) if named else _pct(threshold)
            if c["strict"]:
                need = say("more than", share=need)
                sign = ">" if c["passed"] else "≤"
            else:
                sign = "≥" if c["passed"] else "<"
            parts.append(
                say(
                    "p_share",
                    in_favour=c["in_favour"],
                    voting=c["voting"],
                    share=_pct(Fraction(str(c["share"]))),
                    sign=sign,
                    threshold=_pct(threshold),
                    need=need,
                )
            )
        elif c["check"] == "negative" and not c["votes"]:
            parts.append(say("negative_none"))
        elif c["check"] == "negative":
            parts.append(
                say(
                    "negative_share",
                    negative=c["negative"],
                    votes=c["votes"],
                    share=_pct(Fraction(str(c["share"]))),
                    sign="≤" if c["passed"] else ">",
                    limit=_pct(Fraction(str(c["limit"]))),
                )
            )
        elif c["check"] == "participants":
            parts.append(
                say(
                    "participants_size" if c["p_members"] is not None else "participants",
                    committed=c["committed"],
                    sign="≥" if c["passed"] else "<",
                    needed=c["needed"],
                    p_members=c["p_members"],
                )
            )
    text = say("approved" if approved else "not approved", parts="; ".join(parts))
    if notes:
        text += " (" + "; ".join(say(str(n["note"]), **n) for n in notes) + ")"
    return text
