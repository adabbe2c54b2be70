"""The header groups the site by what people do, marks the current section and shows
only what the reader may use; My work leads each person to what waits for them."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def sections(html: str) -> list[str]:
    nav = html[html.index('id="site-nav"') : html.index("</nav>")]
    label = r'<a href="[^"]*"[^>]*>([^<]+?)\s*(?:<span[^>]*>[^<]*</span>)?</a>\s*<ul'
    return re.findall(label, nav)


def pages(html: str) -> set[str]:
    nav = html[html.index('id="site-nav"') : html.index("</nav>")]
    return set(re.findall(r'<li><a href="([^"]+)"', nav))


def test_anonymous_visitors_see_what_they_may_use(tenants):
    html = tenants.client("anonymous").get("/documents/").content.decode()
    assert sections(html) == ["Catalogue", "Harmonization", "Development"]
    assert "/adoptions/review/" not in html  # the review queue is for editors
    assert "/ballots/" not in pages(html) and "/enquiries/" in pages(html)
    assert '<li class="current"><a href="/documents/" aria-current="true">Catalogue' in html
    assert 'class="subnav"' in html and 'aria-current="page">Documents</a>' in html


def test_an_editor_sees_every_section_and_the_review_queue(tenants):
    html = tenants.client("editor").get("/adoptions/review/").content.decode()
    assert sections(html) == [
        "Catalogue", "Harmonization", "Development", "Capacity building", "My work",
    ]  # fmt: skip
    assert {"/adoptions/review/", "/adoptions/upload/", "/ballots/"} <= pages(html)
    assert '<li class="current"><a href="/analytics/" aria-current="true">Harmonization' in html
    viewer = tenants.client("viewer").get("/").content.decode()
    assert "/adoptions/review/" not in viewer


def test_the_menu_in_vietnamese(tenants):
    client = tenants.client("editor")
    client.cookies["django_language"] = "vi"
    html = client.get("/").content.decode()
    assert sections(html)[:3] == ["Danh mục", "Hài hòa", "Xây dựng tiêu chuẩn"]


def test_my_work_leads_an_editor_to_the_review_queue_and_the_upload(tenants):
    html = tenants.client("editor").get("/work/").content.decode()
    assert "Nothing is waiting for you" not in html
    section = html[html.index('id="editor"') :]
    assert '<a href="/adoptions/review/?body=STAMEQ">1 proposed adoption link waits' in section
    assert 'href="/adoptions/upload/"' in section
