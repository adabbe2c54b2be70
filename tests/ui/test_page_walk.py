"""Every page of the web app, walked in Debian's chromium as a person reads it.

The pages are those of the authorization matrix (tests/accounts), which lists every
URL of the URL conf with the data that reaches it: each HTML page answered with 200 is
opened as an anonymous visitor (the public ones) and as the platform admin (who sees
the most), in English and Vietnamese, at phone width (375 px) and desk width
(1300 px). A page fails the walk on:

- an error on the console or an uncaught script error (a CSP refusal is one);
- an htmx request that failed, or an element whose hx-target finds nothing;
- the page wider than the window (the reader scrolls sideways);
- a serious or critical axe-core (WCAG 2.1 AA) violation.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client

from tests.accounts.conftest import tenants  # noqa: F401
from tests.accounts.test_authorization_matrix import WEB
from tests.adoptions.conftest import international, national  # noqa: F401

from .test_browser import ARGS

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTHS = (375, 1300)
LANGUAGES = ("en", "vi")
# Django's own admin is not a page of ours to read.
NOT_OURS = "/admin/"

# Recorded in the page before any of its scripts run: htmx's failures, CSP refusals.
WATCH = """
window.__problems = [];
for (const name of ["htmx:responseError", "htmx:sendError", "htmx:targetError",
                    "htmx:swapError", "htmx:onLoadError"]) {
  document.addEventListener(name, (e) => window.__problems.push(
    name + " " + ((e.detail && e.detail.pathInfo && e.detail.pathInfo.requestPath) || "")));
}
document.addEventListener("securitypolicyviolation", (e) => window.__problems.push(
  "CSP refused " + e.violatedDirective + " " + e.blockedURI));
"""

# Every hx-target must name something on the page (htmx's extended selectors too).
MISSING_TARGETS = """
() => {
  const missing = [];
  for (const el of document.querySelectorAll("[hx-target]")) {
    const t = el.getAttribute("hx-target").trim();
    let found = null;
    try {
      if (t === "this") found = el;
      else if (t.startsWith("closest ")) found = el.closest(t.slice(8));
      else if (t.startsWith("find ")) found = el.querySelector(t.slice(5));
      else if (t === "next" || t === "previous") found = el;
      else if (t.startsWith("next ")) found = document.querySelector(t.slice(5));
      else if (t.startsWith("previous ")) found = document.querySelector(t.slice(9));
      else found = document.querySelector(t);
    } catch (err) { found = null; }
    if (!found) missing.push(el.tagName.toLowerCase() + " hx-target=" + t);
  }
  return missing;
}
"""


def html_pages(t: Any, role: str) -> list[tuple[str, str]]:
    """(name, path) of the matrix's whole HTML pages answered with 200 to this role:
    files, feeds and the fragments htmx puts into a page are left out."""
    client = t.client(role)
    pages = []
    for name, rule in WEB.items():
        if rule.method != "GET" or rule.ok != {200}:
            continue
        if role == "anonymous" and rule.needs != "public":
            continue
        path = rule.path(t) if callable(rule.path) else rule.path
        if path.startswith(NOT_OURS):
            continue
        response = client.get(path)
        if not response["Content-Type"].startswith("text/html"):
            continue
        if not response.content.lstrip().lower().startswith(b"<!doctype html"):
            continue
        pages.append((name, path))
    return pages


def session_cookie(t: Any, role: str, base: str) -> list[dict[str, Any]]:
    if role == "anonymous":
        return []
    client = Client()
    client.force_login(t.people[role])
    value = client.cookies[settings.SESSION_COOKIE_NAME].value
    return [{"name": settings.SESSION_COOKIE_NAME, "value": value, "url": base}]


def axe_problems(axe: Any, page: Any) -> list[str]:
    result = axe.run(
        page,
        options={"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}},
    )
    return [
        f"axe {v['id']} ({v['impact']}): {v['help']} — {node['target']}"
        for v in result.response["violations"]
        if v["impact"] in ("serious", "critical")
        for node in v["nodes"][:3]
    ]


def walk(base: str, chromium: Path, cookies: list, pages: list, lang: str) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe
    from playwright.sync_api import sync_playwright

    axe = Axe()
    problems: list[str] = []
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(chromium), headless=True, args=ARGS)
        context = browser.new_context(viewport={"width": WIDTHS[0], "height": 800})
        context.add_cookies(
            [*cookies, {"name": settings.LANGUAGE_COOKIE_NAME, "value": lang, "url": base}]
        )
        context.add_init_script(WATCH)
        page = context.new_page()
        console: list[str] = []
        # The failed load itself is told with its address below, by "response".
        page.on(
            "console",
            lambda m: (
                console.append(m.text)
                if m.type == "error" and not m.text.startswith("Failed to load resource")
                else None
            ),
        )
        page.on("pageerror", lambda e: console.append(f"script error: {e}"))
        page.on(
            "response",
            lambda r: console.append(f"{r.status} from {r.url}") if r.status >= 400 else None,
        )
        for name, path in pages:
            console.clear()
            found: list[str] = []
            page.set_viewport_size({"width": WIDTHS[0], "height": 800})
            response = page.goto(base + path)
            page.wait_for_load_state("networkidle")
            if response is None or response.status != 200:
                found.append(f"answered {response.status if response else 'nothing'}")
            for width in WIDTHS:
                page.set_viewport_size({"width": width, "height": 800})
                wide = page.evaluate("document.documentElement.scrollWidth")
                if wide > width + 1:
                    found.append(f"{wide} px wide at {width} px")
            found += [f"console: {c}" for c in console]
            found += page.evaluate("window.__problems || []")
            found += [f"no target: {m}" for m in page.evaluate(MISSING_TARGETS)]
            found += axe_problems(axe, page)
            problems += [f"{lang} {path} [{name}]: {f}" for f in found]
        context.close()
        browser.close()
    return problems


@pytest.mark.parametrize("role", ["anonymous", "platform"])
def test_every_page_reads_well_in_both_languages_at_both_widths(
    live_server,
    tenants,  # noqa: F811
    chromium_path,
    role,
    tmp_path,
):
    pages = html_pages(tenants, role)
    assert len(pages) >= (20 if role == "anonymous" else 55)
    cookies = session_cookie(tenants, role, live_server.url)
    problems = []
    for lang in LANGUAGES:
        problems += walk(live_server.url, chromium_path, cookies, pages, lang)
    (tmp_path / "problems.json").write_text(json.dumps(problems, ensure_ascii=False, indent=1))
    assert problems == [], "\n".join(problems)
