"""What a programme gives out: iCalendar feeds (read back with the icalendar library),
badges and the participant list (read back with pypdf), Excel exports (openpyxl),
session materials, and announcements mailed to a real SMTP server."""

from __future__ import annotations

import datetime as dt
import io

import icalendar
import pytest
from django.contrib.auth import get_user_model
from openpyxl import load_workbook
from pypdf import PdfReader

from harmonia.training import calendars, planning, services
from harmonia.training.models import Material

from .conftest import nominate

pytestmark = pytest.mark.django_db


def accepted(world, n=2):
    _programme, organiser, *_ = world
    people = nominate(world, n)
    for i, p in enumerate(people):
        services.decide(organiser, p, True)
        p.user = get_user_model().objects.create(username=f"person{i}")
        p.save()
    return people


def test_the_programme_calendar(world, client):
    programme, organiser, _focal, _invited, sessions = world
    sessions[0].title = "A session whose title is long enough to be folded over two lines: ÄÖÜ"
    sessions[0].save()
    client.force_login(organiser)
    response = client.get(f"/training/{programme.pk}/calendar.ics")
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert all(len(line) <= 75 for line in response.content.split(b"\r\n"))
    calendar = icalendar.Calendar.from_ical(response.content)
    events = [e for e in calendar.walk("VEVENT")]
    assert str(events[0]["SUMMARY"]) == sessions[0].title  # unfolded again
    assert [e.decoded("DTSTART") for e in events] == [s.starts_at for s in sessions]
    assert str(events[1]["LOCATION"]) == "A1"
    assert len({str(e["UID"]) for e in events}) == 4
    client.force_login(get_user_model().objects.create(username="stranger"))
    assert client.get(f"/training/{programme.pk}/calendar.ics").status_code == 403


def test_a_participants_own_feed_has_their_deadlines(world, client):
    programme, organiser, *_ = world
    person, _other = accepted(world)
    from harmonia.training.assessments import add_question

    add_question(organiser, programme.modules.first(), text="Q", choices=["a", "b"], correct=0)
    token = calendars.feed_token(person)
    response = client.get(f"/training/calendar/{token}.ics")  # no sign-in: a calendar app
    assert response.status_code == 200 and response["Cache-Control"] == "private, no-store"
    events = icalendar.Calendar.from_ical(response.content).walk("VEVENT")
    deadlines = {str(e["SUMMARY"]): e.decoded("DTSTART") for e in events if "DTEND" in e
                 and not isinstance(e.decoded("DTSTART"), dt.datetime)}  # fmt: skip
    assert deadlines == {
        "Pre-assessment due: Strategy and vision": dt.date(2026, 11, 2),
        f"Post-assessments and feedback close: {programme.title}": dt.date(2026, 11, 20),
        f"3-month follow-up of your action plan: {programme.title}": dt.date(2027, 2, 6),
        f"6-month follow-up of your action plan: {programme.title}": dt.date(2027, 5, 6),
    }
    assert client.get(f"/training/calendar/{person.pk}-{'0' * 32}.ics").status_code == 404
    assert client.get("/training/calendar/not-a-token.ics").status_code == 404


def _pdf_text(content: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(content)).pages)


def test_badges_and_the_participant_list(world, client):
    programme, organiser, *_ = world
    people = accepted(world, 2)
    people[0].name = "Nguyễn Thị Lan"
    people[0].save()
    client.force_login(organiser)
    badges = client.get(f"/training/{programme.pk}/badges.pdf")
    assert badges["Content-Type"] == "application/pdf"
    text = _pdf_text(badges.content)
    assert "Nguyễn Thị Lan" in text and "Person TISI 1" in text and "TISI · TH" in text
    listing = _pdf_text(client.get(f"/training/{programme.pk}/participants.pdf").content)
    assert "Nguyễn Thị Lan" in listing and "2 participants" in listing
    client.force_login(people[0].user)  # a participant does not print others' badges
    assert client.get(f"/training/{programme.pk}/badges.pdf").status_code == 403


def test_excel_exports(world, client):
    programme, organiser, _f, _i, sessions = world
    people = accepted(world, 2)
    people[0].dietary = '=HYPERLINK("x")'  # stays text, never a formula
    people[0].save()
    services.check_in(organiser, sessions[0], people[0])
    client.force_login(organiser)
    for what in ("participants", "attendance", "assessments", "feedback", "dashboard"):
        response = client.get(f"/training/{programme.pk}/export/{what}.xlsx")
        assert response.status_code == 200, what
        rows = list(load_workbook(io.BytesIO(response.content)).active.values)
        assert rows[0][0] == programme.title, what
        if what == "participants":
            assert rows[1][0] == "Name" and rows[2][0] == "Person TISI 0"
            assert rows[2][9] == '=HYPERLINK("x")' and rows[2][11] == 25
        if what == "attendance":
            assert rows[2][:3] == ("Person TISI 0", "TISI", 1)
        if what == "dashboard":
            assert ("accepted participants", 2) in rows
    assert client.get(f"/training/{programme.pk}/export/secrets.xlsx").status_code == 404
    client.force_login(people[1].user)
    assert client.get(f"/training/{programme.pk}/export/participants.xlsx").status_code == 403


def test_materials_for_participants_only(world, client):
    programme, organiser, _f, _i, sessions = world
    person, _ = accepted(world)
    with pytest.raises(services.TrainingError, match=r"slides\.pdf: the content is not a \.pdf"):
        planning.add_material(organiser, sessions[0], title="x", file_name="slides.pdf",
                              content=b"PK\x03\x04")  # fmt: skip
    with pytest.raises(services.TrainingError, match="a link or a file, one of the two"):
        planning.add_material(organiser, sessions[0], title="x")
    with pytest.raises(services.TrainingError, match=r"run\.exe: send a \.pdf"):
        planning.add_material(organiser, sessions[0], title="x", file_name="run.exe",
                              content=b"MZ")  # fmt: skip
    client.force_login(organiser)
    client.post(
        f"/training/{programme.pk}/setup/materials/",
        {"session": sessions[0].pk, "title": "Slides",
         "file": _upload("slides.pdf", b"%PDF-1.4 slides")},
    )  # fmt: skip
    item = Material.objects.get()
    assert item.content_type == "application/pdf"
    client.force_login(person.user)
    assert "Slides" in client.get(f"/training/{programme.pk}/").content.decode()
    got = client.get(f"/training/materials/{item.pk}/")
    assert (
        got.content == b"%PDF-1.4 slides" and 'filename="slides.pdf"' in got["Content-Disposition"]
    )
    client.force_login(get_user_model().objects.create(username="stranger"))
    assert client.get(f"/training/materials/{item.pk}/").status_code == 403


def _upload(name: str, content: bytes):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return SimpleUploadedFile(name, content, content_type="application/pdf")


def test_an_announcement_is_mailed_to_the_accepted(world, client, smtp,
                                                   django_capture_on_commit_callbacks):  # fmt: skip
    programme, organiser, *_ = world
    accepted(world, 2)
    nominate(world, 1, "KEBS")  # only nominated: not mailed
    client.force_login(organiser)
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            f"/training/{programme.pk}/setup/announcements/",
            {"title": "Bus at 8:00", "text": "The bus leaves the hotel at 8:00.", "mail": "1"},
        )
    assert sorted(m["To"] for m in smtp.messages) == ["p0@tisi.example", "p1@tisi.example"]
    assert "The bus leaves the hotel at 8:00." in smtp.body()
    assert smtp.messages[0]["Subject"] == f"{programme.title}: Bus at 8:00"
    client.force_login(get_user_model().objects.get(username="person0"))
    assert "Bus at 8:00" in client.get(f"/training/{programme.pk}/").content.decode()


def test_a_participant_downloads_their_training_data(world, client):
    programme, organiser, _f, _i, sessions = world
    person, _other = accepted(world)
    person.dietary = "vegetarian"
    person.save()
    services.check_in(organiser, sessions[0], person)
    services.add_action(person.user, person, action="Plan", owner="Me", due=dt.date(2027, 1, 1))
    client.force_login(person.user)
    [mine] = client.get("/accounts/me/data.json").json()["training"]
    assert (mine["programme"], mine["dietary"], mine["email"]) == (
        programme.title, "vegetarian", "p0@tisi.example"
    )  # fmt: skip
    assert len(mine["attended"]) == 1 and mine["actions"][0]["action"] == "Plan"


def test_the_set_up_removes_what_nothing_depends_on(world, client):
    programme, organiser, _f, _i, sessions = world
    [person, _] = accepted(world)
    module = sessions[0].module
    from harmonia.training import assessments
    from harmonia.training.models import Module, Partner, Question, Session

    q = assessments.add_question(organiser, module, text="Q", choices=["a", "b"], correct=0)
    partner = planning.add_partner(organiser, programme, "UNIDO")
    services.check_in(organiser, sessions[0], person)
    client.force_login(organiser)
    url = f"/training/{programme.pk}/setup/remove/"

    def remove(kind, pk):
        return client.post(url, {"kind": kind, "id": pk}, follow=True).content.decode()

    assert "not removed, it has attendance or feedback" in remove("session", sessions[0].pk)
    assert "not removed, it has sessions or questions" in remove("module", module.pk)
    assert "Removed." in remove("session", sessions[1].pk)
    assert "Removed." in remove("partner", partner.pk)
    assert "Removed." in remove("question", q.pk)
    assert "not in this programme" in remove("partner", partner.pk)
    assert "not something the set-up removes" in remove("participant", person.pk)
    assert (Session.objects.count(), Partner.objects.count(), Question.objects.count()) == (3, 0, 0)
    assert Module.objects.filter(pk=module.pk).exists()
    client.force_login(person.user)
    assert client.post(url, {"kind": "session", "id": sessions[2].pk}).status_code == 403
