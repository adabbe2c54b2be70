from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import pytest
from django.contrib.auth import get_user_model
from django.utils import timezone

from harmonia.accounts.models import CommitteeMembership, Membership
from harmonia.ballots import services
from harmonia.ballots.models import Ballot, BallotType
from harmonia.catalogue.models import Body, Committee


@dataclass
class Setup:
    body: Body
    committee: Committee
    secretary: Any
    experts: list[Any]
    observer: Any

    def open(self, slug: str = "national", n: str = "B1", **kw: Any) -> Ballot:
        return services.open_ballot(
            self.secretary,
            body=kw.pop("body", self.body),
            committee=kw.pop("committee", self.committee),
            ballot_type=BallotType.objects.get(slug=slug),
            reference=n,
            title=f"Ballot {n}",
            **kw,
        )


def make_user(username: str) -> Any:
    return get_user_model().objects.create(username=username, first_name=username.title())


def make_setup(experts: int = 6) -> Setup:
    body, _ = Body.objects.get_or_create(
        code="STAMEQ", defaults={"name": "STAMEQ", "kind": "national", "country_code": "VN"}
    )
    committee = Committee.objects.create(reference="TCVN/TC 176", body=body, kind="national")
    secretary = make_user("sec")
    Membership.objects.create(user=secretary, body=body, role_id="secretary")
    people = [make_user(f"expert{i:03d}") for i in range(experts)]
    CommitteeMembership.objects.bulk_create(
        [CommitteeMembership(user=u, committee=committee, role_id="expert") for u in people]
    )
    observer = make_user("watcher")
    CommitteeMembership.objects.create(user=observer, committee=committee, role_id="observer")
    return Setup(body, committee, secretary, people, observer)


@pytest.fixture
def setup(db) -> Setup:
    return make_setup()


def later(days: float) -> dt.datetime:
    return timezone.now() + dt.timedelta(days=days)
