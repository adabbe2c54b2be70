"""The harmonization dashboards and the review queue in Debian's chromium."""

import pytest

from tests.adoptions.fixtures import TH_CSV, VN_CSV, load_international, make_bodies, write

from .test_browser import page  # noqa: F401 - the browser fixture

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def catalogues(tmp_path):
    from harmonia.adoptions.models import Adoption
    from harmonia.adoptions.services import import_national
    from harmonia.analytics.models import Network

    load_international()
    vn, th = make_bodies()
    import_national(vn, write(tmp_path / "vn.csv", VN_CSV), propose_missing=False)
    import_national(th, write(tmp_path / "th.csv", TH_CSV), propose_missing=False)
    network = Network.objects.create(slug="pair", name="Pair of NSBs")
    network.members.set([vn, th])
    Adoption.objects.create(
        national=vn.documents.get(identifier="TCVN 5502:2003"),
        adopted_identifier="ISO 2049:1996", adopted_key="ISO 2049:1996",
        source="proposed", status="proposed", score=0.52,
    )  # fmt: skip
    return vn


def test_dashboard_charts_in_english_and_vietnamese(
    live_server,
    catalogues,
    page,  # noqa: F811
    tmp_path,
):
    page.goto(live_server.url + "/analytics/")
    page.click("a:text-is('STAMEQ')")
    page.wait_for_selector("#rate")
    assert page.locator("#rate").inner_text() == "67%"
    page.wait_for_function("window.Chart && Chart.getChart('chart-degrees')")
    drawn = page.evaluate("Chart.getChart('chart-degrees').data.datasets[0].data")
    assert drawn == [3, 1, 1, 1]
    assert page.evaluate("Chart.getChart('chart-years').data.labels.length") == 5
    assert "TCVN ISO 14001:2010" in page.locator("table.outdated").inner_text()
    page.screenshot(path=str(tmp_path / "dashboard-en.png"), full_page=True)

    page.select_option("#language", "vi")
    page.wait_for_selector("html[lang=vi]")
    text = page.content()
    assert "tỷ lệ hài hòa" in text and "Tiêu chuẩn chấp nhận lạc hậu" in text
    page.wait_for_function("window.Chart && Chart.getChart('chart-degrees')")
    page.screenshot(path=str(tmp_path / "dashboard-vi.png"), full_page=True)

    page.goto(live_server.url + "/analytics/networks/pair/")
    page.wait_for_function("window.Chart && Chart.getChart('chart-members')")
    assert page.evaluate("Chart.getChart('chart-members').data.datasets[0].data") == [66.7, 100]
    cell = page.locator("td.cell[title='TCVN ISO 14001:2010 — ISO 14001:2004']")
    assert cell.inner_text() == "IDT◷"


def test_editor_confirms_a_proposal_in_the_queue(
    live_server,
    catalogues,
    page,  # noqa: F811
    django_user_model,
    monkeypatch,
):
    # Playwright's sync API keeps an event loop running; the ORM calls here are plain sync.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    from harmonia.accounts.models import Membership, Role
    from harmonia.adoptions.models import Adoption

    editor = django_user_model.objects.create_user("editor", password="correct horse 1")
    Membership.objects.create(user=editor, body=catalogues, role=Role.objects.get(slug="editor"))
    page.goto(live_server.url + "/adoptions/review/")  # sends a signed-out user to sign in
    page.fill("#id_username", "editor")
    page.fill("#id_password", "correct horse 1")
    page.click("button[type=submit]")
    page.wait_for_selector("table.queue")
    row = page.locator("tr", has_text="TCVN 5502:2003")
    row.locator("select[name=degree]").select_option("NEQ")
    row.locator("button[value=confirm]").click()
    page.wait_for_selector("text=confirmed (NEQ)")
    link = Adoption.objects.get(national__identifier="TCVN 5502:2003")
    assert (link.status, link.degree_id, link.decided_by.username) == ("confirmed", "NEQ", "editor")
