"""The programme's pages and API read a fixed number of queries, whatever the number of
participants, sessions and answers: an N+1 fails here."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from harmonia.catalogue.models import Body
from harmonia.training import assessments, services
from harmonia.training.models import ActionItem, FollowUp, Participant

pytestmark = pytest.mark.django_db


def grow(world, n: int) -> None:
    """n more accepted participants from new bodies, each attending, assessed, planning."""
    programme, organiser, _focal, _invited, sessions = world
    module = programme.modules.first()
    if not module.questions.exists():
        assessments.add_question(organiser, module, text="Q", choices=["a", "b"], correct=0)
    start = Participant.objects.count()
    for i in range(start, start + n):
        body = Body.objects.create(code=f"B{i}", name=f"B{i}", kind="national", country_code="TH")
        invited = services.invite(organiser, programme, body, quota=1)
        person = services.nominate(organiser, invited, name=f"P{i}", email=f"p{i}@x.example",
                                   today=dt.date(2026, 9, 1))  # fmt: skip
        services.decide(organiser, person, True)
        person.user = get_user_model().objects.create(username=f"p{i}")
        person.save()
        for s in sessions:
            services.check_in(organiser, s, person)
        for kind, when in (("pre", dt.datetime(2026, 11, 1, tzinfo=dt.UTC)),
                           ("post", dt.datetime(2026, 11, 10, tzinfo=dt.UTC))):  # fmt: skip
            assessments.submit(person.user, person, module, kind,
                               {q.pk: 0 for q in module.questions.all()}, now=when)  # fmt: skip
        item = ActionItem.objects.create(participant=person, action="A", owner="O",
                                         due=dt.date(2027, 1, 1))  # fmt: skip
        FollowUp.objects.create(item=item, month=6, progress=50)
    services.issue_certificates(organiser, programme)


def count(client, url: str) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200, url
    return len(queries)


@pytest.mark.parametrize(
    "page", ["/training/{pk}/", "/training/{pk}/dashboard/", "/training/{pk}/setup/",
             "/api/v1/training/programmes/{pk}/dashboard", "/api/v1/training/programmes/{pk}",
             "/api/v1/training/programmes/{pk}/participants", "/api/v1/training/programmes"],
)  # fmt: skip
def test_queries_do_not_grow_with_the_participants(world, client, page):
    programme, organiser, *_ = world
    url = page.format(pk=programme.pk)
    client.force_login(organiser)
    grow(world, 2)
    few = count(client, url)
    grow(world, 8)
    assert count(client, url) == few
    assert few <= 40


def more_modules(world, n: int) -> None:
    """n more modules, each with a session and a question."""
    from harmonia.training.models import Module, Session

    programme, organiser, _f, _i, sessions = world
    for i in range(n):
        position = programme.modules.count() + 1
        module = Module.objects.create(programme=programme, position=position, title=f"M{i}")
        Session.objects.create(module=module, title="S", starts_at=sessions[-1].starts_at,
                               ends_at=sessions[-1].ends_at)  # fmt: skip
        assessments.add_question(organiser, module, text="Q", choices=["a", "b"], correct=0)


@pytest.mark.parametrize("who", ["participant", "focal point"])
@pytest.mark.parametrize("page", ["/training/{pk}/", "/work/"])
def test_a_participant_s_and_a_focal_point_s_pages(world, client, who, page):
    """Whatever the number of participants, and of modules with their assessments."""
    programme, _organiser, focal, *_ = world
    grow(world, 2)
    user = Participant.objects.first().user if who == "participant" else focal
    client.force_login(user)
    url = page.format(pk=programme.pk)
    few = count(client, url)
    grow(world, 8)
    more_modules(world, 5)
    assert count(client, url) == few
