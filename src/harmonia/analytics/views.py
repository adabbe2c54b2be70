"""Dashboards: a body's harmonization, outdated adoptions, gaps; a network's matrix."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from harmonia import spreadsheets
from harmonia.adoptions.services import AdoptionError, resolve_body
from harmonia.catalogue.models import Body, Document

from . import exports, indicators
from .models import Network

# What each downloadable table holds, in the reader's language.
TABLE_LABELS = {
    "harmonization": gettext_lazy("by ICS field"),
    "committees": gettext_lazy("by committee"),
    "years": gettext_lazy("by year"),
    "outdated": gettext_lazy("outdated adoptions"),
    "gaps": gettext_lazy("gaps"),
}


def body_or_404(code: str) -> Body:
    """The body by code, acronym or country code; 404 for the web app and the API."""
    try:
        return resolve_body(code)
    except AdoptionError as exc:
        raise Http404(str(exc)) from None


def _is_demo(body: Body) -> bool:
    return Document.objects.filter(publisher=body, source_id__startswith="demo:").exists()


def _ics(request: HttpRequest) -> list[str]:
    return [c for value in request.GET.getlist("ics") for c in value.replace(",", " ").split()]


def index(request: HttpRequest) -> HttpResponse:
    bodies = (
        Body.objects.filter(kind__in=["national", "regional"])
        .annotate(n=Count("documents", filter=Q(documents__doctype_id="national-standard")))
        .filter(n__gt=0)
        .order_by("code")
    )
    networks = Network.objects.annotate(n=Count("members")).order_by("name")
    return render(request, "analytics/index.html", {"bodies": bodies, "networks": networks})


def body_dashboard(request: HttpRequest, code: str) -> HttpResponse:
    body = body_or_404(code)
    report = indicators.national_report(body)
    outdated = report["outdated"]
    reasons = {
        r: sum(1 for o in outdated if o["reason"] == r) for r in ("revised", "withdrawn", "amended")
    }
    context = {
        "body": body,
        "demo": _is_demo(body),
        "h": report["harmonization"],
        "c": report["coverage"],
        "outdated": outdated[:15],
        "outdated_n": len(outdated),
        "reasons": reasons,
        "uptake": report["uptake"],
        "committees": report["harmonization"]["by_committee"][:15],
        "chart": {
            "degrees": report["harmonization"]["by_degree"],
            "years": report["harmonization"]["by_year"],
            "uptake": report["uptake"]["standards"],
            "labels": {
                "published": _("published"),
                "adopting": _("adopting"),
                "cumulative": _("harmonization rate (cumulative)"),
                "none": _("no international counterpart"),
                "certificates": _("certificates"),
            },
        },
        "tables": [(t, TABLE_LABELS[t]) for t in exports.TABLES],
    }
    return render(request, "analytics/body.html", context)


def body_outdated(request: HttpRequest, code: str) -> HttpResponse:
    body = body_or_404(code)
    items = indicators.outdated(body)
    reason = request.GET.get("reason", "")
    if reason:
        items = [o for o in items if o.reason == reason]
    page = Paginator(items, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "analytics/outdated.html",
        {
            "body": body,
            "page": page,
            "reason": reason,
            "demo": _is_demo(body),
            "query": {"reason": reason} if reason else {},
        },
    )


def body_gaps(request: HttpRequest, code: str) -> HttpResponse:
    body = body_or_404(code)
    ics = _ics(request)
    data = indicators.gaps(body, ics, limit=200)
    context = {
        "body": body,
        "data": data,
        "coverage": indicators.coverage(body, ics),
        "ics": " ".join(ics),
        "demo": _is_demo(body),
    }
    return render(request, "analytics/gaps.html", context)


def body_export(request: HttpRequest, code: str, name: str, fmt: str) -> HttpResponse:
    body = body_or_404(code)
    if name not in exports.TABLES:
        raise Http404(f"No table {name!r}")
    header, rows = exports.table(name, body)
    return spreadsheets.download(header, rows, f"{body.code}-{name}", fmt, sheet=name)


def body_report_pdf(request: HttpRequest, code: str) -> HttpResponse:
    body = body_or_404(code)
    labels = {
        "title": _("Harmonization report"),
        "demo": _("Demo data: this national catalogue is invented.") if _is_demo(body) else "",
        "rate": _("Harmonization rate"),
        "none": _("no link"),
        "coverage": _("Coverage of current international standards"),
        "outdated": _("Outdated adoptions"),
        "by_ics": _("By ICS field"),
        "field": _("Field"),
        "current": _("Current"),
        "adopting": _("Adopting"),
        "national": _("National"),
        "adopted": _("Adopted"),
        "current_edition": _("Current international"),
        "reason": _("Reason"),
        "revised": _("revised"),
        "withdrawn": _("withdrawn"),
        "amended": _("amended"),
    }
    response = HttpResponse(exports.report_pdf(body, labels), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{body.code}-harmonization.pdf"'
    return response


def network_detail(request: HttpRequest, slug: str) -> HttpResponse:
    network = get_object_or_404(Network, slug=slug)
    ics = _ics(request)
    data = indicators.matrix(network, ics, only_adopted=True)
    rows = sorted(data["rows"], key=lambda r: (-len(r["cells"]), r["identifier"]))
    page = Paginator(rows, 100).get_page(request.GET.get("page"))
    for row in page:
        row["ordered"] = [row["cells"].get(b) for b in data["bodies"]]
    context = {
        "network": network,
        "data": data,
        "page": page,
        "ics": " ".join(ics),
        "query": {"ics": " ".join(ics)} if ics else {},
        "chart": {
            "bodies": [m["body"] for m in data["members"]],
            "rates": [round(m["rate"] * 100, 1) for m in data["members"]],
            "label": _("harmonization rate (%)"),
        },
    }
    return render(request, "analytics/network.html", context)
