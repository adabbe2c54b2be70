"""Search pages: the results page with facets, instant results for the header box, export."""

from __future__ import annotations

from dataclasses import replace
from urllib.parse import urlencode

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import get_language_info, gettext
from django.utils.translation import gettext_lazy as _

from harmonia.catalogue.models import ICS, DocumentType
from harmonia.catalogue.reader_language import titles_in
from harmonia.catalogue.vocabulary_names import STATUS_LABELS

from . import exports, service
from .did_you_mean import did_you_mean
from .query import FACETS

FACET_LABELS = {
    "publisher": _("Publisher"),
    "type": _("Type"),
    "status": _("Status"),
    "ics": _("ICS field"),
    "committee": _("Committee"),
    "year": _("Year"),
    "language": _("Language"),
}
SHOWN_VALUES = 12


def _facet_groups(found: service.Results) -> list[dict[str, object]]:
    selected = found.request.filters
    ics_titles = dict(
        ICS.objects.filter(code__in=[v for v, _ in found.facets.get("ics", [])]).values_list(
            "code", "title_en"
        )
    )
    types = dict(
        DocumentType.objects.filter(
            slug__in=[v for v, _ in found.facets.get("type", [])]
        ).values_list("slug", "name")
    )
    groups = []

    def label(name: str, value: str) -> str:
        # Vocabulary values are shown by their translated names, never their slugs.
        if name == "status":
            return gettext(STATUS_LABELS.get(value, value))
        if name == "type":
            return gettext(types.get(value, value))
        if name == "language":
            try:
                return str(get_language_info(value)["name_translated"])
            except KeyError:
                return value
        return f"{value} {ics_titles.get(value, '')}".strip()

    for name in FACETS:
        values = found.facets.get(name, [])
        chosen = set(selected.get(name, ()))
        if name == "year":
            values = sorted(values, key=lambda v: v[0], reverse=True)
        shown = [v for v in values[:SHOWN_VALUES]]
        shown += [v for v in values[SHOWN_VALUES:] if v[0] in chosen]
        groups.append(
            {
                "name": name,
                "label": FACET_LABELS[name],
                "values": [
                    {
                        "value": value,
                        "count": n,
                        "label": label(name, value),
                        "checked": value in chosen,
                    }
                    for value, n in shown
                ],
            }
        )
    return groups


def _query_string(req: service.SearchRequest, **changes: object) -> str:
    pairs: list[tuple[str, str]] = [("q", req.q)] if req.q else []
    for name, values in req.filters.items():
        pairs += [(name, v) for v in values]
    if req.sort != "relevance":
        pairs.append(("sort", req.sort))
    for key, value in changes.items():
        pairs = [p for p in pairs if p[0] != key]
        if value:
            pairs.append((key, str(value)))
    return urlencode(pairs)


def search_page(request: HttpRequest) -> HttpResponse:
    req = service.request_from_params(request.GET)
    found = service.search(req)
    context = {
        "found": found,
        "req": req,
        "groups": _facet_groups(found),
        "query": _query_string(req),
        "prev": _query_string(req, page=req.page - 1) if req.page > 1 else "",
        "next": _query_string(req, page=req.page + 1) if req.page < found.pages else "",
        "suggestion": did_you_mean(req.q) if not found.total else "",
        "doctype_names": dict(DocumentType.objects.values_list("slug", "name")),
    }
    template = "search/_results.html" if request.htmx and not request.htmx.boosted else None
    return render(request, template or "search/search.html", context)


def instant(request: HttpRequest) -> HttpResponse:
    """The header box's results as you type: the best few documents and a link to all."""
    q = request.GET.get("q", "")[:200]
    hits = service.suggest(q, limit=8) if q.strip() else []
    shown = titles_in(hits)
    hits = [replace(h, title=shown.get(h.pk, h.title)) for h in hits]
    suggestion = did_you_mean(q) if q.strip() and not hits else ""
    return render(request, "search/_instant.html", {"hits": hits, "q": q, "suggestion": suggestion})


def export(request: HttpRequest, format: str) -> HttpResponse:
    return exports.download(replace(service.request_from_params(request.GET), page=1), format)
