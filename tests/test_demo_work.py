"""The invented work programme of `harmonia demo`: committees from the shipped ISO Open
Data snapshots, projects in every stage with a history the transition table allows,
open, pending and closed ballots with votes; the same every time, and loading twice
changes nothing."""

from __future__ import annotations

import datetime as dt
import itertools
import lzma

import pytest
from django.contrib.auth import get_user_model
from django.db import transaction

from harmonia.ballots.models import Ballot, Response
from harmonia.ballots.services import phase
from harmonia.catalogue.models import Body
from harmonia.catalogue.reference_data import body_rows_from_members_csv, load_bodies
from harmonia.comments.enquiry import public_comments
from harmonia.comments.models import CommentSet, Enquiry
from harmonia.committees.services import body_participation
from harmonia.demo.comments import load_demo_comments
from harmonia.demo.reviews import load_demo_reviews
from harmonia.demo.snapshot import data_dir
from harmonia.demo.training import load_demo_training
from harmonia.demo.work import load_committees, load_demo_work
from harmonia.projects.models import Project, ProjectEvent, StageTransition
from harmonia.reviews.models import Review
from harmonia.reviews.services import recommended as services_recommended
from harmonia.training.dashboard import dashboard
from harmonia.training.models import Certificate, Programme
from harmonia.training.services import attendance_percent, plan_progress

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 12, 1)


class Rollback(Exception):
    pass


def fingerprint() -> list[tuple[object, ...]]:
    rows: list[tuple[object, ...]] = [
        (p.reference, p.stage_id, p.identifier, p.committee.reference, p.plan_year)
        for p in Project.objects.select_related("committee").order_by("reference")
    ]
    rows += [
        (r.voter.ballot.reference, r.voter.label, r.question.position, r.answer, r.reasons)
        for r in Response.objects.select_related("voter__ballot", "question").order_by(
            "voter__ballot__reference", "voter__label", "question__position"
        )
    ]
    return rows


def generate() -> tuple[str, list[tuple[object, ...]]]:
    try:
        with transaction.atomic():
            summary = load_demo_work(TODAY)
            found = fingerprint()
            raise Rollback
    except Rollback:
        return summary, found


def test_the_demo_work_programme():
    # One test: loading ISO's committees from the shipped snapshots takes most of it.
    raw = lzma.decompress((data_dir() / "iso_member_bodies.csv.xz").read_bytes())
    load_bodies(body_rows_from_members_csv("iso_member_bodies.csv.xz", raw))
    assert "2026-05-02: 796 committees" in load_committees()
    # The product's own snapshots, without ../shared: STAMEQ's seats in 2026.
    mine = body_participation(Body.objects.get(country_code="VN", kind="national"))
    assert (len(mine.p), len(mine.o)) == (24, 77)

    # The same every time.
    first, second = generate(), generate()
    assert first == second
    assert first[0] == (
        "demo work programme (invented): 6 national committees, 13 people, 24 projects, 11 ballots"
    )

    # Every stage shows, and every history is one the transition table allows.
    load_demo_work(TODAY)
    stages = set(Project.objects.values_list("stage__stage", flat=True))
    assert stages == {"00", "10", "20", "30", "40", "50", "60", "90"}
    assert Project.objects.filter(stage__code__endswith=".98").count() == 2
    assert Project.objects.filter(demo=False).count() == 0
    allowed = set(StageTransition.objects.values_list("from_code_id", "to_code_id"))
    for p in Project.objects.all():
        events = list(ProjectEvent.objects.filter(project=p).order_by("on", "pk"))
        assert events[0].from_code_id is None
        for before, after in itertools.pairwise(events):
            assert (after.from_code_id, after.to_code_id) in allowed
            assert after.from_code_id == before.to_code_id and after.on >= before.on
        assert events[-1].to_code_id == p.stage_id
    phases = {phase(b) for b in Ballot.objects.all()}
    assert phases == {"open", "pending", "closed"}
    assert all(b.demo for b in Ballot.objects.all())
    position = Ballot.objects.get(reference="ISO-TC176-DIS-POS")
    assert position.closes_at < position.international_deadline
    assert "already loaded" in load_demo_work(TODAY)

    # Comments and public enquiries on top of the work programme.
    summary = load_demo_comments(TODAY)
    assert summary == (
        "demo comments (invented): 4 drafts under comment, 28 comments, 2 public enquiries (1 open)"
    )
    assert CommentSet.objects.filter(demo=False).count() == 0
    iso = CommentSet.objects.get(reference="ISO/DIS 9001")
    assert iso.ballot.reference == "ISO-TC176-DIS-POS"
    assert {c.decision for c in iso.comments.all()} == {"", "accepted", "merged", "rejected"}
    open_one = Enquiry.objects.get(reference="DT TCVN 14001:2027")
    assert open_one.is_open() and bytes(open_one.draft).startswith(b"%PDF-")
    assert len(public_comments(open_one)) == 3
    assert "already loaded" in load_demo_comments(TODAY)

    # The systematic review on top of both.
    summary = load_demo_reviews(TODAY)
    assert summary.startswith(
        "demo reviews (invented): 3 reviews (1 under way, 1 confirmed, 1 to be revised); "
    ), summary
    under_way = Review.objects.get(state="open")
    assert under_way.demo and under_way.ballot is not None
    assert services_recommended(under_way)[0] == "confirm"
    assert set(Review.objects.values_list("outcome_id", flat=True)) == {None, "confirm", "revise"}
    assert "already loaded" in load_demo_reviews(TODAY)


def test_the_demo_training_programme(client):
    # The 16 bodies of the demo cohort (only the bodies: their catalogues are not needed).
    raw = lzma.decompress((data_dir() / "iso_member_bodies.csv.xz").read_bytes())
    load_bodies(body_rows_from_members_csv("iso_member_bodies.csv.xz", raw))
    summary = load_demo_training(TODAY)
    assert summary.startswith(
        "demo training (invented): 1 programme, 16 bodies, 32 participants, 8 sessions, "
    ), summary
    assert "already loaded" in load_demo_training(TODAY)
    [listed] = client.get("/api/v1/training/programmes").json()["items"]
    assert len(listed["bodies"]) == 16 and listed["participants"] == 32
    assert listed["demo"] and listed["host"] == Body.objects.get(country_code="VN").code
    shares = attendance_percent(Programme.objects.get())
    certified = set(Certificate.objects.values_list("participant_id", flat=True))
    assert certified == {pk for pk, share in shares.items() if share >= 75}
    assert 0 < len(certified) < 32  # some below the threshold get none
    code = Certificate.objects.first().code
    assert client.get(f"/certificates/verify/{code}").status_code == 200
    assert ", 64 actions followed up at 3 and 6 months, 256 assessments, " in summary
    progress = plan_progress(Programme.objects.get())
    assert 0 < progress[3] < progress[6] <= 100
    board = dashboard(Programme.objects.get())
    assert (board.participants, board.bodies, board.countries) == (32, 16, 16)
    assert board.learning.overall.pairs == 32 * 4 and board.learning.overall.gain > 20
    assert 0 < board.feedback.programme.responses <= 32 and board.feedback.satisfaction > 50
    assert dict(board.by_region) == {"Asia": 12, "Africa": 8, "Americas": 6, "Europe": 6}
    assert len(board.indicators) == 7 and board.indicators[0][1:] == (16.0, 100.0)
    # The demo participant signs in and sees their programme, materials and certificate.
    trainee = get_user_model().objects.get(username="demo-participant")
    client.force_login(trainee)
    page = client.get(f"/training/{board.programme.pk}/").content.decode()
    assert "Handout: Vision and strategy" in page and "Welcome to Hà Nội" in page


def test_the_demo_alerts(client):
    from harmonia.alerts.models import Event, Follow, Notification
    from harmonia.demo.alerts import load_demo_alerts
    from harmonia.demo.people import load_demo_people

    raw = lzma.decompress((data_dir() / "iso_member_bodies.csv.xz").read_bytes())
    load_bodies(body_rows_from_members_csv("iso_member_bodies.csv.xz", raw))
    assert load_demo_alerts() == "demo alerts: load the demo people first"
    load_demo_people()
    load_committees()
    load_demo_work(TODAY)
    summary = load_demo_alerts(dt.datetime.combine(TODAY, dt.time(12), tzinfo=dt.UTC))
    assert summary.startswith("demo alerts (invented follows): "), summary
    assert Follow.objects.filter(user__username="demo-vn-viewer", kind="body").exists()
    # The demo's open ballot is told to the people who vote in it, and labelled demo.
    opened = Event.objects.get(kind="ballot-opened")
    assert opened.demo and Notification.objects.filter(event=opened).exists()
    assert "already loaded" in load_demo_alerts()
    voter = Notification.objects.filter(event=opened).first().user
    client.force_login(voter)
    page = client.get("/alerts/").content.decode()
    assert "Ballot opened" in page and "demo" in page
