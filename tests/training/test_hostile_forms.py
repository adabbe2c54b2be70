"""Forms and addresses with garbage in them: a message or a 404, never a server error,
and nothing written."""

from __future__ import annotations

import pytest

from harmonia.training.models import Module, Participant, Question, Session

pytestmark = pytest.mark.django_db

BAD_IDS = ["abc", "-1", "1.5", "99999999999999999999999", "", "0x10", "１"]
FORMS = [
    ("decide/", "participant"),
    ("check-in/", "participant"),
    ("setup/sessions/", "module"),
    ("setup/materials/", "session"),
    ("setup/questions/", "module"),
    ("actions/", "participant"),
    ("follow-ups/", "item"),
]


@pytest.mark.parametrize("bad", BAD_IDS)
def test_garbage_ids_are_not_found(world, client, bad):
    programme, organiser, *_ = world
    client.force_login(organiser)
    base = f"/training/{programme.pk}/"
    before = (Session.objects.count(), Question.objects.count(), Participant.objects.count())
    for path, field in FORMS:
        response = client.post(base + path, {field: bad, "session": bad, "code": "X"})
        assert response.status_code == 404, (path, bad, response.status_code)
    assert client.get(base + f"feedback/?session={bad}").status_code in (403, 404)
    assert before == (Session.objects.count(), Question.objects.count(),
                      Participant.objects.count())  # fmt: skip


@pytest.mark.parametrize(
    "form",
    [
        {"title": "S", "starts_at": "tomorrow", "ends_at": "2026-11-02T10:00"},
        {"title": "S", "starts_at": "2026-11-02T10:00", "ends_at": "2026-11-02T09:00"},
        {"title": "", "starts_at": "2026-11-02T09:00", "ends_at": "2026-11-02T10:00"},
        {"title": "S", "starts_at": "2026-11-02T09:00", "ends_at": "2026-11-02T10:00",
         "online_link": "javascript:alert(1)"},
    ],
)  # fmt: skip
def test_a_bad_session_is_refused_with_its_reason(world, client, form):
    programme, organiser, *_ = world
    client.force_login(organiser)
    module = Module.objects.filter(programme=programme).first()
    before = Session.objects.count()
    page = client.post(f"/training/{programme.pk}/setup/sessions/", {"module": module.pk, **form},
                       follow=True).content.decode()  # fmt: skip
    assert Session.objects.count() == before
    assert any(reason in page for reason in (
        "starts: a date and time", "ends: after it starts", "session: a title",
        "online link: an https:// address",
    ))  # fmt: skip


def test_huge_addresses_are_not_found(world, client):
    programme, organiser, *_ = world
    client.force_login(organiser)
    for url in ("/training/99999999999999999999999/", "/training/materials/99999999999999999999/",
                f"/training/{programme.pk}/assessments/99999999999999999999/pre/"):  # fmt: skip
        assert client.get(url).status_code in (403, 404), url
