"""Fast comment entry in a real browser: an expert types a row, Ctrl+Enter sends it
through htmx, the table shows it, the clause and type stay for the next comment and the
cursor is back in the clause field; no Content Security Policy violation."""

import pytest

from .helpers import csp_violations, sign_in
from .test_browser import page as page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def draft():
    """Set up before the browser starts: Playwright runs an event loop in this thread."""
    from django.contrib.auth import get_user_model

    from harmonia.accounts.models import CommitteeMembership, Membership
    from harmonia.catalogue.models import Body, Committee
    from harmonia.comments import services

    body = Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")
    tc = Committee.objects.create(reference="TCVN/TC 176", body=body, kind="national")
    users = get_user_model().objects
    sec = users.create_user("sec", password=PASSWORD)
    Membership.objects.create(user=sec, body=body, role_id="secretary")
    expert = users.create_user("lan", password=PASSWORD)
    CommitteeMembership.objects.create(user=expert, committee=tc, role_id="expert")
    return services.open_set(sec, body=body, committee=tc, reference="ISO/DIS 9001", title="QMS")


def test_rows_are_entered_from_the_keyboard(live_server, draft, page, monkeypatch):
    # The check at the end reads the database in the thread Playwright's loop runs in.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    violations = csp_violations(page)
    sign_in(page, live_server.url, "lan", PASSWORD)
    page.goto(f"{live_server.url}/comments/{draft.pk}/")
    row = "form[data-quick-entry]"
    page.fill(f"{row} [name=clause]", "4.1")
    page.select_option(f"{row} [name=type]", "ed")
    page.fill(f"{row} [name=text]", 'Lỗi chính tả: "chât lượng".')
    page.press(f"{row} [name=text]", "Control+Enter")
    page.wait_for_selector("#c1")
    assert "Lỗi chính tả" in page.locator("#c1").inner_text()
    # The next comment on the same clause: the field keeps 4.1 and has the cursor.
    assert page.eval_on_selector(f"{row} [name=clause]", "el => el.value") == "4.1"
    assert page.evaluate("document.activeElement.name") == "clause"
    page.keyboard.press("Tab")  # clause → paragraph/figure/table
    page.keyboard.type("Bảng 2")
    page.keyboard.press("Tab")  # → type (still ed)
    page.keyboard.press("Tab")  # → comment
    page.keyboard.type("Thiếu đơn vị đo.")
    page.keyboard.press("Control+Enter")
    page.wait_for_selector("#c2")
    assert draft.comments.count() == 2
    second = draft.comments.get(position=2)
    assert (second.clause, second.element, second.type_id) == ("4.1", "Bảng 2", "ed")
    assert violations == []
