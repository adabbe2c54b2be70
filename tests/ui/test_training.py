"""A participant in a real browser: from the programme page to the pre-assessment of the
next module, and to the feedback form of yesterday's session; no Content Security
Policy violation on the way, and the dashboard's meters drawn without scripts."""

import datetime as dt

import pytest

from .helpers import csp_violations, sign_in
from .test_browser import page as page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def running():
    """A programme under way (yesterday to tomorrow) with one accepted participant who
    attended yesterday's session; set up before the browser starts."""
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from harmonia.accounts.models import Membership
    from harmonia.catalogue.models import Body
    from harmonia.training import assessments, services
    from harmonia.training.models import Module, Programme, Session

    host = Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")
    kebs = Body.objects.create(code="KEBS", name="KEBS", kind="national", country_code="KE")
    users = get_user_model().objects
    organiser = users.create_user("organiser", password=PASSWORD)
    Membership.objects.create(user=organiser, body=host, role_id="editor")
    today = timezone.localdate()
    programme = Programme.objects.create(
        title="Leadership", host=host, starts_on=today - dt.timedelta(days=1),
        ends_on=today + dt.timedelta(days=1), time_zone="UTC",
    )  # fmt: skip
    now = timezone.now()
    yesterday, tomorrow = (
        Module.objects.create(programme=programme, position=i, title=t)
        for i, t in ((1, "Strategy"), (2, "Leadership"))
    )
    first = Session.objects.create(module=yesterday, title="Vision", room="A",
        starts_at=now - dt.timedelta(days=1), ends_at=now - dt.timedelta(hours=21))  # fmt: skip
    later = now + dt.timedelta(days=1)
    Session.objects.create(module=tomorrow, title="Change", room="A",
        starts_at=later, ends_at=later + dt.timedelta(hours=3))  # fmt: skip
    assessments.add_question(organiser, tomorrow, text="What lasts?",
                             choices=["A memo", "Shared purpose"], correct=1)  # fmt: skip
    invited = services.invite(organiser, programme, kebs, quota=1)
    person = services.nominate(organiser, invited, name="Neema Mushi", email="n@kebs.example")
    services.decide(organiser, person, True)
    person.user = users.create_user("neema", password=PASSWORD)
    person.save()
    services.check_in(organiser, first, person)
    return programme


def test_a_participant_answers_and_rates(live_server, running, page, monkeypatch):
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    violations = csp_violations(page)
    sign_in(page, live_server.url, "neema", PASSWORD)
    page.goto(f"{live_server.url}/training/{running.pk}/")
    page.click("text=answer now")
    page.check("text=Shared purpose")
    page.click("text=Send my answers")
    assert "Your score: 1 of 1." in page.locator("#score").inner_text()
    page.goto(f"{live_server.url}/training/{running.pk}/")
    page.click("main a:text-is('Vision')")
    for fieldset in page.locator("fieldset").all():
        fieldset.locator("input[value='5']").check()
    page.fill("textarea[name=comment]", "Clear and practical.")
    page.click("text=Send")
    page.wait_for_selector("text=Thank you for your feedback.")
    assert page.locator("main a:text-is('Vision')").count() == 0  # rated: no more link
    assert running.feedback.get().comment == "Clear and practical."
    assert violations == []
