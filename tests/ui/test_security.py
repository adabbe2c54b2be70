"""The content security policy in a real browser: no page breaks it (chromium reports
each refused script, style or frame on the console), and sign-in works through it."""

import pytest

from .helpers import csp_violations, sign_in
from .test_browser import page as page

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]
PASSWORD = "correct horse battery staple"


@pytest.fixture
def data(tmp_path):
    """Set up before the browser starts: Playwright runs an event loop in this thread."""
    from django.contrib.auth import get_user_model

    from harmonia.adoptions.services import import_national
    from tests.adoptions.fixtures import VN_CSV, load_international, make_bodies, write

    load_international()
    vn, _ = make_bodies()
    import_national(vn, write(tmp_path / "vn.csv", VN_CSV), propose_missing=False)
    get_user_model().objects.create_user("lan", password=PASSWORD)


def test_pages_keep_to_the_csp_and_sign_in_works(live_server, data, page):
    violations = csp_violations(page)
    for path in ("/", "/search/?q=9001", "/api/v1/docs"):
        page.goto(live_server.url + path)
        page.wait_for_load_state("networkidle")
    page.wait_for_selector("#swagger-ui .info")  # Swagger UI ran under the policy
    page.goto(live_server.url + "/analytics/bodies/STAMEQ/")
    page.wait_for_selector("#chart-degrees")
    page.wait_for_load_state("networkidle")
    assert page.evaluate("typeof Chart") == "function"

    sign_in(page, live_server.url, "lan", PASSWORD)
    assert page.locator("h1").inner_text() == "My work"
    page.select_option("#language", "vi")  # the select submits through site.js, not inline
    page.wait_for_selector("html[lang=vi]")
    assert violations == []
