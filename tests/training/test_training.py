"""Running a programme: bodies invited with a quota, nominations by their focal points,
acceptance up to the quota with the confirmation mailed (a real SMTP server on
loopback), attendance by the organiser or the room's code, certificates only for those
who met the threshold, and the public verification page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth import get_user_model

from harmonia.training import services
from harmonia.training.models import (
    Certificate,
    Participant,
    ProgrammeBody,
)

from .conftest import nominate

pytestmark = pytest.mark.django_db


def test_nominations_and_the_quota(world):
    _programme, organiser, focal, invited, _ = world
    people = nominate(world, 3)
    with pytest.raises(PermissionError):
        services.nominate(focal, invited["KEBS"], name="x", email="x@kebs.example")
    with pytest.raises(services.TrainingError, match="nominations closed on 2026-10-01"):
        services.nominate(focal, invited["TISI"], name="x", email="x@y.example",
                          today=dt.date(2026, 10, 2))  # fmt: skip
    with pytest.raises(services.TrainingError, match="already nominated"):
        services.nominate(focal, invited["TISI"], name="again", email="P0@tisi.example",
                          today=dt.date(2026, 9, 1))  # fmt: skip
    services.decide(organiser, people[0], True)
    services.decide(organiser, people[1], True)
    with pytest.raises(services.TrainingError, match="TISI may send 2, and 2 are accepted"):
        services.decide(organiser, people[2], True)
    with pytest.raises(PermissionError):
        services.decide(focal, people[2], True)
    services.decide(organiser, people[2], False)
    assert [p.status for p in people] == ["accepted", "accepted", "declined"]


def test_the_accepted_participant_is_mailed_the_programme(
    world, smtp, django_capture_on_commit_callbacks
):
    _programme, organiser, *_ = world
    [person] = nominate(world, 1)
    with django_capture_on_commit_callbacks(execute=True):
        services.decide(organiser, person, True)
    assert len(smtp.messages) == 1 and smtp.messages[0]["To"] == "p0@tisi.example"
    body = smtp.body()
    assert "Leadership and management development for NSBs" in body
    assert "2026-11-02 09:00  Strategy and vision: Strategy and vision 1 (A1)" in body


def test_attendance_and_certificates_by_the_threshold(world, client):
    programme, organiser, _focal, _invited, sessions = world
    users = get_user_model().objects
    people = nominate(world, 2)
    for p in people:
        services.decide(organiser, p, True)
    people[0].user = users.create(username="participant0")
    people[0].save()
    # Person 0: 3 of 4 sessions (75 %, the threshold), one by the room's code.
    for s in sessions[:2]:
        services.check_in(organiser, s, people[0])
    with pytest.raises(services.TrainingError, match="not the code shown in the room"):
        services.check_in(people[0].user, sessions[2], people[0], code="WRONG1")
    services.check_in(people[0].user, sessions[2], people[0], code=services.room_code(sessions[2]))
    services.check_in(organiser, sessions[0], people[0])  # twice is once
    with pytest.raises(PermissionError):
        services.check_in(people[0].user, sessions[3], people[1], code="x")
    # Person 1: 2 of 4 (50 %).
    for s in sessions[2:]:
        services.check_in(organiser, s, people[1])
    assert services.attendance_percent(programme) == {people[0].pk: 75, people[1].pk: 50}

    issued, refused = services.issue_certificates(organiser, programme, on=dt.date(2026, 11, 6))
    assert [c.participant for c in issued] == [people[0]]
    assert refused == [(people[1], 50)]
    assert services.issue_certificates(organiser, programme)[0] == []  # not twice
    assert Certificate.objects.count() == 1

    code = issued[0].code
    page = client.get(f"/certificates/verify/{code}")
    text = page.content.decode()
    assert page.status_code == 200 and "Valid certificate" in text and "Person TISI 0" in text
    forged = client.get("/certificates/verify/ABCD-EFGH-JKLM")
    assert forged.status_code == 404 and "Not valid" in forged.content.decode()
    assert client.get(f"/certificates/verify/{code.lower()}").status_code == 200


def test_the_api_lists_programmes_with_their_bodies(world, client):
    programme, organiser, *_ = world
    people = nominate(world, 2)
    services.decide(organiser, people[0], True)
    [listed] = client.get("/api/v1/training/programmes").json()["items"]
    assert listed["title"] == programme.title and listed["participants"] == 1
    assert (listed["modules"], listed["sessions"]) == (2, 4)
    tisi = next(b for b in listed["bodies"] if b["code"] == "TISI")
    assert (len(listed["bodies"]), tisi["nominated"], tisi["accepted"]) == (3, 2, 1)
    assert "p0@tisi.example" not in str(listed)  # contacts stay with the host


def test_the_certificate_as_pdf_in_english_and_vietnamese(world, client):
    programme, organiser, *_rest, sessions = world
    users = get_user_model().objects
    holder, other = nominate(world, 2)
    for p in (holder, other):
        services.decide(organiser, p, True)
        for s in sessions:
            services.check_in(organiser, s, p)
    holder.user = users.create(username="holder")
    holder.save()
    other.user = users.create(username="other")
    other.save()
    issued, _ = services.issue_certificates(organiser, programme)
    code = next(c.code for c in issued if c.participant == holder)
    url = f"/certificates/{code}.pdf"
    assert client.get(url).status_code == 302  # sign in first
    client.force_login(other.user)
    assert client.get(url).status_code == 403
    client.force_login(holder.user)
    en, vi = client.get(url), client.get(url + "?lang=vi")
    assert en["Content-Type"] == "application/pdf" and en.content.startswith(b"%PDF-")
    assert f"certificate-{code}-vi.pdf" in vi["Content-Disposition"]
    assert en.content != vi.content
    assert client.get("/certificates/FORGED.pdf").status_code == 404
    client.force_login(organiser)
    assert client.get(url).status_code == 200
    words = services.CERTIFICATE_TEXT
    assert words["vi"]["title"] == "Giấy chứng nhận hoàn thành" and set(words) == {"en", "vi"}


def test_a_programme_run_through_the_web(world, client):
    """Invitation, nomination by the focal point, acceptance, check-in by the organiser
    and by the room's code, and the certificate."""
    programme, organiser, _focal, _invited, sessions = world
    users = get_user_model().objects
    kebs_focal = users.create(username="focal-kebs")
    programme.nominations_close = None  # the fixture's date has passed: the web uses today
    programme.save()
    url = f"/training/{programme.pk}/"
    client.force_login(organiser)
    assert client.get("/training/").status_code == 200
    client.post(url + "invite/", {"body": "KEBS", "quota": "1", "focal_point": "focal-kebs"})
    assert ProgrammeBody.objects.get(programme=programme, body__code="KEBS").quota == 1
    page = client.get(url).content.decode()
    assert services.room_code(sessions[0]) in page  # the organiser sees the room codes

    client.force_login(kebs_focal)
    assert services.room_code(sessions[0]) not in client.get(url).content.decode()
    client.post(url + "nominate/", {"body": "KEBS", "name": "Neema Mushi",
                                    "email": "neema@kebs.example", "gender": "female"})  # fmt: skip
    refused = client.post(url + "nominate/", {"body": "TISI", "name": "x", "email": "x@y.example"})
    assert refused.status_code == 403
    neema = Participant.objects.get(email="neema@kebs.example")
    assert client.post(url + "decide/", {"participant": neema.pk, "accept": "1"}).status_code == 403

    client.force_login(organiser)
    client.post(url + "decide/", {"participant": neema.pk, "accept": "1"})
    neema.refresh_from_db()
    assert neema.status == "accepted"
    for s in sessions[:3]:
        client.post(url + "check-in/", {"participant": neema.pk, "session": s.pk})
    neema.user = users.create(username="neema")
    neema.save()
    client.force_login(neema.user)
    bad = client.post(url + "check-in/", {"session": sessions[3].pk, "code": "AAAAAA"}, follow=True)
    assert "not the code shown in the room" in bad.content.decode()
    client.post(
        url + "check-in/", {"session": sessions[3].pk, "code": services.room_code(sessions[3])}
    )
    assert services.attendance_percent(programme)[neema.pk] == 100

    client.force_login(organiser)
    done = client.post(url + "certificates/", follow=True).content.decode()
    assert "1 certificates issued; 0 below the attendance threshold." in done
    client.force_login(neema.user)
    page = client.get(url).content.decode()
    code = Certificate.objects.get(participant=neema).code
    assert f"/certificates/{code}.pdf" in page


def test_outsiders_see_no_programme(world, client):
    programme, *_ = world
    client.force_login(get_user_model().objects.create(username="stranger"))
    assert client.get(f"/training/{programme.pk}/").status_code == 403
    assert programme.title not in client.get("/training/").content.decode()


def test_action_plans_and_their_follow_ups(world, client):
    programme, organiser, *_ = world
    users = get_user_model().objects
    [person] = nominate(world, 1)
    services.decide(organiser, person, True)
    person.user = users.create(username="planner")
    person.save()
    assert services.follow_up_due(programme, 3) == dt.date(2027, 2, 6)
    assert services.follow_up_due(programme, 6) == dt.date(2027, 5, 6)
    with pytest.raises(services.TrainingError, match="on or after the programme's end"):
        services.add_action(person.user, person, action="x", owner="y", due=dt.date(2026, 1, 1))
    item = services.add_action(
        person.user, person, action="Strategy 2027-2031 adopted", owner="Director",
        due=dt.date(2027, 6, 30),
    )  # fmt: skip
    with pytest.raises(services.TrainingError, match="the 3-month follow-up opens on 2027-02-06"):
        services.record_follow_up(
            person.user, item, month=3, progress=20, today=dt.date(2027, 1, 1)
        )
    services.record_follow_up(person.user, item, month=3, progress=20, today=dt.date(2027, 2, 6))
    services.record_follow_up(person.user, item, month=3, progress=30, today=dt.date(2027, 2, 7))
    with pytest.raises(PermissionError):
        services.record_follow_up(users.create(username="x"), item, month=6, progress=1)
    services.record_follow_up(organiser, item, month=6, progress=80, today=dt.date(2027, 5, 6))
    assert services.plan_progress(programme) == {3: 30.0, 6: 80.0}  # corrected, not added

    client.force_login(person.user)
    url = f"/training/{programme.pk}/"
    client.post(url + "actions/", {"participant": person.pk, "action": "Stakeholder forum",
                                   "owner": "Head of standards", "due": "2027-03-31"})  # fmt: skip
    page = client.get(url).content.decode()
    assert "Stakeholder forum" in page and "3 months: 30 %" in page and "6 months: 80 %" in page
