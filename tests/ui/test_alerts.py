"""Following ISO 9001 in a real browser, then reading what arrived: the document page's
button, the notifications page and its "read" button, the settings page; no Content
Security Policy violation on the way."""

import pytest

from .helpers import csp_violations, sign_in
from .test_browser import page as page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def catalogue(tmp_path):
    from django.contrib.auth import get_user_model

    from tests.alerts.records import import_dir, record, write

    import_dir(write(tmp_path / "a", record("ISO 9001:2015", "2015-09-15")))
    get_user_model().objects.create_user("follower", "f@example.org", PASSWORD)
    return tmp_path


def test_follow_iso_9001_and_read_its_new_edition(live_server, catalogue, page, monkeypatch):
    from harmonia.alerts import queue
    from harmonia.alerts.models import Follow, Notification
    from tests.alerts.records import import_dir, record, write

    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    violations = csp_violations(page)
    sign_in(page, live_server.url, "follower", PASSWORD)
    page.goto(f"{live_server.url}/documents/ISO 9001:2015/")
    page.click("button:text-is('Follow any edition')")
    page.wait_for_selector("button[aria-pressed=true]")
    assert list(Follow.objects.values_list("kind", "value")) == [("work", "ISO 9001")]

    import_dir(write(catalogue / "b", record("ISO 9001:2026", "2026-11-20")))
    queue.run_due()
    page.goto(f"{live_server.url}/alerts/")
    assert page.locator("header nav .badge").inner_text() == "1"
    row = page.locator("tr.unread")
    assert "ISO 9001:2026" in row.inner_text() and "New edition published" in row.inner_text()
    row.locator("button:text-is('Read')").click()
    page.wait_for_selector("tr.unread", state="detached")
    assert Notification.objects.get().read_at is not None
    page.goto(f"{live_server.url}/alerts/settings/")
    page.check("input[value=weekly]")
    page.click("main button:text-is('Save')")
    page.wait_for_selector("text=Saved.")
    assert violations == []
