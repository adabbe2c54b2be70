"""A whole programme run through the web app, as its people would, from the programme's
creation to the 6-month follow-up; the clock is moved with time-machine between the
steps (nominations, the week of the programme, three and six months on)."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.utils import timezone

from harmonia.accounts.models import Membership
from harmonia.catalogue.models import Body
from harmonia.training.models import (
    ActionItem,
    Certificate,
    FeedbackCriterion,
    Participant,
    Programme,
    Question,
    Session,
)

pytestmark = pytest.mark.django_db
ZONE = dt.timezone(dt.timedelta(hours=7))  # Asia/Ho_Chi_Minh


def moment(day: str, hour: int = 12) -> dt.datetime:
    return dt.datetime.fromisoformat(day).replace(hour=hour, tzinfo=ZONE)


def text(response) -> str:
    return response.content.decode()


def test_from_invitation_to_the_six_month_follow_up(
    client, smtp, django_capture_on_commit_callbacks
):
    users = get_user_model().objects
    host = Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")
    Body.objects.create(code="KEBS", name="KEBS", kind="national", country_code="KE")
    organiser = users.create(username="organiser")
    Membership.objects.create(user=organiser, body=host, role_id="editor")
    focal = users.create(username="focal-kebs", email="focal@kebs.example")

    with time_machine.travel(moment("2027-01-10"), tick=False):
        client.force_login(organiser)
        response = client.post("/training/new/", {
            "host": "STAMEQ", "title": "Leadership for NSBs", "starts_on": "2027-03-01",
            "ends_on": "2027-03-02", "nominations_close": "2027-02-01", "venue": "Hà Nội",
            "time_zone": "Asia/Ho_Chi_Minh", "attendance_threshold": "75", "languages": "en",
            "framework": "ISO Action Plan for developing countries",
        })  # fmt: skip
        programme = Programme.objects.get()
        assert response["Location"] == f"/training/{programme.pk}/setup/"
        setup = f"/training/{programme.pk}/setup/"
        client.post(setup + "partners/", {"name": "ISO Capacity Building Unit"})
        client.post(setup + "modules/", {"title": "Strategy"})
        module = programme.modules.get()
        for day in ("2027-03-01", "2027-03-02"):
            client.post(setup + "sessions/", {
                "module": module.pk, "title": f"Day {day[-1]}", "starts_at": f"{day}T09:00",
                "ends_at": f"{day}T12:00", "room": "Hall 1",
            })  # fmt: skip
        bad = client.post(setup + "sessions/", {"module": module.pk, "title": "Late",
                          "starts_at": "2027-04-01T09:00", "ends_at": "2027-04-01T10:00"},
                          follow=True)  # fmt: skip
        assert "starts: within the programme (2027-03-01 to 2027-03-02)" in text(bad)
        first, second = Session.objects.order_by("starts_at")
        assert first.starts_at == moment("2027-03-01", 9)  # read in the programme's zone
        client.post(setup + "questions/", {"module": module.pk, "text": "What comes first?",
                    "choices": "Vision\nBudget\nLogo", "correct": "1"})  # fmt: skip
        client.post(setup + "indicators/", {"code": "1", "name": "Bodies trained",
                    "measure": "bodies", "target": "1"})  # fmt: skip
        client.post(f"/training/{programme.pk}/invite/",
                    {"body": "KEBS", "quota": "1", "focal_point": "focal-kebs"})  # fmt: skip

        client.force_login(focal)
        client.post(f"/training/{programme.pk}/nominate/", {
            "body": "KEBS", "name": "Neema Mushi", "email": "neema@kebs.example",
            "gender": "female", "position": "Director", "arrival": "2027-02-28",
            "departure": "2027-03-03",
        })  # fmt: skip
        neema = Participant.objects.get()
        assert (neema.arrival, neema.nominated_by) == (dt.date(2027, 2, 28), focal)

        client.force_login(organiser)
        with django_capture_on_commit_callbacks(execute=True):
            client.post(f"/training/{programme.pk}/decide/",
                        {"participant": neema.pk, "accept": "1"})  # fmt: skip
        mail = smtp.body()
        assert "2027-03-01 09:00  Strategy: Day 1 (Hall 1)" in mail
        join = re.search(r"http://testserver(/training/join/\S+/)", mail).group(1)

        # Neema opens her link, creates her account, and answers the pre-assessment.
        client.logout()
        client.post(join, {"username": "neema", "password": "a long pass phrase 2027",
                           "password2": "a long pass phrase 2027"})  # fmt: skip
        neema.refresh_from_db()
        assert neema.user.username == "neema"
        assert client.get(join).status_code == 404  # spent
        page = text(client.get(f"/training/{programme.pk}/"))
        assert "answer now" in page
        question = Question.objects.get()
        client.post(f"/training/{programme.pk}/assessments/{module.pk}/pre/",
                    {f"q{question.pk}": "1"})  # fmt: skip

    with time_machine.travel(moment("2027-03-01", 9), tick=False):
        client.force_login(organiser)
        client.post(f"/training/{programme.pk}/check-in/",
                    {"participant": neema.pk, "session": first.pk})  # fmt: skip
    with time_machine.travel(moment("2027-03-02", 10), tick=False):
        client.force_login(neema.user)
        from harmonia.training.services import room_code

        client.post(f"/training/{programme.pk}/check-in/",
                    {"session": second.pk, "code": room_code(second)})  # fmt: skip
        page = text(client.get(f"/training/{programme.pk}/"))
        assert f"?session={first.pk}" in page  # attended: feedback asked for
        client.post(f"/training/{programme.pk}/assessments/{module.pk}/post/",
                    {f"q{question.pk}": "0"})  # fmt: skip
        ratings = {c.slug: "5" for c in FeedbackCriterion.objects.filter(scope="session")}
        client.post(f"/training/{programme.pk}/feedback/", {"session": first.pk, **ratings})

    with time_machine.travel(moment("2027-03-03"), tick=False):
        client.force_login(neema.user)  # sessions last a working day
        whole = {c.slug: "4" for c in FeedbackCriterion.objects.filter(scope="programme")}
        client.post(f"/training/{programme.pk}/feedback/", {**whole, "comment": "Useful."})
        added = client.post(f"/training/{programme.pk}/actions/", follow=True, data={
            "participant": neema.pk, "action": "Adopt the strategy", "owner": "Board",
            "due": "2027-09-30",
        })  # fmt: skip
        assert "Action added." in text(added), text(added)[-3000:]
        client.force_login(organiser)
        client.post(f"/training/{programme.pk}/certificates/")
        certificate = Certificate.objects.get(participant=neema)
        assert certificate.attendance_percent == 100
        assert client.get(f"/certificates/verify/{certificate.code}").status_code == 200

    item = ActionItem.objects.get()
    with time_machine.travel(moment("2027-06-03"), tick=False):  # three months on
        client.force_login(neema.user)
        client.post(f"/training/{programme.pk}/follow-ups/",
                    {"item": item.pk, "month": "3", "progress": "40"})  # fmt: skip
        early = client.post(f"/training/{programme.pk}/follow-ups/",
                            {"item": item.pk, "month": "6", "progress": "90"},
                            follow=True)  # fmt: skip
        assert "the 6-month follow-up opens on 2027-09-02" in text(early)
    with time_machine.travel(moment("2027-09-03"), tick=False):  # six months on
        client.force_login(neema.user)
        client.post(
            f"/training/{programme.pk}/follow-ups/",
            {"item": item.pk, "month": "6", "progress": "100", "note": "Adopted."},
        )
        assert timezone.localdate() == dt.date(2027, 9, 3)
        client.force_login(organiser)
        board = text(client.get(f"/training/{programme.pk}/dashboard/"))
        # One participant: completion 100 %, gain 0 -> 100, satisfied 100 %, done 100 %.
        for shown in ('id="completion">100.0 %', 'id="gain">100.0', 'id="satisfaction">100.0 %',
                      'id="progress">100.0 %', "Useful.", "Eastern Africa"):  # fmt: skip
            assert shown in board, shown


def test_my_work_shows_what_the_programme_waits_for(client):
    """The organiser's nominations to decide, the focal point's places left, and the
    participant's open pre-assessment, feedback and follow-up, each when it is due."""
    from harmonia.training import assessments, services
    from harmonia.training.models import Module

    users = get_user_model().objects
    host = Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")
    kebs = Body.objects.create(code="KEBS", name="KEBS", kind="national", country_code="KE")
    organiser = users.create(username="organiser")
    Membership.objects.create(user=organiser, body=host, role_id="editor")
    focal = users.create(username="focal")
    programme = Programme.objects.create(
        title="Leadership", host=host, starts_on=dt.date(2027, 3, 1), ends_on=dt.date(2027, 3, 2),
        nominations_close=dt.date(2027, 2, 1),
    )  # fmt: skip
    module = Module.objects.create(programme=programme, position=1, title="Strategy")
    day = moment("2027-03-01", 9)
    session = Session.objects.create(module=module, title="Day 1", starts_at=day,
                                     ends_at=day + dt.timedelta(hours=3))  # fmt: skip
    assessments.add_question(organiser, module, text="Q", choices=["a", "b"], correct=0)
    invited = services.invite(organiser, programme, kebs, quota=2, focal_point=focal)
    with time_machine.travel(moment("2027-01-20"), tick=False):
        person = services.nominate(focal, invited, name="Neema", email="n@kebs.example")
        client.force_login(focal)
        assert "KEBS may nominate 1 more by 2027-02-01" in text(client.get("/work/"))
        client.force_login(organiser)
        assert "1 nomination to accept or decline" in text(client.get("/work/"))
        services.decide(organiser, person, True)
        person.user = users.create(username="neema")
        person.save()
        client.force_login(person.user)
        assert "Pre-assessment: Strategy" in text(client.get("/work/"))
    with time_machine.travel(moment("2027-03-02"), tick=False):
        services.check_in(organiser, session, person)
        client.force_login(person.user)
        page = text(client.get("/work/"))
        assert "Pre-assessment" not in page and "Post-assessment: Strategy" in page
        assert "Feedback on 1 session you attended" in page
        assert "Feedback on the whole programme" in page
        services.add_action(person.user, person, action="A", owner="O", due=dt.date(2027, 9, 1))
    with time_machine.travel(moment("2027-06-03"), tick=False):
        client.force_login(person.user)
        page = text(client.get("/work/"))
        assert "The 3-month follow-up of your action plan" in page and "Feedback" not in page
