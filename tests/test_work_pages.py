"""The pages of standards development (committees, participation, work programme,
ballots, My work) and their API: what they show, and a number of database queries
that does not grow with the rows shown (an N+1 fails here)."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from harmonia.accounts.models import CommitteeMembership, Membership
from harmonia.ballots import services as ballots
from harmonia.ballots.models import Ballot, BallotType
from harmonia.catalogue.models import Body, Committee
from harmonia.committees.models import Participation, Snapshot
from harmonia.projects import services as projects

pytestmark = pytest.mark.django_db

NOW = timezone.now()


class World:
    """One body with a national committee mirroring an ISO committee, and `grow(n)`
    adding n of everything the pages list."""

    def __init__(self, django_user_model: Any) -> None:
        self.users = django_user_model
        self.body = Body.objects.create(
            code="STAMEQ", acronym="STAMEQ", name="STAMEQ", kind="national", country_code="VN"
        )
        self.iso = Committee.objects.create(reference="ISO/TC 176", status="Active")
        self.tc = Committee.objects.create(
            reference="TCVN/TC 176", body=self.body, kind="national", status="Active"
        )
        self.tc.mirrors.add(self.iso)
        self.secretary = django_user_model.objects.create(username="sec", first_name="Sec")
        Membership.objects.create(user=self.secretary, body=self.body, role_id="secretary")
        CommitteeMembership.objects.create(
            user=self.secretary, committee=self.tc, role_id="secretary"
        )
        self.snapshots = [
            Snapshot.objects.create(taken_on=dt.date(2025, 8, 20), source="a"),
            Snapshot.objects.create(taken_on=dt.date(2026, 5, 2), source="b"),
        ]
        self.n = 0

    def ballot(self, reference: str, opens: float, closes: float) -> Ballot:
        """A national ballot of the committee, open and closing `opens` and `closes` days
        from now."""
        return ballots.open_ballot(
            self.secretary,
            body=self.body,
            committee=self.tc,
            ballot_type=BallotType.objects.get(slug="national"),
            reference=reference,
            title=f"Ballot {reference}",
            opens_at=timezone.now() + dt.timedelta(days=opens),
            closes_at=timezone.now() + dt.timedelta(days=closes),
        )

    def grow(self, n: int) -> None:
        for _ in range(n):
            i = self.n = self.n + 1
            expert = self.users.objects.create(username=f"expert{i:02d}", first_name=f"E{i}")
            CommitteeMembership.objects.create(user=expert, committee=self.tc, role_id="expert")
            other = Body.objects.create(code=f"NSB{i:02d}", name=f"NSB {i}", kind="national")
            iso_sc = Committee.objects.create(reference=f"ISO/TC 176/SC {i}", status="Active")
            for snap in self.snapshots:
                for c in (self.iso, iso_sc):
                    Participation.objects.create(
                        snapshot=snap, committee=c, body=other, status_id="p" if i % 2 else "o"
                    )
                Participation.objects.create(
                    snapshot=snap, committee=iso_sc, body=self.body, status_id="p"
                )
            project = projects.create_project(
                self.secretary,
                body=self.body,
                reference=f"DT-{i:02d}",
                title=f"Dự thảo {i}",
                identifier=f"TCVN {90000 + i}:2027",
                committee=self.tc,
                stage="30.00",
                started=dt.date.today() - dt.timedelta(days=400 + i),
                plan_year=2026,
            )
            projects.move(project, "30.20", self.secretary, dt.date.today() - dt.timedelta(days=i))
            ballot = self.ballot(f"B-{i:02d}", opens=-30, closes=i)
            for v in ballot.voters.all()[: i % 3 + 1]:
                ballots.record(ballot, v, None, {1: "approve"}, now=NOW - dt.timedelta(hours=1))
            closed = self.ballot(f"C-{i:02d}", opens=-90, closes=-60)
            ballots.close(closed, self.secretary)


@pytest.fixture
def world(django_user_model) -> World:
    w = World(django_user_model)
    w.grow(2)
    return w


def queries(client: Client, url: str, status: int = 200) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return len(ctx.captured_queries)


PAGES = [
    "/work/",
    "/committees/TCVN/TC 176/",
    "/committees/ISO/TC 176/",
    "/participation/STAMEQ/",
    "/participation/",
    "/projects/",
    "/projects/{project}/",
    "/projects/gantt/TCVN/TC 176/",
    "/projects/plan/?body=STAMEQ&year=2026",
    "/ballots/",
    "/ballots/{ballot}/",
    "/ballots/calculator/?type=dis&p_approve=10&p_disapprove=5&approve=10&disapprove=5",
    "/ballots/obligations/TCVN/TC 176/",
    "/api/v1/projects",
    "/api/v1/projects/{project}",
    "/api/v1/ballots",
    "/api/v1/ballots/{ballot}",
    "/api/v1/participation/STAMEQ",
    "/api/v1/participation",
    "/api/v1/participation/STAMEQ/history",
    "/api/v1/committee-obligations/TCVN/TC 176",
]


@pytest.mark.parametrize("url", PAGES)
def test_query_count_does_not_grow_with_the_rows(world, client, url):
    # Ids differ between databases (PostgreSQL's sequences go on between tests).
    url = url.format(
        project=world.tc.projects.get(reference="DT-01").pk,
        ballot=Ballot.objects.get(reference="B-01").pk,
    )
    client.force_login(world.secretary)
    client.get(url)  # warm the per-process caches (role ranks, stage names)
    few = queries(client, url)
    world.grow(5)
    many = queries(client, url)
    assert many == few, f"{url}: {few} queries with 2 of each, {many} with 7"
    assert few <= 40, f"{url}: {few} queries"


def test_my_work_shows_each_part(world, client, django_user_model):
    client.force_login(world.secretary)
    page = client.get("/work/").content.decode()
    assert "B-01" in page and "Ballots closing soon" in page
    expert = django_user_model.objects.get(username="expert01")
    world.ballot("W-1", opens=0, closes=3 + 1 / 24)
    client.force_login(expert)
    page = client.get("/work/").content.decode()
    assert "Ballots waiting for your vote" in page and "W-1" in page
    assert "(3 days left)" in page
    assert "Voted, may still change:" in page and "B-02" in page
    assert "Drafts open for comment" in page and "DT-01" in page
    nobody = django_user_model.objects.create(username="nobody")
    client.force_login(nobody)
    assert "You take part in no committee yet." in client.get("/work/").content.decode()


def test_sign_in_lands_on_my_work(world, client):
    world.secretary.set_password("a long enough password 1")
    world.secretary.save()
    response = client.post(
        "/accounts/login/", {"username": "sec", "password": "a long enough password 1"}
    )
    assert response.status_code == 302 and response["Location"] == "/work/"


def test_pages_in_vietnamese(world, client):
    client.force_login(world.secretary)
    client.cookies["django_language"] = "vi"
    ballot = Ballot.objects.get(reference="B-01")
    page = client.get(f"/ballots/{ballot.pk}/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    assert "Danh sách bỏ phiếu" in page and "tán thành" in page
    gantt = client.get("/projects/gantt/TCVN/TC 176/", HTTP_ACCEPT_LANGUAGE="vi").content.decode()
    # SVG coordinates keep the decimal point whatever the language.
    assert 'x="' in gantt and not any(
        part.split('"')[0].count(",") for part in gantt.split(' x="')[1:]
    )


def test_project_move_through_the_web_refuses_a_jump(world, client):
    client.force_login(world.secretary)
    project = world.tc.projects.get(reference="DT-01")
    response = client.post(f"/projects/{project.pk}/move/", {"to": "60.60"}, follow=True)
    assert "cannot move to 60.60" in response.content.decode()
    project.refresh_from_db()
    assert project.stage_id == "30.20"
    client.post(f"/projects/{project.pk}/move/", {"to": "30.60"})
    project.refresh_from_db()
    assert project.stage_id == "30.60"


def test_vote_through_the_web_then_change_it(world, client, django_user_model):
    expert = django_user_model.objects.get(username="expert02")
    ballot = Ballot.objects.get(reference="B-02")  # opened when expert02 had joined
    voter = ballot.voters.get(user=expert)
    before = voter.history.count()
    client.force_login(expert)
    client.post(
        f"/ballots/{ballot.pk}/vote/",
        {"voter": voter.pk, "q1": "disapprove", "reasons": "Clause 4 contradicts 5."},
    )
    client.post(
        f"/ballots/{ballot.pk}/vote/", {"voter": voter.pk, "q1": "approve", "comment": "ok"}
    )
    assert voter.responses.get().answer == "approve"
    assert voter.history.count() == before + 2
    assert list(voter.history.order_by("pk").values_list("answer", flat=True))[-2:] == [
        "disapprove",
        "approve",
    ]
    other = ballot.voters.exclude(user=expert).first()
    assert (
        client.post(f"/ballots/{ballot.pk}/vote/", {"voter": other.pk, "q1": "approve"}).status_code
        == 403
    )


def _api(client: Client, method: str, url: str, body: dict[str, Any] | None = None) -> Any:
    response = getattr(client, method)(
        url, data=json.dumps(body or {}), content_type="application/json"
    )
    return response.status_code, response.json()


def test_api_project_create_and_moves(world):
    from harmonia.accounts.tokens import create_token

    token = create_token(world.secretary, "t", ["read", "write"], 1)[1]
    client = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    status, made = _api(
        client,
        "post",
        "/api/v1/projects",
        {"body": "STAMEQ", "reference": "API-1", "title": "Dự thảo", "identifier": "TCVN 1:2030"},
    )
    assert (
        status == 201 and made["stage"] == "00.00" and made["allowed_moves"] == ["00.20", "00.98"]
    )
    status, refused = _api(client, "post", f"/api/v1/projects/{made['id']}/moves", {"to": "60.60"})
    assert status == 422 and "cannot move to 60.60" in refused["detail"]
    status, moved = _api(client, "post", f"/api/v1/projects/{made['id']}/moves", {"to": "00.20"})
    assert status == 200 and [h["to_code"] for h in moved["history"]] == ["00.00", "00.20"]


def test_api_ballot_vote_close_and_result(world, django_user_model):
    from harmonia.accounts.tokens import create_token

    def client_of(user: Any) -> Client:
        return Client(
            HTTP_AUTHORIZATION=f"Bearer {create_token(user, 't', ['read', 'write'], 1)[1]}"
        )

    sec = client_of(world.secretary)
    status, ballot = _api(
        sec,
        "post",
        "/api/v1/ballots",
        {"body": "STAMEQ", "committee": "TCVN/TC 176", "type": "national", "reference": "API-B",
         "title": "By API", "closes_at": (NOW + dt.timedelta(days=1)).isoformat()},
    )  # fmt: skip
    assert status == 201 and ballot["phase"] == "open"
    for name, vote in (("expert01", "approve"), ("expert02", "disapprove")):
        status, _ = _api(
            client_of(django_user_model.objects.get(username=name)),
            "post",
            f"/api/v1/ballots/{ballot['id']}/votes",
            {"vote": vote, "reasons": "clause 3" if vote == "disapprove" else ""},
        )
        assert status == 200
    status, early = _api(sec, "post", f"/api/v1/ballots/{ballot['id']}/close", {})
    assert status == 422 and "only a ballot past its closing date" in early["detail"]
    Ballot.objects.filter(pk=ballot["id"]).update(closes_at=NOW - dt.timedelta(minutes=1))
    status, closed = _api(sec, "post", f"/api/v1/ballots/{ballot['id']}/close", {})
    assert status == 200 and closed["phase"] == "closed" and closed["approved"] is False
    assert closed["explanation"].startswith("not approved: 1 of 2 P-members in favour = 50%")
    # (the test moved the closing date before the opening was recorded)
    assert sorted(h["to"] for h in closed["history"]) == ["closed", "open", "pending"]
    status, late = _api(
        sec,
        "post",
        f"/api/v1/ballots/{ballot['id']}/votes",
        {"vote": "approve"},
    )
    assert status == 422 and "no longer taken" in late["detail"]


def test_api_rule_calculator(client):
    url = (
        "/api/v1/ballot-rules/evaluate?type=dis&p_approve=10&p_disapprove=5&approve=15&disapprove=5"
    )
    answer = client.get(url).json()
    assert answer["approved"] is True and "= 25% ≤ 25%" in answer["explanation"]
    bad = client.get("/api/v1/ballot-rules/evaluate?type=dis&p_approve=3&approve=1")
    assert bad.status_code == 422 and "cannot be below p_approve" in bad.json()["detail"]


def test_my_work_of_an_admin_of_many_bodies_has_a_fixed_query_count(world, client):
    admin = world.users.objects.create(username="many-admin")
    client.force_login(admin)

    def add_bodies(n: int) -> None:
        for _ in range(n):
            i = Body.objects.count()
            body = Body.objects.create(code=f"ADM{i:03d}", name=f"Body {i}", kind="national")
            Membership.objects.create(user=admin, body=body, role_id="admin")
            Committee.objects.create(reference=f"ADM{i:03d}/TC 1", body=body, kind="national")
            projects.create_project(
                None, body=body, reference="P-1", title="P", identifier=f"ADM {i}:2030"
            )

    add_bodies(2)
    client.get("/work/")
    few = queries(client, "/work/")
    add_bodies(5)
    page = client.get("/work/").content.decode()
    assert page.count("<section><h2>Body ") == 7
    assert queries(client, "/work/") == few
