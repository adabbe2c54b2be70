"""Ballot approval rules, evaluated with exact fractions (no Django: rules are data rows
turned into `Rule` by the caller, so a body can add its national rules without code).

A rule reads the votes of P-members (who decide) and of every member (whose negatives
are capped). Abstentions are never counted; negatives without technical reasons are
not counted where the rule says so (the caller passes them apart). Exactly two-thirds
and exactly one-quarter fall on the approving side: the comparisons are `>=` and `<=`
on `Fraction`s, never on floats.
"""

from __future__ import annotations

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
            out.append("approve counts every member's votes: it cannot be below p_approve")
        if self.disapprove < self.p_disapprove:
            out.append("disapprove counts every member's votes: it cannot be below p_disapprove")
        if self.abstain < self.p_abstain:
            out.append("abstain counts every member's votes: it cannot be below p_abstain")
        if self.p_disapprove_unjustified > self.p_disapprove:
            out.append("p_disapprove_unjustified cannot exceed p_disapprove")
        if self.disapprove_unjustified > self.disapprove:
            out.append("disapprove_unjustified cannot exceed disapprove")
        if self.disapprove_unjustified < self.p_disapprove_unjustified:
            out.append("disapprove_unjustified counts every member: not below the P-members'")
        return out


@dataclass
class Outcome:
    approved: bool
    explanation: str
    checks: list[dict[str, object]] = field(default_factory=list)


def _pct(f: Fraction) -> str:
    value = float(f * 100)
    return f"{value:.1f}%".replace(".0%", "%")


def _fraction_text(f: Fraction) -> str:
    known = {Fraction(1, 2): "half", Fraction(2, 3): "two-thirds", Fraction(1, 4): "one-quarter"}
    return known.get(f, _pct(f))


def minimum_participants(rule: Rule, p_members: int | None) -> int | None:
    if rule.min_participants_small is None:
        return None
    if p_members is not None and p_members > rule.large_committee_above:
        return rule.min_participants_large or rule.min_participants_small
    return rule.min_participants_small


def evaluate(rule: Rule, counts: Counts) -> Outcome:
    """Apply `rule` to `counts` and say why in words."""
    bad = counts.problems()
    if bad:
        raise ValueError("; ".join(bad))
    p_no = counts.p_disapprove
    no = counts.disapprove
    notes = []
    if rule.ignore_unjustified:
        p_no -= counts.p_disapprove_unjustified
        no -= counts.disapprove_unjustified
        if counts.disapprove_unjustified:
            notes.append(
                f"{counts.disapprove_unjustified} negative vote(s) without technical reasons "
                "not counted"
            )
    if counts.abstain:
        notes.append(f"{counts.abstain} abstention(s) not counted")
    checks: list[dict[str, object]] = []
    parts: list[str] = []
    passed = True

    p_voting = counts.p_approve + p_no
    if p_voting == 0:
        passed = False
        parts.append("no P-member voted for or against")
        checks.append({"check": "p_members", "passed": False, "voting": 0})
    else:
        share = Fraction(counts.p_approve, p_voting)
        ok = share > rule.p_threshold if rule.p_strict else share >= rule.p_threshold
        sign = (">" if ok else "≤") if rule.p_strict else (">=" if ok else "<")
        sign = {">=": "≥"}.get(sign, sign)
        need = ("more than " if rule.p_strict else "") + _fraction_text(rule.p_threshold)
        parts.append(
            f"{counts.p_approve} of {p_voting} P-members in favour = {_pct(share)} "
            f"{sign} {_pct(rule.p_threshold)} (needs {need})"
        )
        checks.append(
            {
                "check": "p_members",
                "passed": ok,
                "in_favour": counts.p_approve,
                "voting": p_voting,
                "share": str(share),
                "threshold": str(rule.p_threshold),
            }
        )
        passed = passed and ok

    if rule.negative_limit is not None:
        total = counts.approve + no
        if total == 0:
            ok = False
            parts.append("no votes cast")
            checks.append({"check": "negative", "passed": False, "votes": 0})
        else:
            share = Fraction(no, total)
            ok = share <= rule.negative_limit
            parts.append(
                f"{no} of {total} votes negative = {_pct(share)} {'≤' if ok else '>'} "
                f"{_pct(rule.negative_limit)}"
            )
            checks.append(
                {
                    "check": "negative",
                    "passed": ok,
                    "negative": no,
                    "votes": total,
                    "share": str(share),
                    "limit": str(rule.negative_limit),
                }
            )
        passed = passed and ok

    needed = minimum_participants(rule, counts.p_members)
    if needed is not None and counts.participants is None:
        # A what-if in the calculator may leave the commitments out: say so rather
        # than count them as none. A ballot's own tally always gives them.
        notes.append(f"commitments to take part not given: the minimum of {needed} not checked")
    elif needed is not None:
        have = counts.participants or 0
        ok = have >= needed
        size = (
            f" (committee of {counts.p_members} P-members)" if counts.p_members is not None else ""
        )
        parts.append(
            f"{have} P-member(s) committed to take part {'≥' if ok else '<'} {needed}{size}"
        )
        checks.append({"check": "participants", "passed": ok, "committed": have, "needed": needed})
        passed = passed and ok

    text = ("approved: " if passed else "not approved: ") + "; ".join(parts)
    if notes:
        text += " (" + "; ".join(notes) + ")"
    return Outcome(approved=passed, explanation=text, checks=checks)
