"""The approval rules at and around their thresholds, with the rows as seeded."""

from __future__ import annotations

from fractions import Fraction

import pytest

from harmonia.ballots.models import BallotRule
from harmonia.ballots.rules import Counts, Rule, evaluate

pytestmark = pytest.mark.django_db


def rule(slug: str) -> Rule:
    return BallotRule.objects.get(slug=slug).as_rule()


def dis(p_yes: int, p_no: int, yes: int | None = None, no: int | None = None, **kw: int) -> bool:
    counts = Counts(
        p_approve=p_yes,
        p_disapprove=p_no,
        approve=p_yes if yes is None else yes,
        disapprove=p_no if no is None else no,
        **kw,
    )
    return evaluate(rule("iso-dis-fdis"), counts).approved


def test_exactly_two_thirds_of_p_members_approves() -> None:
    # Negatives kept well under a quarter of all votes, so only the P-member share decides.
    assert dis(10, 5, yes=30, no=5)  # 10/15 = exactly 2/3
    assert not dis(9, 5, yes=30, no=5)  # 9/14 < 2/3
    assert dis(20, 10, yes=60, no=10) and not dis(19, 10, yes=60, no=10)


def test_exactly_one_quarter_negative_approves() -> None:
    # P: 6 of 6 in favour; all votes: 9 for, 3 against = exactly 1/4
    assert dis(6, 0, yes=9, no=3)
    assert not dis(6, 0, yes=9, no=4)  # 4/13 > 1/4
    assert dis(6, 0, yes=30, no=10) and not dis(6, 0, yes=29, no=10)


def test_abstentions_are_not_counted() -> None:
    assert dis(10, 5, yes=30, no=5, p_abstain=40, abstain=60)
    assert not dis(9, 5, yes=30, no=5, p_abstain=1, abstain=60)
    outcome = evaluate(
        rule("iso-dis-fdis"),
        Counts(p_approve=10, p_disapprove=5, p_abstain=3, approve=10, disapprove=5, abstain=3),
    )
    assert "3 abstention(s) not counted" in outcome.explanation


def test_negatives_without_technical_reasons_are_not_counted() -> None:
    # 9 for, 5 against (2 of them without reasons): counted 9 of 12 = 75% ≥ 2/3
    assert not dis(9, 5, yes=30, no=5)
    assert dis(9, 5, yes=30, no=5, p_disapprove_unjustified=2, disapprove_unjustified=2)
    # All members: 9 for, 4 against of which 1 without reasons: 3 of 12 = exactly 1/4
    assert dis(9, 0, yes=9, no=4, disapprove_unjustified=1)
    assert not dis(9, 0, yes=9, no=4)
    # The committee-draft rule counts every negative.
    cd = Counts(p_approve=9, p_disapprove=5, approve=9, disapprove=5, p_disapprove_unjustified=2)
    assert not evaluate(
        rule("iso-cd"), Counts(**{**cd.__dict__, "disapprove_unjustified": 2})
    ).approved


def test_nothing_cast_is_not_approved_and_says_so() -> None:
    outcome = evaluate(rule("iso-dis-fdis"), Counts())
    assert not outcome.approved
    assert "no P-member voted" in outcome.explanation and "no votes cast" in outcome.explanation
    only_abstentions = Counts(p_abstain=5, abstain=7)
    assert not evaluate(rule("iso-np"), only_abstentions).approved


def test_explanation_in_words() -> None:
    outcome = evaluate(
        rule("iso-dis-fdis"),
        Counts(p_approve=12, p_disapprove=3, approve=21, disapprove=3, p_abstain=1, abstain=1),
    )
    assert outcome.approved
    assert outcome.explanation == (
        "approved: 12 of 15 P-members in favour = 80% ≥ 66.7% (needs two-thirds); "
        "3 of 24 votes negative = 12.5% ≤ 25% (1 abstention(s) not counted)"
    )


def test_new_work_item_needs_a_majority_and_participants_by_committee_size() -> None:
    np = rule("iso-np")

    def ok(yes: int, no: int, participants: int, size: int) -> bool:
        c = Counts(
            p_approve=yes,
            p_disapprove=no,
            approve=yes,
            disapprove=no,
            participants=participants,
            p_members=size,
        )
        return evaluate(np, c).approved

    assert ok(6, 5, 4, 16)
    assert not ok(5, 5, 4, 16)  # exactly half is not a majority
    assert not ok(6, 5, 3, 16)  # 16 P-members: 4 needed
    assert not ok(6, 5, 4, 17)  # 17 P-members: 5 needed
    assert ok(6, 5, 5, 17)
    text = evaluate(
        np,
        Counts(p_approve=6, p_disapprove=5, approve=6, disapprove=5, participants=4, p_members=17),
    ).explanation
    assert text.startswith("not approved:") and "4 P-member(s) committed to take part < 5" in text


def test_new_work_item_without_commitments_given_checks_the_vote_only() -> None:
    # The calculator may leave the commitments out; a ballot's tally never does (0 is 0).
    vote = {"p_approve": 6, "p_disapprove": 5, "approve": 6, "disapprove": 5}
    outcome = evaluate(rule("iso-np"), Counts(**vote))
    assert outcome.approved
    assert "commitments to take part not given: the minimum of 4 not checked" in (
        outcome.explanation
    )
    assert not evaluate(rule("iso-np"), Counts(**vote, participants=0)).approved


def test_committee_draft_two_thirds_of_p_members() -> None:
    cd = rule("iso-cd")
    assert evaluate(cd, Counts(p_approve=2, p_disapprove=1, approve=2, disapprove=1)).approved
    assert not evaluate(cd, Counts(p_approve=3, p_disapprove=2, approve=3, disapprove=2)).approved


@pytest.mark.parametrize("slug", ["iso-review", "national-position"])
def test_majority_rules(slug: str) -> None:
    r = rule(slug)
    assert evaluate(r, Counts(p_approve=3, p_disapprove=2, approve=3, disapprove=2)).approved
    assert not evaluate(r, Counts(p_approve=2, p_disapprove=2, approve=2, disapprove=2)).approved


def test_national_rule() -> None:
    r = rule("national-majority")
    assert evaluate(r, Counts(p_approve=6, p_disapprove=2, approve=6, disapprove=2)).approved
    assert not evaluate(r, Counts(p_approve=5, p_disapprove=3, approve=5, disapprove=3)).approved


def test_counts_that_cannot_be_are_refused() -> None:
    with pytest.raises(ValueError, match="cannot be below p_approve"):
        evaluate(rule("iso-dis-fdis"), Counts(p_approve=5, approve=3))
    with pytest.raises(ValueError, match="negative"):
        evaluate(rule("iso-dis-fdis"), Counts(p_approve=-1))


def test_a_body_may_change_the_threshold_as_data() -> None:
    row = BallotRule.objects.get(slug="iso-np")
    row.p_threshold_num, row.p_threshold_den, row.p_strict = 2, 3, False
    row.save()
    r = row.as_rule()
    assert r.p_threshold == Fraction(2, 3)
    c = Counts(p_approve=6, p_disapprove=4, approve=6, disapprove=4, participants=5, p_members=10)
    assert not evaluate(r, c).approved  # 60% < 2/3, a majority no longer suffices


def test_every_seeded_rule_and_type_cites_its_source() -> None:
    from harmonia.ballots.models import BallotType

    assert BallotType.objects.count() == 8
    for row in list(BallotRule.objects.all()) + list(BallotType.objects.all()):
        assert len(row.source) > 30, row
