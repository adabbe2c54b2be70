"""Deadlines as reminders, through a real SMTP server on loopback: each is sent once,
however often the reminders run, and one that could not be sent is sent next time."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from harmonia.training import assessments, feedback, reminders, services
from harmonia.training.models import FeedbackCriterion, Reminder

from .conftest import nominate

pytestmark = pytest.mark.django_db


def test_nominations_closing_remind_the_focal_point_once(world, smtp, settings, refused_port):
    _programme, _organiser, focal, invited, _ = world
    focal.email = "focal@tisi.example"
    focal.save()
    assert reminders.send_due(dt.date(2026, 9, 20)) == []  # 11 days ahead: not yet
    listening, settings.EMAIL_PORT = settings.EMAIL_PORT, refused_port
    with pytest.raises(OSError):
        reminders.send_due(dt.date(2026, 9, 26))
    assert Reminder.objects.count() == 0  # not recorded: tried again next time
    settings.EMAIL_PORT = listening
    sent = reminders.send_due(dt.date(2026, 9, 26))
    assert [r.key for r in sent] == [f"nominations:{invited['TISI'].pk}:2026-10-01"]
    assert smtp.messages[0]["To"] == "focal@tisi.example"
    assert "TISI may nominate 2 participants" in smtp.body()
    assert reminders.send_due(dt.date(2026, 9, 27)) == []  # never twice
    assert len(smtp.messages) == 1
    nominate(world, 2)  # the places are filled: nothing to remind
    Reminder.objects.all().delete()
    assert reminders.due(dt.date(2026, 9, 28)) == []


def test_assessments_feedback_and_follow_ups(world, smtp):
    programme, organiser, _focal, _invited, _sessions = world
    people = nominate(world, 2)
    for i, p in enumerate(people):
        services.decide(organiser, p, True)
        p.user = get_user_model().objects.create(username=f"u{i}")
        p.save()
    a, b = people
    module = programme.modules.first()
    [q] = [assessments.add_question(organiser, module, text="Q", choices=["x", "y"], correct=0)]
    before = dt.datetime(2026, 10, 31, 12, tzinfo=dt.UTC)
    assessments.submit(a.user, a, module, "pre", {q.pk: 0}, now=before)
    sent = reminders.send_due(dt.date(2026, 10, 31))
    assert [(r.key, r.email) for r in sent] == [(f"pre:{module.pk}:{b.pk}", b.email)]
    assert "pre-assessment of “Strategy and vision”" in smtp.body()

    # Two days before the post-assessments close: a has answered and given feedback.
    after = dt.datetime(2026, 11, 10, 12, tzinfo=dt.UTC)
    assessments.submit(a.user, a, module, "post", {q.pk: 0}, now=after)
    whole = {c.slug: 4 for c in FeedbackCriterion.objects.filter(scope="programme")}
    feedback.submit(a.user, a, None, whole, now=after)
    sent = reminders.send_due(dt.date(2026, 11, 18))
    assert [r.key for r in sent] == [f"post:{programme.pk}:{b.pk}"]
    assert "Strategy and vision, programme feedback" in smtp.body()

    # Follow-ups: from 2027-02-06 (3 months), for those with a plan and no follow-up.
    item = services.add_action(a.user, a, action="Plan", owner="Me", due=dt.date(2027, 3, 1))
    services.add_action(b.user, b, action="Plan", owner="Me", due=dt.date(2027, 3, 1))
    services.record_follow_up(b.user, b.actions.get(), month=3, progress=10,
                              today=dt.date(2027, 2, 6))  # fmt: skip
    assert reminders.due(dt.date(2027, 2, 5)) == []
    sent = reminders.send_due(dt.date(2027, 2, 7))
    assert [(r.key, r.email) for r in sent] == [(f"follow-up-3:{a.pk}", a.email)]
    assert reminders.send_due(dt.date(2027, 2, 8)) == []
    services.record_follow_up(a.user, item, month=6, progress=90, today=dt.date(2027, 5, 6))
    assert [r.key for r in reminders.due(dt.date(2027, 5, 7))] == [f"follow-up-6:{b.pk}"]
    assert len(smtp.messages) == 3
