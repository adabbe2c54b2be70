"""Ballots from opening to result: electorate, votes, changes, the pending phase,
closing, national positions and P-member obligations."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction
from django.test import override_settings
from django.utils import timezone

from harmonia.ballots import services
from harmonia.ballots.models import BallotType, Response, ResponseChange
from harmonia.catalogue.models import Committee
from harmonia.committees.models import Participation, Snapshot

from .conftest import later

pytestmark = pytest.mark.django_db


def voter(ballot, user):
    return ballot.voters.get(user=user)


def test_electorate_is_the_committee_experts_and_observers(setup):
    ballot = setup.open()
    voters = {v.user.username: v.p_member for v in ballot.voters.select_related("user")}
    assert voters == {**{u.username: True for u in setup.experts}, "watcher": False}
    assert ballot.p_members == 6
    assert [e.to_state for e in ballot.events.all()] == ["open"]
    assert ballot.closes_at - ballot.opens_at == dt.timedelta(weeks=8)  # the type's period


def test_vote_change_and_result_in_words(setup):
    ballot = setup.open()
    e = setup.experts
    for user in e[:4]:
        services.cast(ballot, voter(ballot, user), user, {1: "approve"})
    services.cast(ballot, voter(ballot, e[4]), e[4], {1: "disapprove"}, reasons="clause 4 wrong")
    # A voter changes their mind: the latest answer counts, the first stays in history.
    services.cast(ballot, voter(ballot, e[0]), e[0], {1: "abstain"})
    assert Response.objects.filter(voter__ballot=ballot).count() == 5
    assert ResponseChange.objects.filter(voter=voter(ballot, e[0])).count() == 2
    outcome = services.result(ballot)
    assert outcome.approved
    assert outcome.explanation.startswith(
        "approved: 3 of 4 P-members in favour = 75% ≥ 66.7% (needs two-thirds); "
        "1 of 4 votes negative = 25% ≤ 25%"
    )


def test_only_voters_vote_and_only_their_answers(setup):
    ballot = setup.open()
    with pytest.raises(PermissionError):
        services.cast(ballot, voter(ballot, setup.experts[0]), setup.experts[1], {1: "approve"})
    with pytest.raises(services.BallotError, match="'yes' is not one of approve"):
        services.cast(ballot, voter(ballot, setup.experts[0]), setup.experts[0], {1: "yes"})
    with pytest.raises(services.BallotError, match="question 7: no such question"):
        services.cast(
            ballot, voter(ballot, setup.experts[0]), setup.experts[0], {1: "approve", 7: "x"}
        )
    assert not Response.objects.exists()


def test_no_vote_after_the_close_and_the_pending_phase(setup):
    ballot = setup.open(opens_at=later(-10), closes_at=later(-1))
    assert services.phase(ballot) == "pending"
    with pytest.raises(services.BallotError, match="is pending: votes are no longer taken"):
        services.cast(ballot, voter(ballot, setup.experts[0]), setup.experts[0], {1: "approve"})
    with pytest.raises(services.BallotError, match="only a ballot past its closing date"):
        services.close(setup.open(n="B2"), setup.secretary)
    closed = services.close(ballot, setup.secretary, note="reviewed")
    assert closed.state == "closed" and closed.approved is False
    assert closed.explanation.startswith("not approved: no P-member voted")
    # The end of the voting period is on record at its date, though nobody ran
    # `harmonia ballot pending`; the opening at the ballot's opening date.
    assert [(e.from_state, e.to_state, e.at) for e in closed.events.all()] == [
        ("", "open", ballot.opens_at),
        ("open", "pending", ballot.closes_at),
        ("pending", "closed", closed.events.last().at),
    ]
    with pytest.raises(services.BallotError, match="is closed"):
        services.cast(closed, voter(closed, setup.experts[0]), setup.experts[0], {1: "approve"})


def test_one_response_per_voter_and_question_in_the_database(setup):
    ballot = setup.open()
    v = voter(ballot, setup.experts[0])
    q = ballot.questions.get(position=1)
    Response.objects.create(voter=v, question=q, answer="approve", at=timezone.now())
    with pytest.raises(IntegrityError), transaction.atomic():
        Response.objects.create(voter=v, question=q, answer="disapprove", at=timezone.now())


def test_negative_without_reasons_is_not_counted_by_the_national_rule(setup):
    ballot = setup.open()
    e = setup.experts
    for user in e[:2]:
        services.cast(ballot, voter(ballot, user), user, {1: "approve"})
    # A negative vote without reasons is refused: the voter would believe it counted.
    with pytest.raises(services.BallotError, match="needs its technical reasons"):
        services.cast(ballot, voter(ballot, e[2]), e[2], {1: "disapprove"})
    assert services.tally(ballot).disapprove == 0
    # Sent knowingly, it is recorded and left out of the count.
    services.cast(ballot, voter(ballot, e[2]), e[2], {1: "disapprove"}, uncounted_ok=True)
    outcome = services.result(ballot)
    assert outcome.approved
    assert "1 negative vote(s) without technical reasons not counted" in outcome.explanation


def test_the_vote_page_refuses_a_negative_without_reasons_and_hides_the_interim(setup, client):
    ballot = setup.open()
    e = setup.experts
    services.cast(ballot, voter(ballot, e[0]), e[0], {1: "approve"})
    client.force_login(e[2])
    url = f"/ballots/{ballot.pk}/"
    page = client.get(url).content.decode()
    # Voting is open and this person votes: no interim result to sway them.
    assert "so far" not in page and "1 of" not in page
    sent = client.post(
        f"{url}vote/", {"voter": voter(ballot, e[2]).pk, "q1": "disapprove"}, follow=True
    )
    page = sent.content.decode()
    assert "needs its technical reasons" in page and "Your vote is recorded" not in page
    assert not Response.objects.filter(voter=voter(ballot, e[2])).exists()
    sent = client.post(
        f"{url}vote/",
        {"voter": voter(ballot, e[2]).pk, "q1": "disapprove", "uncounted": "1"},
        follow=True,
    )
    assert "Your vote is recorded" in sent.content.decode()


def test_extra_questions_and_their_counts(setup):
    ballot = setup.open(questions=[("Translate into Vietnamese?", ["yes", "no", "later"])])
    e = setup.experts[0]
    services.cast(ballot, voter(ballot, e), e, {1: "approve", 2: "later"})
    assert services.answer_counts(ballot)[2] == {"yes": 0, "no": 0, "later": 1}
    with pytest.raises(services.BallotError, match="two or more distinct answers"):
        setup.open(n="B3", questions=[("Bad", ["only"])])


def _iso_setup(setup, p: int, o: int) -> Committee:
    iso = Committee.objects.create(reference="ISO/TC 176", status="Active")
    snap = Snapshot.objects.create(taken_on=dt.date(2026, 5, 2), source="t")
    from harmonia.catalogue.models import Body

    for i in range(p + o):
        body = Body.objects.create(code=f"NSB{i:02d}", name=f"NSB {i}", kind="national")
        Participation.objects.create(
            snapshot=snap, committee=iso, body=body, status_id="p" if i < p else "o"
        )
    return iso


def test_new_work_item_counts_commitments_of_p_members(setup):
    iso = _iso_setup(setup, p=17, o=3)
    ballot = setup.open("np", committee=iso, opens_at=later(-10), closes_at=later(-0.01))
    voters = list(ballot.voters.order_by("label"))
    assert ballot.p_members == 17 and len(voters) == 20
    when = timezone.now() - dt.timedelta(hours=1)
    for i, v in enumerate(voters):
        answers = {1: "approve" if i % 3 else "disapprove", 2: "yes" if i < 4 or i >= 17 else "no"}
        services.record(ballot, v, None, answers, now=when)
    outcome = services.result(ballot)
    # 4 P-members committed (the 3 O-members' yes does not count): 17 P-members need 5.
    assert not outcome.approved
    assert "4 P-member(s) committed to take part < 5 (committee of 17 P-members)" in (
        outcome.explanation
    )


def test_national_position_closes_before_the_international_deadline(setup):
    iso = Committee.objects.create(reference="ISO/TC 176", status="Active")
    deadline = later(30)
    with pytest.raises(services.BallotError, match="no national mirror committee"):
        setup.open("position", committee=iso, international_deadline=deadline)
    setup.committee.mirrors.add(iso)
    with pytest.raises(services.BallotError, match="before the international deadline"):
        setup.open("position", committee=iso, international_deadline=deadline, closes_at=later(31))
    with pytest.raises(services.BallotError, match="international_deadline: required"):
        setup.open("position", committee=iso)
    ballot = setup.open(
        "position", committee=iso, international_deadline=deadline, opens_at=later(-5),
        closes_at=later(-0.01),
    )  # fmt: skip
    assert ballot.voters.count() == 7  # the mirror committee's experts and observer
    when = timezone.now() - dt.timedelta(hours=1)
    for i, user in enumerate(setup.experts[:5]):
        services.record(
            ballot, voter(ballot, user), user, {1: "disapprove" if i < 3 else "approve"}, now=when
        )
    with pytest.raises(services.BallotError, match="say why the body votes approve"):
        services.close(ballot, setup.secretary, body_vote="approve")
    closed = services.close(ballot, setup.secretary)
    assert closed.body_vote == "disapprove" and not closed.approved


def test_p_member_obligations(setup):
    e = setup.experts
    past = timezone.now() - dt.timedelta(days=30)
    for n in range(5):
        ballot = setup.open(n=f"N{n}", opens_at=past - dt.timedelta(days=60), closes_at=past)
        for user in e[:5] if n else e[:4]:  # e[4] misses one of five (20%), e[5] all
            services.record(
                ballot, voter(ballot, user), user, {1: "approve"}, now=past - dt.timedelta(days=1)
            )
        services.close(ballot, setup.secretary)
    rows = {o.label: o for o in services.obligations(setup.committee)}
    assert rows["Expert004"].counted_missed == 1 and not rows["Expert004"].at_risk  # 20% is allowed
    assert rows["Expert005"].counted_missed == 5 and rows["Expert005"].at_risk
    assert "missed 5 of 5 internal ballots (100% > 20%)" in rows["Expert005"].why
    assert "Watcher" not in rows  # observers have no obligation
    assert sum(n[1] for n in rows["Expert005"].by_year.values()) == 5


@override_settings(BALLOT_WEEKS={"fdis": 6})
def test_fdis_period_is_a_setting():
    assert services.weeks_for(BallotType.objects.get(slug="fdis")) == 6
    assert services.weeks_for(BallotType.objects.get(slug="dis")) == 12


def test_closing_date_after_opening(setup):
    with pytest.raises(services.BallotError, match="must be after the opening"):
        setup.open(opens_at=later(1), closes_at=later(0))


def test_the_result_is_said_in_the_reader_s_language_also_after_the_close(setup):
    from django.utils import translation

    ballot = setup.open(opens_at=later(-10), closes_at=later(-0.01))
    when = timezone.now() - dt.timedelta(hours=1)
    for i, user in enumerate(setup.experts[:4]):
        answer = "disapprove" if i == 3 else "approve"
        services.record(ballot, voter(ballot, user), user, {1: answer}, reasons="r", now=when)
    services.record(ballot, voter(ballot, setup.observer), None, {1: "abstain"}, now=when)
    closed = services.close(ballot, setup.secretary)
    english = (
        "approved: 3 of 4 P-members in favour = 75% ≥ 66.7% (needs two-thirds); "
        "1 of 4 votes negative = 25% ≤ 25% (1 abstention(s) not counted)"
    )
    assert closed.explanation == english
    stored = services.result(type(closed).objects.get(pk=closed.pk))
    with translation.override("vi"):
        assert services.explain(stored) == (
            "thông qua: 3 trên 4 thành viên P tán thành = 75% ≥ 66.7% (cần hai phần ba); "
            "1 trên 4 phiếu không tán thành = 25% ≤ 25% (1 phiếu trắng không được tính)"
        )
    with translation.override("en"):
        assert services.explain(stored) == english


def test_mark_pending_then_close_keeps_one_record_of_each_step(setup):
    past = setup.open(opens_at=later(-10), closes_at=later(-1))
    setup.open(n="B2")  # still open
    assert services.mark_pending() == 1
    assert services.mark_pending() == 0
    past.refresh_from_db()
    assert past.state == "pending"
    services.close(past, setup.secretary)
    steps = [(e.from_state, e.to_state) for e in past.events.all()]
    assert steps == [("", "open"), ("open", "pending"), ("pending", "closed")]
    assert past.events.get(to_state="pending").at == past.closes_at
