"""The site's menu, grouped by what people do, with only what the reader may use.

A context processor (settings: TEMPLATES) gives every page `nav`: the sections, each
with its pages, the current section marked from the URL's namespace. The header shows
the sections and, under them, the pages of the current one; on a phone, one menu
button opens them all.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from django.http import HttpRequest
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from harmonia.accounts import policy

# Who may use a page: everyone, the signed-in, or the editors of some body.
EVERYONE, SIGNED_IN, EDITORS = "everyone", "signed-in", "editors"


@dataclass(frozen=True)
class Item:
    label: Any
    url_name: str
    audience: str = EVERYONE


@dataclass(frozen=True)
class Section:
    slug: str
    label: Any
    namespaces: tuple[str, ...]
    items: tuple[Item, ...]
    audience: str = EVERYONE


SECTIONS = (
    Section(
        "catalogue",
        _("Catalogue"),
        ("catalogue", "search", "committees", "certificates"),
        (
            Item(_("Documents"), "catalogue:documents"),
            Item(_("ICS"), "catalogue:ics_root"),
            Item(_("Committees"), "committees:committees"),
            Item(_("Participation"), "committees:network"),
        ),
    ),
    Section(
        "harmonization",
        _("Harmonization"),
        ("analytics", "adoptions"),
        (
            Item(_("Dashboards"), "analytics:index"),
            Item(_("Review queue"), "adoptions:review", EDITORS),
            Item(_("Import a national catalogue"), "adoptions:upload", EDITORS),
        ),
    ),
    Section(
        "development",
        _("Development"),
        ("projects", "ballots", "comments", "enquiries", "reviews"),
        (
            Item(_("Work programme"), "projects:list"),
            Item(_("Ballots"), "ballots:list", SIGNED_IN),
            Item(_("Comments"), "comments:list", SIGNED_IN),
            Item(_("Enquiries"), "enquiries:list"),
            Item(_("Systematic review"), "reviews:queue", SIGNED_IN),
        ),
    ),
    Section(
        "training",
        _("Capacity building"),
        ("training",),
        (Item(_("Training programmes"), "training:list"),),
        SIGNED_IN,
    ),
    Section(
        "work",
        _("My work"),
        ("work", "alerts", "accounts"),
        (
            Item(_("My work"), "work:dashboard"),
            Item(_("Alerts"), "alerts:inbox"),
            Item(_("Following"), "alerts:following"),
            Item(_("My account"), "accounts:me"),
        ),
        SIGNED_IN,
    ),
)


@dataclass
class Shown:
    slug: str
    label: Any
    url: str
    current: bool
    items: list[dict[str, Any]] = field(default_factory=list)


def _audiences(user: Any) -> set[str]:
    allowed = {EVERYONE}
    if policy.is_signed_in(user):
        allowed.add(SIGNED_IN)
        editing = policy.bodies_where(user, "editor")
        if editing is None or editing:
            allowed.add(EDITORS)
    return allowed


def sections_for(user: Any, namespace: str, path: str) -> list[Shown]:
    allowed = _audiences(user)
    shown = []
    for section in SECTIONS:
        if section.audience not in allowed:
            continue
        items = []
        for item in section.items:
            if item.audience not in allowed:
                continue
            url = reverse(item.url_name)
            items.append({"label": item.label, "url": url, "current": path == url})
        if not items:
            continue
        current = namespace in section.namespaces or (section.slug == "catalogue" and path == "/")
        shown.append(Shown(section.slug, section.label, items[0]["url"], current, items))
    return shown


def nav(request: HttpRequest) -> dict[str, Any]:
    match = getattr(request, "resolver_match", None)
    namespace = (match.namespace if match else "") or ""
    user = getattr(request, "user", None)
    sections = sections_for(user, namespace.split(":")[0], request.path)
    return {"nav": sections, "nav_current": next((s for s in sections if s.current), None)}
