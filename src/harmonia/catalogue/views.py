"""Public catalogue pages: home, document list and page, ICS browser.

Committee pages live in harmonia.committees (they show its projects and ballots too).
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render

from . import document_parts, services
from .models import ICS

PER_PAGE = 50


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "catalogue/home.html", {"counts": services.home_counts()})


def document_list(request: HttpRequest) -> HttpResponse:
    filters = services.DocumentFilter.from_params(request.GET)
    qs = services.list_queryset(services.filter_documents(filters))
    page = Paginator(qs, PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "filters": filters,
        "query": filters.as_params(),
        "choices": services.facet_choices(),
        "ics_node": ICS.objects.filter(code=filters.ics).first() if filters.ics else None,
    }
    template = "catalogue/_results.html" if request.htmx else "catalogue/document_list.html"
    return render(request, template, context)


def document_detail(request: HttpRequest, identifier: str) -> HttpResponse:
    doc = services.get_document(identifier)
    context = {"d": services.document_detail(doc), **document_parts.parts_of(doc, request.user)}
    return render(request, "catalogue/document_detail.html", context)


def ics_browser(request: HttpRequest, code: str | None = None) -> HttpResponse:
    node = get_object_or_404(ICS.objects.select_related("parent"), code=code) if code else None
    ancestors = []
    parent = node.parent if node else None
    while parent is not None:
        ancestors.insert(0, parent)
        parent = ICS.objects.filter(code=parent.parent_id).first() if parent.parent_id else None
    context = {"node": node, "ancestors": ancestors, "children": services.ics_children(code)}
    if node is not None:
        qs = services.filter_documents(services.DocumentFilter(ics=node.code))
        context["page"] = Paginator(services.list_queryset(qs), PER_PAGE).get_page(
            request.GET.get("page")
        )
    return render(request, "catalogue/ics.html", context)
