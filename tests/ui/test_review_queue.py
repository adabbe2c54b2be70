"""An editor decides proposed adoption links in the review queue, in the browser, in
both languages, with the keyboard alone: rows whose ids run past 1,000 (written
10,717 or 10.717 when numbers were grouped, which broke the htmx target)."""

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.conftest import person, propose
from tests.adoptions.conftest import international, national  # noqa: F401

from .test_browser import ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def queue(national):  # noqa: F811
    from harmonia.accounts.models import Membership
    from harmonia.adoptions.models import Adoption

    vn = national[0]
    editor = person("lan")
    Membership.objects.create(user=editor, body=vn, role_id="editor")
    first = propose("TCVN 5502:2003", "ISO 22000:2018")
    second = propose("TCVN ISO 9001:2015", "ISO 14001:2015")
    # Ids past 1,000, as a body's real queue has them.
    Adoption.objects.filter(pk=first.pk).update(id=10717)
    Adoption.objects.filter(pk=second.pk).update(id=10718)
    client = Client()
    client.force_login(editor)
    return vn, client.cookies[settings.SESSION_COOKIE_NAME].value


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_an_editor_confirms_and_rejects_with_the_keyboard(live_server, queue, chromium_path, lang):
    from playwright.sync_api import sync_playwright

    from harmonia.adoptions.models import Adoption

    vn, session = queue
    base = live_server.url
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1300, "height": 900})
        context.add_cookies(
            [
                {"name": settings.SESSION_COOKIE_NAME, "value": session, "url": base},
                {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base},
            ]
        )
        page = context.new_page()
        page.goto(f"{base}/adoptions/review/?body={vn.code}")
        assert page.locator("#adoption-10717").count() == 1
        assert page.evaluate("document.documentElement.scrollWidth") <= 1300
        confirm, reject = ("Confirm", "Reject") if lang == "en" else ("Xác nhận", "Từ chối")

        # Keyboard only: focus the degree, choose MOD, tab to Confirm, press Enter.
        row = page.locator("#adoption-10717")
        row.locator("select[name=degree]").focus()
        page.keyboard.press("ArrowDown")  # IDT -> MOD
        page.keyboard.press("Tab")  # the method
        page.keyboard.press("Tab")  # Confirm
        assert page.evaluate("document.activeElement.textContent") == confirm
        page.keyboard.press("Enter")
        page.wait_for_selector("#adoption-10717:not(:has(form))")

        row = page.locator("#adoption-10718")
        row.get_by_role("button", name=reject).focus()
        page.keyboard.press("Enter")
        page.wait_for_selector("#adoption-10718:not(:has(form))")
        decided = page.locator("#adoption-10718").inner_text()
        context.close()
        browser.close()

    assert Adoption.objects.get(pk=10717).status == "confirmed"
    assert Adoption.objects.get(pk=10717).degree_id == "MOD"
    assert Adoption.objects.get(pk=10718).status == "rejected"
    assert ("rejected" if lang == "en" else "bị từ chối") in decided
