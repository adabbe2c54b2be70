"""Assessments, feedback and the dashboard. The dashboard test runs a small programme
whose every figure was computed by hand (in the comments) before the code ran."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.contrib.auth import get_user_model

from harmonia.training import assessments, dashboard, feedback, services
from harmonia.training.models import FeedbackCriterion, Module

from .conftest import HANOI, nominate

pytestmark = pytest.mark.django_db


def at(day: int, hour: int = 12) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, tzinfo=HANOI)


BEFORE = at(1)  # before every module
AFTER = at(7)  # after the programme, before the assessments close (14 days on)


def _questions(organiser, programme):
    m1, m2 = Module.objects.filter(programme=programme).order_by("position")
    q1 = [
        assessments.add_question(organiser, m1, text=f"Q1.{i}", choices=["a", "b"], correct=0)
        for i in (1, 2)
    ]  # 2 points in all
    q2 = [
        assessments.add_question(
            organiser, m2, text=f"Q2.{i}", choices=["a", "b", "c"], correct=1, points=2
        )
        for i in (1, 2)
    ]  # 4 points in all
    return m1, m2, q1, q2


def _accepted(world, n, body):
    _programme, organiser, *_ = world
    people = nominate(world, n, body)
    for i, p in enumerate(people):
        services.decide(organiser, p, True)
        p.user = get_user_model().objects.create(username=f"{body}-{i}")
        p.save()
    return people


def answers(questions, right: int) -> dict[int, int]:
    """The first `right` questions answered correctly, the others wrongly."""
    return {q.pk: q.correct if i < right else q.correct + 1 for i, q in enumerate(questions)}


def test_the_dashboard_equals_the_figures_computed_by_hand(world, client):
    programme, organiser, _focal, _invited, sessions = world
    a, b = _accepted(world, 2, "TISI")  # a: male (TH), b: female (TH)
    [c] = _accepted(world, 1, "KEBS")  # c: male (KE)
    [d] = nominate(world, 1, "INACAL")
    services.decide(organiser, d, False)  # declined: counted nowhere
    m1, m2, q1, q2 = _questions(organiser, programme)

    # Attendance of 4 sessions: a 4 (100 %), b 3 (75 %), c 2 (50 %); threshold 75 %.
    for person, n in ((a, 4), (b, 3), (c, 2)):
        for s in sessions[:n]:
            services.check_in(organiser, s, person)
    services.issue_certificates(organiser, programme)  # a and b: completion 2/3 = 66.67 %

    # Scores in % of the module's points:
    #   a: m1 pre 1/2 = 50, post 2/2 = 100; m2 pre 0/4 = 0, post 4/4 = 100
    #   b: m1 pre 0/2 = 0, post 1/2 = 50; m2 pre 2/4 = 50, no post (not a pair)
    #   c: m1 pre 2/2 = 100, post 2/2 = 100
    for person, module, qs, pre, post in (
        (a, m1, q1, 1, 2), (a, m2, q2, 0, 2), (b, m1, q1, 0, 1), (b, m2, q2, 1, None),
        (c, m1, q1, 2, 2),
    ):  # fmt: skip
        assessments.submit(person.user, person, module, "pre", answers(qs, pre), now=BEFORE)
        if post is not None:
            assessments.submit(person.user, person, module, "post", answers(qs, post), now=AFTER)

    # Programme feedback (4 criteria): a 5 5 5 5, b 4 4 3 2, c none.
    #   8 ratings, 6 of them 4 or 5: satisfied 75 %; mean 33 / 8 = 4.125.
    slugs = [c.slug for c in FeedbackCriterion.objects.filter(scope="programme")]
    assert len(slugs) == 4
    feedback.submit(a.user, a, None, dict.fromkeys(slugs, 5), "Very useful.", now=AFTER)
    feedback.submit(b.user, b, None, dict(zip(slugs, [4, 4, 3, 2], strict=True)), now=AFTER)
    session_slugs = [c.slug for c in FeedbackCriterion.objects.filter(scope="session")]
    feedback.submit(a.user, a, sessions[0], dict(zip(session_slugs, [5, 4, 3], strict=True)),
                    now=at(2, 18))  # fmt: skip
    feedback.submit(b.user, b, sessions[0], dict(zip(session_slugs, [3, 4, 5], strict=True)),
                    now=at(2, 18))  # fmt: skip

    # Action plans: a two actions, b one. At 6 months: 100, 50, 100 -> mean 83.33,
    # done 2 of 3 = 66.67 %. At 3 months: one follow-up, 40.
    later = dt.date(2027, 6, 1)
    a1, a2 = (
        services.add_action(a.user, a, action=f"A{i}", owner="Director", due=dt.date(2027, 5, 1))
        for i in (1, 2)
    )
    b1 = services.add_action(b.user, b, action="B1", owner="Head", due=dt.date(2027, 5, 1))
    services.record_follow_up(a.user, a1, month=3, progress=40, today=later)
    for item, progress in ((a1, 100), (a2, 50), (b1, 100)):
        services.record_follow_up(organiser, item, month=6, progress=progress, today=later)

    # Indicators: bodies 2 of 4 (50 %), completion 66.67 of 80 (83.33 %), recorded 3 of 10.
    for code, measure, target, recorded in (
        ("1", "bodies", 4, None), ("2", "completion_rate", 80, None), ("3", "recorded", 10, 3),
    ):  # fmt: skip
        dashboard.add_indicator(
            organiser, programme, code=code, name=f"Indicator {code}", measure=measure,
            target=Decimal(target), recorded=None if recorded is None else Decimal(recorded),
        )  # fmt: skip

    d = dashboard.dashboard(programme)
    assert (d.participants, d.bodies, d.countries, d.certified) == (3, 2, 2, 2)
    assert d.completion_rate == pytest.approx(200 / 3)
    assert d.attendance_rate == pytest.approx(75.0)
    assert [(s.pk, n) for s, n, _share in d.sessions] == [
        (sessions[0].pk, 3), (sessions[1].pk, 3), (sessions[2].pk, 2), (sessions[3].pk, 1)
    ]  # fmt: skip

    # Pairs: (a,m1) 50->100, (a,m2) 0->100, (b,m1) 0->50, (c,m1) 100->100.
    g = d.learning
    assert (g.overall.pre, g.overall.post, g.overall.gain, g.overall.pairs) == (
        pytest.approx(37.5), pytest.approx(87.5), pytest.approx(50.0), 4
    )  # fmt: skip
    assert g.by_module[m1.pk].pre == pytest.approx(50.0)  # (50 + 0 + 100) / 3
    assert g.by_module[m1.pk].post == pytest.approx(250 / 3)  # (100 + 50 + 100) / 3
    assert g.by_module[m1.pk].gain == pytest.approx(100 / 3)
    assert (g.by_module[m2.pk].gain, g.by_module[m2.pk].pairs) == (pytest.approx(100.0), 1)
    assert g.by_body["TISI"].gain == pytest.approx(250 / 3 - 50 / 3)  # 83.33 - 16.67
    assert g.by_body["KEBS"].gain == pytest.approx(0.0)
    assert g.by_participant[a.pk].gain == pytest.approx(75.0)  # (50 + 100) / 2

    assert d.feedback.satisfaction == pytest.approx(75.0)
    assert d.feedback.mean_rating == pytest.approx(4.125)
    assert d.feedback.programme.responses == 2
    assert d.feedback.programme.comments == ["Very useful."]
    assert d.feedback.sessions[sessions[0].pk].means == {s: 4 for s in session_slugs}

    assert (d.actions, d.planners) == (3, 2)
    assert d.progress == {3: pytest.approx(40.0), 6: pytest.approx(250 / 3)}
    assert d.done_at_6_months == pytest.approx(200 / 3)

    assert d.by_gender == [("male", 2), ("female", 1)]
    assert d.by_region == [("Asia", 2), ("Africa", 1)]
    assert d.by_area == [("South-eastern Asia", 2), ("Eastern Africa", 1)]
    assert d.by_country == [("TH", 2), ("KE", 1)]
    assert d.measure("women_share") == pytest.approx(100 / 3)
    assert [(i.code, v, share) for i, v, share in d.indicators] == [
        ("1", 2.0, 50.0),
        ("2", pytest.approx(200 / 3), pytest.approx(250 / 3)),
        ("3", 3.0, 30.0),
    ]

    # The same figures over the API and on the page.
    client.force_login(organiser)
    api = client.get(f"/api/v1/training/programmes/{programme.pk}/dashboard").json()
    assert api["completion_rate"] == pytest.approx(200 / 3)
    assert api["learning_gain"] == {"pre": 37.5, "post": 87.5, "gain": 50.0, "pairs": 4}
    assert api["learning_gain_by_body"]["KEBS"]["gain"] == 0.0
    assert api["satisfaction"] == 75.0 and api["by_gender"][0] == {
        "name": "male",
        "participants": 2,
    }
    assert api["indicators"][2]["percent_of_target"] == 30.0
    page = client.get(f"/training/{programme.pk}/dashboard/").content.decode()
    for shown in ("66.7 %", "75.0 %", "50.0", "4.13", "83.3 %", "Very useful."):
        assert shown in page, shown


def test_assessment_rules(world):
    programme, organiser, *_ = world
    [a] = _accepted(world, 1, "TISI")
    m1, _m2, q1, _q2 = _questions(organiser, programme)
    with pytest.raises(
        services.TrainingError, match="pre-assessment of Strategy and vision closed"
    ):
        assessments.submit(a.user, a, m1, "pre", answers(q1, 2), now=at(2, 10))
    with pytest.raises(
        services.TrainingError, match="post-assessment of Strategy and vision opens"
    ):
        assessments.submit(a.user, a, m1, "post", answers(q1, 2), now=at(2, 10))
    with pytest.raises(services.TrainingError, match="no choice 5"):
        assessments.submit(a.user, a, m1, "pre", {q1[0].pk: 4}, now=BEFORE)
    with pytest.raises(PermissionError):
        assessments.submit(organiser, a, m1, "pre", answers(q1, 2), now=BEFORE)
    done = assessments.submit(a.user, a, m1, "pre", {q1[0].pk: 0}, now=BEFORE)
    assert (done.score, done.out_of) == (1, 2)  # an unanswered question scores nothing
    with pytest.raises(services.TrainingError, match="already answered"):
        assessments.submit(a.user, a, m1, "pre", answers(q1, 2), now=BEFORE)
    with pytest.raises(services.TrainingError, match="its questions are fixed"):
        assessments.add_question(organiser, m1, text="late", choices=["x", "y"], correct=0)
    with pytest.raises(services.TrainingError, match="closed at 2026-11-20 23:59"):
        assessments.submit(a.user, a, m1, "post", answers(q1, 2), now=at(21))
    with pytest.raises(services.TrainingError, match="choices: at least two"):
        assessments.add_question(organiser, _m2, text="x", choices=["only"], correct=0)


def test_feedback_rules(world):
    programme, organiser, _f, _i, sessions = world
    [a] = _accepted(world, 1, "TISI")
    slugs = [c.slug for c in FeedbackCriterion.objects.filter(scope="session")]
    ratings = dict.fromkeys(slugs, 4)
    with pytest.raises(services.TrainingError, match="from those who attended it"):
        feedback.submit(a.user, a, sessions[0], ratings, now=at(2, 18))
    services.check_in(organiser, sessions[0], a)
    with pytest.raises(services.TrainingError, match="feedback opens at"):
        feedback.submit(a.user, a, sessions[0], ratings, now=BEFORE)
    with pytest.raises(services.TrainingError, match="a rating from 1 to 5"):
        feedback.submit(a.user, a, sessions[0], {**ratings, slugs[0]: 6}, now=at(2, 18))
    with pytest.raises(services.TrainingError, match="a rating from 1 to 5"):
        feedback.submit(a.user, a, sessions[0], {slugs[0]: 4}, now=at(2, 18))
    with pytest.raises(services.TrainingError, match="not a question of this form"):
        feedback.submit(a.user, a, sessions[0], {**ratings, "overall": 4}, now=at(2, 18))
    feedback.submit(a.user, a, sessions[0], ratings, now=at(2, 18))
    with pytest.raises(services.TrainingError, match="already given"):
        feedback.submit(a.user, a, sessions[0], ratings, now=at(2, 18))
    whole = {c.slug: 5 for c in FeedbackCriterion.objects.filter(scope="programme")}
    with pytest.raises(services.TrainingError, match="feedback opens at 2026-11-06"):
        feedback.submit(a.user, a, None, whole, now=at(3))
    with pytest.raises(services.TrainingError, match="feedback closed on 2026-11-20"):
        feedback.submit(a.user, a, None, whole, now=at(25))
    feedback.submit(a.user, a, None, whole, now=AFTER)
    assert feedback.results(programme).satisfaction == 100.0
    assert programme.feedback.count() == 2


def test_an_empty_programme_has_a_dashboard_of_dashes(world, client):
    programme, organiser, *_ = world
    d = dashboard.dashboard(programme)
    assert (d.participants, d.completion_rate, d.attendance_rate) == (0, None, None)
    assert d.learning.overall is None and d.feedback.satisfaction is None
    client.force_login(organiser)
    assert client.get(f"/training/{programme.pk}/dashboard/").status_code == 200
    assert client.get(f"/api/v1/training/programmes/{programme.pk}/dashboard").status_code == 200
    with pytest.raises(services.TrainingError, match="measure: 'happiness' is not one of"):
        dashboard.add_indicator(organiser, programme, code="x", name="x", measure="happiness",
                                target=Decimal(1))  # fmt: skip


def test_the_dashboard_and_forms_in_vietnamese(world, client):
    programme, organiser, _f, _i, sessions = world
    [a] = _accepted(world, 1, "TISI")
    services.check_in(organiser, sessions[0], a)
    client.force_login(organiser)
    client.post("/i18n/setlang/", {"language": "vi"})
    board = client.get(f"/training/{programme.pk}/dashboard/").content.decode()
    assert "Bảng tổng hợp" in board and "Mức tiến bộ theo học phần" in board
    # TISI's participant: Thailand's UN M49 region and area, in Vietnamese.
    assert "<td>Châu Á</td>" in board and "<td>Đông Nam Á</td>" in board
    client.force_login(a.user)
    client.post("/i18n/setlang/", {"language": "vi"})
    form = client.get(f"/training/{programme.pk}/feedback/?session={sessions[0].pk}")
    assert "Nội dung phù hợp với công việc của tôi" in form.content.decode()


def test_the_organiser_sees_each_participant_s_gain(world, client):
    programme, organiser, *_ = world
    [a] = _accepted(world, 1, "TISI")
    m1, _m2, q1, _q2 = _questions(organiser, programme)
    assessments.submit(a.user, a, m1, "pre", answers(q1, 0), now=BEFORE)
    assessments.submit(a.user, a, m1, "post", answers(q1, 1), now=AFTER)  # 0 -> 50 %
    client.force_login(organiser)
    page = client.get(f"/training/{programme.pk}/").content.decode()
    assert "<td>50.0</td>" in page
