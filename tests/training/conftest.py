"""A programme of Viet Nam's body (4 sessions in 2 modules, 2–3 November 2026) with
three invited bodies, and nominations by their focal points."""

from __future__ import annotations

import datetime as dt
import zoneinfo

import pytest
from django.contrib.auth import get_user_model

from harmonia.accounts.models import Membership
from harmonia.catalogue.models import Body
from harmonia.training import services
from harmonia.training.models import Module, Programme, Session

HANOI = zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh")
COUNTRIES = {"TISI": "TH", "KEBS": "KE", "INACAL": "PE"}


@pytest.fixture
def world():
    users = get_user_model().objects
    host = Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")
    organiser = users.create(username="organiser")
    Membership.objects.create(user=organiser, body=host, role_id="editor")
    programme = Programme.objects.create(
        title="Leadership and management development for NSBs",
        host=host,
        venue="Hà Nội",
        starts_on=dt.date(2026, 11, 2),
        ends_on=dt.date(2026, 11, 6),
        nominations_close=dt.date(2026, 10, 1),
        attendance_threshold=75,
    )
    start = dt.datetime(2026, 11, 2, 9, tzinfo=HANOI)
    sessions = []
    for i, title in enumerate(["Strategy and vision", "Leadership"], 1):
        module = Module.objects.create(programme=programme, position=i, title=title)
        for k in range(2):
            at = start + dt.timedelta(days=i - 1, hours=4 * k)
            sessions.append(
                Session.objects.create(
                    module=module,
                    title=f"{title} {k + 1}",
                    starts_at=at,
                    ends_at=at + dt.timedelta(hours=3),
                    room="A1",
                )
            )
    bodies = [
        Body.objects.create(code=c, name=f"NSB {c}", kind="national", country_code=country)
        for c, country in COUNTRIES.items()
    ]
    focal = users.create(username="focal-tisi")
    invited = {b.code: services.invite(organiser, programme, b, quota=2) for b in bodies}
    invited["TISI"].focal_point = focal
    invited["TISI"].save()
    return programme, organiser, focal, invited, sessions


def nominate(world, n: int, body: str = "TISI"):
    _programme, organiser, focal, invited, _ = world
    return [
        services.nominate(
            focal if body == "TISI" else organiser,
            invited[body],
            name=f"Person {body} {i}",
            email=f"p{i}@{body.lower()}.example",
            gender="female" if i % 2 else "male",
            today=dt.date(2026, 9, 1),
        )
        for i in range(n)
    ]
