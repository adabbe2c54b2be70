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
    page.fill("input[name=q]", "9001:2015")
    page.press("input[name=q]", "Enter")
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
