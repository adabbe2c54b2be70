"""Alerts over the API, with a token: follow, list, stop; notifications; changes."""

import pytest

from harmonia.accounts.tokens import create_token
from harmonia.alerts import queue
from harmonia.alerts.models import Follow

from .records import import_dir, record, write


@pytest.fixture
def bearer(people):
    _row, token = create_token(people["anh"], "test", ["read", "write"])
    return {"HTTP_AUTHORIZATION": f"Bearer {token}"}


def test_follow_through_the_api_and_hear_of_the_new_edition(iso9001, client, bearer, tmp_path):
    made = client.post(
        "/api/v1/alerts/follows",
        {"kind": "document", "value": "iso 9001", "any_edition": True},
        content_type="application/json",
        **bearer,
    )
    assert made.status_code == 201, made.content
    assert made.json()["kind"] == "work" and made.json()["value"] == "ISO 9001"
    bad = client.post(
        "/api/v1/alerts/follows",
        {"kind": "ics", "value": "99"},
        content_type="application/json",
        **bearer,
    )
    assert bad.status_code == 400 and "ics: no ICS field" in bad.json()["detail"]
    listed = client.get("/api/v1/alerts/follows", **bearer).json()
    assert [f["value"] for f in listed["items"]] == ["ISO 9001"]

    import_dir(write(tmp_path / "next", record("ISO 9001:2026", "2026-11-20")))
    queue.run_due()
    notes = client.get("/api/v1/alerts/notifications?unread=true", **bearer).json()["items"]
    assert [n["kind"] for n in notes] == ["new-edition"] and not notes[0]["read"]
    assert notes[0]["why"] == "work:ISO 9001"
    read = client.post(
        "/api/v1/alerts/notifications/read", {}, content_type="application/json", **bearer
    )
    assert read.json() == {"read": 1}
    changes = client.get("/api/v1/alerts/changes?since=2026-01-01", **bearer).json()
    assert [(c["followed"], c["identifier"]) for c in changes] == [("ISO 9001", "ISO 9001:2026")]

    gone = client.delete(f"/api/v1/alerts/follows/{listed['items'][0]['id']}", **bearer)
    assert gone.status_code == 204 and not Follow.objects.exists()


def test_another_person_s_follow_cannot_be_removed(iso9001, people, client, bearer):
    from harmonia.alerts import follows

    theirs = follows.follow(people["binh"], follows.document_target("ISO 9001"))
    assert client.delete(f"/api/v1/alerts/follows/{theirs.pk}", **bearer).status_code == 404
    assert Follow.objects.filter(pk=theirs.pk).exists()
