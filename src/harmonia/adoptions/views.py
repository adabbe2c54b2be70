"""The review queue of proposed links, and the catalogue template for download."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from harmonia import spreadsheets
from harmonia.accounts.services import has_role
from harmonia.catalogue.models import Body

from . import services
from .models import Adoption, AdoptionMethod, Degree
from .national import COLUMNS, template_rows


def _editable_bodies(user: object) -> list[Body]:
    if getattr(user, "is_superuser", False):
        return list(Body.objects.filter(documents__adoptions__status="proposed").distinct())
    return [
        m.body
        for m in user.memberships.select_related("body", "role")  # type: ignore[attr-defined]
        if m.role.rank >= 20
    ]


@login_required
def review(request: HttpRequest) -> HttpResponse:
    bodies = _editable_bodies(request.user)
    code = request.GET.get("body") or (bodies[0].code if bodies else "")
    body = next((b for b in bodies if b.code == code), None)
    queue = services.review_queue(body) if body else Adoption.objects.none()
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    context = {
        "bodies": bodies,
        "body": body,
        "page": page,
        "degrees": Degree.objects.all(),
        "methods": AdoptionMethod.objects.all(),
        "query": {"body": body.code} if body else {},
    }
    return render(request, "adoptions/review.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = get_object_or_404(Adoption.objects.select_related("national__publisher"), pk=pk)
    if not has_role(request.user, adoption.national.publisher, "editor"):
        raise PermissionDenied("editors of the publishing body decide its links")
    try:
        services.decide(
            adoption,
            request.user,
            request.POST.get("action", ""),
            degree=request.POST.get("degree"),
            method=request.POST.get("method") or None,
            note=request.POST.get("note", "")[:2000],
        )
    except services.AdoptionError as exc:
        return HttpResponse(str(exc), status=400)
    if request.htmx:  # type: ignore[attr-defined]
        adoption.refresh_from_db()
        return render(request, "adoptions/_decided.html", {"a": adoption})
    return redirect(f"{reverse('adoptions:review')}?body={adoption.national.publisher.code}")


def template(request: HttpRequest, fmt: str) -> HttpResponse:
    return spreadsheets.download(
        COLUMNS, template_rows(), "national-catalogue-template", fmt, sheet="catalogue"
    )
