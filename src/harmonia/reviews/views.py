"""Systematic review pages: a body's review queue (due and overdue documents, by
committee, and the outdated adoptions as candidates), starting a review, a review with
its ballot's recommendation, and the secretary's decision."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harmonia.accounts import policy
from harmonia.catalogue.models import Committee, Document

from . import services
from .models import Review, ReviewOutcome


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    bodies = list(services.visible_bodies(request.user).order_by("code"))
    if not bodies:
        raise PermissionDenied(_("The review queue is for the members of a national body."))
    asked = request.GET.get("body", "")
    body = next((b for b in bodies if b.code == asked), None if asked else bodies[0])
    if body is None:
        raise PermissionDenied(_("The review queue is for the members of a national body."))
    committee = None
    ref = request.GET.get("committee", "").strip()
    if ref:
        committee = Committee.objects.filter(reference=ref, body=body).first()
    try:
        within = max(0, min(int(request.GET.get("within", "365")), 3650))
    except ValueError:
        within = 365
    rows, total, overdue = services.queue(body, committee=committee, within_days=within, limit=None)
    query = {
        k: v
        for k, v in request.GET.items()
        if k in ("body", "committee", "within", "page", "cpage")
    }
    query["body"] = body.code
    context = {
        "bodies": bodies,
        "body": body,
        "committee": committee,
        "committees": Committee.objects.filter(body=body).order_by("reference"),
        "within": within,
        "page": Paginator(rows, 50).get_page(request.GET.get("page")),
        "query": query,
        "total": total,
        "overdue": overdue,
        "candidates": Paginator(services.candidates(body), 50).get_page(request.GET.get("cpage")),
        "open_reviews": Review.objects.filter(body=body, state="open")
        .select_related("document", "ballot")
        .order_by("due"),
        "decided": Review.objects.filter(body=body, state="decided")
        .select_related("document", "outcome")
        .order_by("-decided_on", "-pk")[:20],
        "can_start": policy.can_run_committees(request.user, body),
    }
    return render(request, "reviews/queue.html", context)


@require_POST
@login_required
def start(request: HttpRequest) -> HttpResponse:
    document = get_object_or_404(
        Document.objects.select_related("publisher", "committee"),
        identifier=request.POST.get("document", ""),
    )
    if not policy.can_run_committees(request.user, document.publisher_id):
        raise PermissionDenied(_("Only the body's secretaries start a review."))
    try:
        review = services.start(
            request.user, document, with_ballot=request.POST.get("ballot") != "0"
        )
    except services.ReviewError as exc:
        messages.error(request, str(exc))
        return redirect(f"/reviews/?body={document.publisher.code}")
    return redirect(review.get_absolute_url())


def _review(request: HttpRequest, pk: int) -> Review:
    review = get_object_or_404(
        Review.objects.select_related(
            "document", "body", "committee", "ballot", "outcome", "decided_by", "project",
            "from_stage", "to_stage",
        ),
        pk=pk,
    )  # fmt: skip
    if not policy.can_view_private(request.user, review.body_id):
        raise PermissionDenied(_("Reviews are the body's business."))
    return review


@login_required
def review_detail(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    advice, counts = services.recommended(review)
    context = {
        "r": review,
        "advice": advice,
        "counts": counts,
        "outcomes": ReviewOutcome.objects.all(),
        "manages": policy.can_run_committees(request.user, review.body_id),
        "history": services.history(review.document),
        "today": timezone.localdate(),
    }
    return render(request, "reviews/detail.html", context)


@require_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    review = _review(request, pk)
    if not policy.can_run_committees(request.user, review.body_id):
        raise PermissionDenied(_("Only the body's secretaries decide a review."))
    try:
        services.decide(
            request.user,
            review,
            request.POST.get("outcome", ""),
            note=request.POST.get("note", "")[:2000],
        )
        messages.success(request, _("Decided: the catalogue shows the outcome."))
    except services.ReviewError as exc:
        messages.error(request, str(exc))
    return redirect(review.get_absolute_url())
