"""The main journeys with the keyboard alone, in Debian's chromium: finding a standard,
voting on a ballot, entering comments on a draft. (Deciding in the review queue is in
test_review_queue.py.) Each control is reached with Tab from the top of the page, as a
person who cannot use a mouse reaches it, and used with the keys alone."""

from __future__ import annotations

from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.conftest import tenants  # noqa: F401
from tests.adoptions.conftest import international, national  # noqa: F401

from .test_browser import ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

# A page's controls before the one wanted: the header, its menus, the language form.
MOST_TABS = 120


def tab_to(page: Any, selector: str) -> None:
    """Press Tab from where the focus is until it is on `selector`."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("(s) => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} is not reached with Tab")


def cookies_of(base: str, person: Any = None, lang: str = "en") -> list[dict[str, str]]:
    """The browser's cookies: the language, and the person's session (made here, as
    the database is not to be used while Playwright's loop runs)."""
    cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base}]
    if person is not None:
        client = Client()
        client.force_login(person)
        value = client.cookies[settings.SESSION_COOKIE_NAME].value
        cookies.append({"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base})
    return cookies


def browser_page(p: Any, chromium: Any, cookies: list[dict[str, str]]) -> Any:
    browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
    context = browser.new_context(viewport={"width": 1300, "height": 900})
    context.add_cookies(cookies)
    return browser, context.new_page()


def test_finding_a_standard_with_the_keyboard(live_server, tenants, chromium_path):  # noqa: F811
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser, page = browser_page(p, chromium_path, cookies_of(live_server.url))
        page.goto(live_server.url + "/")
        tab_to(page, "input[name=q]")
        page.keyboard.type("9001")
        page.keyboard.press("Enter")
        page.wait_for_url("**/search/?*")
        page.wait_for_selector("main a[href^='/documents/']")
        tab_to(page, "main a[href^='/documents/']")
        chosen = page.evaluate("document.activeElement.textContent").strip()
        page.keyboard.press("Enter")
        page.wait_for_url("**/documents/**")
        heading = page.locator("h1").inner_text()
        browser.close()
    assert "9001" in chosen and chosen in heading


@pytest.mark.parametrize("lang", ["en", "vi"])
def test_voting_with_the_keyboard(live_server, tenants, chromium_path, lang):  # noqa: F811
    """A negative vote: the radio chosen with the arrow keys, the reasons typed, sent
    with Enter; the page says so where the vote was made."""
    from playwright.sync_api import sync_playwright

    from harmonia.ballots.models import Response

    ballot = tenants.ballot
    cookies = cookies_of(live_server.url, tenants.people["secretary"], lang)
    with sync_playwright() as p:
        browser, page = browser_page(p, chromium_path, cookies)
        page.goto(f"{live_server.url}/ballots/{ballot.pk}/")
        tab_to(page, "form.vote input[type=radio]")
        first = page.evaluate("document.activeElement.value")
        page.keyboard.press("ArrowDown")  # the next answer, chosen as the focus moves
        chosen = page.evaluate("document.activeElement.value")
        tab_to(page, "form.vote textarea[name=reasons]")
        page.keyboard.type("Clause 4 contradicts clause 7.")
        tab_to(page, "form.vote button[type=submit]")
        with page.expect_navigation():
            page.keyboard.press("Enter")
        said = page.locator(".messages .done").all_inner_texts()
        browser.close()
    assert (first, chosen) == ("approve", "disapprove")
    vote = Response.objects.get(question__ballot=ballot, question__kind="vote")
    assert vote.answer == "disapprove" and vote.reasons == "Clause 4 contradicts clause 7."
    assert said, "the vote page says nothing after voting"


def test_entering_comments_with_the_keyboard(live_server, tenants, chromium_path):  # noqa: F811
    """The quick entry: Tab from field to field, Ctrl+Enter adds the comment, and the
    focus comes back to the clause, kept for the next comment on the same clause."""
    from playwright.sync_api import sync_playwright

    cs = tenants.comment_set
    before = cs.comments.count()
    cookies = cookies_of(live_server.url, tenants.people["editor"])
    with sync_playwright() as p:
        browser, page = browser_page(p, chromium_path, cookies)
        page.goto(f"{live_server.url}/comments/{cs.pk}/")
        tab_to(page, "form[data-quick-entry] input[name=clause]")
        page.keyboard.type("5.2")
        page.keyboard.press("Tab")  # paragraph, figure or table
        page.keyboard.type("Table 1")
        page.keyboard.press("Tab")  # the type of comment
        page.keyboard.press("Tab")  # the comment
        page.keyboard.type("The unit is missing.")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector("td.text:has-text('The unit is missing.')")
        focused = page.evaluate("document.activeElement.name")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.press("Tab")
        page.keyboard.type("Say which edition.")
        page.keyboard.press("Control+Enter")
        page.wait_for_selector("td.text:has-text('Say which edition.')")
        browser.close()
    added = list(cs.comments.order_by("position")[before:])
    assert focused == "clause"
    assert [(c.clause, c.element, c.text) for c in added] == [
        ("5.2", "Table 1", "The unit is missing."),
        ("5.2", "", "Say which edition."),
    ]
