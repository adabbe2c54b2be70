"""Committee pages (members, work programme, ballots, documents), a body's
participation in ISO committees and the network comparison."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harmonia.accounts import policy
from harmonia.accounts.models import CommitteeMembership
from harmonia.catalogue import services as catalogue
from harmonia.catalogue.models import Body, Committee

from . import committee_parts, services
from .models import Liaison, Snapshot

PER_PAGE = 50


def committee_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(catalogue.committee_list(), 100).get_page(request.GET.get("page"))
    return render(request, "committees/committee_list.html", {"page": page})


def _committee(reference: str) -> Committee:
    committee = (
        Committee.objects.select_related("body", "secretariat", "parent")
        .filter(reference=reference)
        .first()
    )
    if committee is None:
        raise Http404(f"No committee {reference!r}")
    return committee


def committee_detail(request: HttpRequest, reference: str) -> HttpResponse:
    committee = _committee(reference)
    qs = catalogue.filter_documents(catalogue.DocumentFilter(committee=committee.reference))
    page = Paginator(catalogue.list_queryset(qs), PER_PAGE).get_page(request.GET.get("page"))
    user = request.user
    people_link = policy.can_manage_committee(user, committee) or policy.can_take_part_in_committee(
        user, committee
    )
    context = {
        "committee": committee,
        "page": page,
        "people_link": people_link,
        "people": CommitteeMembership.objects.filter(committee=committee)
        .select_related("user", "role")
        .order_by("-role__rank", "user__username"),
        "members": services.members(committee),
        "snapshot": services.latest_snapshot(),
        "children": committee.children.order_by("reference"),
        "liaisons": Liaison.objects.filter(committee=committee).select_related("target"),
        "mirrors": committee.mirrors.order_by("reference"),
        "mirrored_by": committee.mirrored_by.select_related("body").order_by("reference"),
        "manages": policy.can_manage_committee(user, committee),
        **committee_parts.parts_of(committee, user),
    }
    return render(request, "committees/committee.html", context)


@require_POST
@login_required
def add_mirror(request: HttpRequest, reference: str) -> HttpResponse:
    """Say which international committee a national committee mirrors."""
    committee = _committee(reference)
    if not policy.can_manage_committee(request.user, committee):
        raise PermissionDenied(_("Only the committee's officers link its mirrors."))
    target_ref = request.POST.get("international", "").strip()
    target = Committee.objects.filter(reference=target_ref).first()
    if target is None or target.pk == committee.pk:
        messages.error(request, _("No international committee %(ref)s.") % {"ref": target_ref})
    elif request.POST.get("remove"):
        committee.mirrors.remove(target)
        messages.success(request, _("%(ref)s is no longer mirrored.") % {"ref": target.reference})
    else:
        committee.mirrors.add(target)
        messages.success(request, _("Now mirrors %(ref)s.") % {"ref": target.reference})
    return redirect(committee.get_absolute_url())


@login_required
def new_committee(request: HttpRequest) -> HttpResponse:
    """A body's secretary creates a national technical committee."""
    choices = policy.national_bodies_run_by(request.user)
    if choices is None:
        raise PermissionDenied(_("Only a body's committee secretaries create committees."))
    error = ""
    if request.method == "POST":
        body = choices.filter(code=request.POST.get("body", "")).first()
        reference = request.POST.get("reference", "").strip()[:100]
        title = request.POST.get("title", "").strip()[:500]
        if body is None:
            error = _("body: choose one of your bodies")
        elif not reference or not title:
            error = _("reference and title: both required")
        elif Committee.objects.filter(reference=reference).exists():
            error = _("reference: %(ref)s exists already") % {"ref": reference}
        else:
            with transaction.atomic():
                committee = Committee.objects.create(
                    reference=reference, title=title, body=body, kind="national", status="Active"
                )
            return redirect(committee.get_absolute_url())
    return render(
        request,
        "committees/new_committee.html",
        {"bodies": choices.order_by("code"), "error": error, "form": request.POST},
    )


def network(request: HttpRequest) -> HttpResponse:
    codes = [c for c in request.GET.get("bodies", "").replace(" ", ",").split(",") if c][:50]
    all_bodies = services.participating_bodies()
    chosen = [b for b in all_bodies if b.code in codes] if codes else all_bodies
    rows = services.network(chosen)
    rows.sort(key=lambda r: (-(r["p"] + r["o"]), r["body"].code))
    context = {"rows": rows, "snapshot": services.latest_snapshot(), "codes": ",".join(codes)}
    return render(request, "committees/network.html", context)


def participation(request: HttpRequest, code: str) -> HttpResponse:
    body = get_object_or_404(Body, code=code)
    shots = services.snapshots()
    result = services.body_participation(body)
    change = None
    before = after = None
    if len(shots) >= 2:
        by_id = {str(s.pk): s for s in shots}
        after = by_id.get(request.GET.get("after", ""), shots[0])
        before = by_id.get(
            request.GET.get("before", ""), shots[1] if after == shots[0] else shots[0]
        )
        if before.pk != after.pk:
            change = services.compare(body, before, after)
    context = {
        "body": body,
        "r": result,
        "snapshots": shots,
        "before": before,
        "after": after,
        "change": change,
        "history": services.history(body),
        "national": Committee.objects.filter(body=body).prefetch_related("mirrors"),
    }
    return render(request, "committees/participation.html", context)


def snapshot_list(request: HttpRequest) -> HttpResponse:
    return render(
        request, "committees/snapshots.html", {"snapshots": Snapshot.objects.order_by("-taken_on")}
    )
