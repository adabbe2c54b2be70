"""A person's path through the web app in Debian's chromium, driven by Playwright."""

import pytest

# The live server needs committed data; serialized_rollback keeps the seeded
# vocabularies that the flush after a transactional test would otherwise drop.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic",
]  # fmt: skip


@pytest.fixture
def page(chromium_path, tmp_path):
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium_path), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        yield context.new_page()
        context.close()
        browser.close()


@pytest.fixture
def iso_catalogue():
    from harmonia.demo.snapshot import load_snapshot

    load_snapshot()


def test_find_iso_9001_and_read_it_in_vietnamese(live_server, iso_catalogue, page, tmp_path):
    page.goto(live_server.url + "/")
    assert page.locator("#count-documents").inner_text() == "61,637"

    page.click("text=Catalogue")
    page.select_option("select[name=publisher]", "ISO")
    page.select_option("select[name=status]", "current")
    # The header's site search box is an input named q too: take the catalogue's own.
    page.fill("form.filters input[name=q]", "9001:2015")
    page.press("form.filters input[name=q]", "Enter")
    page.wait_for_url("**/documents/?*q=9001*")
    page.wait_for_selector("a:text-is('ISO 9001:2015')")
    count = page.locator("#result-count").inner_text()
    assert "documents" in count

    page.click("a:text-is('ISO 9001:2015')")
    page.wait_for_selector("#doc-identifier")
    assert page.locator("#doc-identifier").inner_text() == "ISO 9001:2015"
    assert "International Standard to be revised" in page.locator("#doc-status").inner_text()
    assert "ISO 9001:2008" in page.locator("#edition-chain").inner_text()
    page.screenshot(path=str(tmp_path / "document-en.png"))

    page.select_option("#language", "vi")
    page.wait_for_selector("html[lang=vi]")
    assert "Tiêu chuẩn quốc tế sẽ được soát xét" in page.locator("#doc-status").inner_text()
    assert "Sửa đổi và đính chính" in page.content()
    page.screenshot(path=str(tmp_path / "document-vi.png"), full_page=True)


def test_phone_width_layout(live_server, iso_catalogue, page):
    page.set_viewport_size({"width": 390, "height": 800})
    page.goto(live_server.url + "/documents/?publisher=ISO")
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 400, f"page is {width}px wide on a 390px screen"


def test_search_box_on_every_page_and_results_page(live_server, iso_catalogue, page):
    page.goto(live_server.url + "/documents/?publisher=ISO")
    # Typed as a person would, with a typo: the instant list follows the keys.
    page.type("#site-q", "quality managment syst", delay=20)
    page.wait_for_selector("#instant-results a:has-text('ISO 9001:2015')")
    first = page.locator("#instant-results li a").first.inner_text()
    assert first.startswith("ISO 9001:2015")

    page.press("#site-q", "Enter")
    page.wait_for_url("**/search/?q=quality*")
    assert page.locator(".hits li a strong").first.inner_text() == "ISO 9001:2015"
    assert page.locator(".hits li mark").count() > 0
    before = page.locator("#search-total").inner_text()

    # A facet narrows the list in place (htmx) and the URL follows.
    page.check(".facets input[name=status][value=withdrawn]")
    page.wait_for_url("**status=withdrawn*")
    page.wait_for_function(
        "b => document.querySelector('#search-total').innerText !== b", arg=before
    )
    badges = page.locator(".hits li .badge").all_inner_texts()
    assert badges and all(b == "withdrawn" for b in badges)
    href = page.locator("#search-total a:text-is('Excel')").get_attribute("href")
    assert "status=withdrawn" in href and "q=quality" in href
