"""Public enquiry pages: open enquiries and their Atom feed, an enquiry's public page
with its draft, comment form and the comments the body chose to show, confirming a
comment from the mailed link, and opening an enquiry (secretaries)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.contrib.syndication.views import Feed
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harmonia.accounts import policy, throttle
from harmonia.webforms import committee_named

from . import enquiry as service
from .models import CommentType, Enquiry


def enquiry_list(request: HttpRequest) -> HttpResponse:
    now = timezone.now()
    open_ = list(service.open_now(now).order_by("closes_at"))
    closed = list(
        Enquiry.objects.filter(closes_at__lte=now)
        .select_related("body")
        .defer("draft")
        .order_by("-closes_at")[:50]
    )
    can_open = policy.bodies_where(request.user, "secretary") != []
    return render(
        request,
        "enquiries/list.html",
        {"open": open_, "closed": closed, "can_open": can_open, "now": now},
    )


def enquiry_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(
        Enquiry.objects.select_related("body", "comment_set").defer("draft"), pk=pk
    )
    return render(request, "enquiries/detail.html", _context(request, enquiry))


def _context(request: HttpRequest, enquiry: Enquiry, **extra: Any) -> dict[str, Any]:
    now = timezone.now()
    return {
        "e": enquiry,
        "is_open": enquiry.is_open(now),
        "stamp": service.form_stamp(enquiry, now),
        "types": CommentType.objects.all(),
        "shown": service.public_comments(enquiry),
        "manages": policy.can_manage_comments(request.user, enquiry.comment_set),
        "form": {},
        **extra,
    }


def draft(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(Enquiry, pk=pk)
    if not enquiry.draft:
        raise Http404("This enquiry has no draft file.")
    response = HttpResponse(bytes(enquiry.draft), content_type=enquiry.draft_type)
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in enquiry.draft_name)[:120]
    response["Content-Disposition"] = f'attachment; filename="{name or "draft"}"'
    return response


@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    enquiry = get_object_or_404(
        Enquiry.objects.select_related("body", "comment_set").defer("draft"), pk=pk
    )
    form = request.POST
    fields = {
        name: form.get(name, "")[:20_000]
        for name in (
            "name", "email", "organisation", "type", "clause", "element", "line", "text",
            "proposed_change",
        )
    }  # fmt: skip
    confirm_url = request.build_absolute_uri(reverse("enquiries:confirm", args=["TOKEN"])).replace(
        "TOKEN", "{token}"
    )
    try:
        service.submit(
            enquiry,
            service.Submission(**fields),
            stamp=form.get("stamp", ""),
            honeypot=form.get("website", ""),
            ip=throttle.client_ip(request),
            confirm_url=confirm_url,
        )
    except service.Refused as exc:
        context = _context(request, enquiry, error=str(exc), form=fields)
        return render(request, "enquiries/detail.html", context, status=429)
    except service.EnquiryError as exc:
        context = _context(request, enquiry, error=str(exc), form=fields)
        return render(request, "enquiries/detail.html", context, status=400)
    return render(request, "enquiries/sent.html", {"e": enquiry, "email": fields["email"]})


def confirm(request: HttpRequest, token: str) -> HttpResponse:
    """A GET shows a button: mail scanners that open links must not confirm for people."""
    if request.method == "POST":
        comment = service.confirm(token)
        if comment is None:
            return render(request, "enquiries/confirm.html", {"bad": True}, status=404)
        return render(request, "enquiries/confirm.html", {"done": True, "comment": comment})
    return render(request, "enquiries/confirm.html", {"token": token})


@login_required
def new_enquiry(request: HttpRequest) -> HttpResponse:
    choices = policy.national_bodies_run_by(request.user)
    if choices is None:
        raise PermissionDenied(_("Only a body's committee secretaries open public enquiries."))
    form = request.POST if request.method == "POST" else request.GET
    error = ""
    if request.method == "POST":
        body = choices.filter(code=form.get("body", "")).first()
        upload = request.FILES.get("draft")
        try:
            if body is None:
                raise service.EnquiryError(_("body: choose one of yours"))
            committee = committee_named(form.get("committee", ""))
            closes = _deadline(form.get("closes_on", ""))
            data = upload.read(settings.UPLOAD_MAX_BYTES + 1) if upload is not None else b""
            enquiry = service.open_enquiry(
                request.user,
                body=body,
                committee=committee,
                reference=form.get("reference", "")[:200],
                title=form.get("title", "")[:500],
                scope=form.get("scope", "")[:20_000],
                closes_at=closes,
                draft=data,
                draft_name=upload.name if upload is not None else "",
            )
            return redirect(enquiry.get_absolute_url())
        except (service.EnquiryError, ValueError) as exc:
            error = str(exc)
    return render(
        request,
        "enquiries/new.html",
        {"bodies": choices.order_by("code"), "form": form, "error": error},
    )


def _deadline(value: str) -> dt.datetime:
    """The end of the day given, in the site's time zone."""
    try:
        day = dt.date.fromisoformat(value.strip())
    except ValueError:
        raise service.EnquiryError(f"closes_on: not a date: {value[:20]!r}") from None
    end = dt.datetime.combine(day, dt.time(23, 59, 59))
    return timezone.make_aware(end)


class OpenEnquiriesFeed(Feed):
    """Atom: the enquiries open now, the nearest deadline first."""

    feed_type = Atom1Feed

    def title(self) -> str:
        return _("Harmonia: public enquiries open for comment")

    def link(self) -> str:
        return reverse("enquiries:list")

    def subtitle(self) -> str:
        return _("Draft national standards open to anyone's comments, with their deadlines.")

    def items(self) -> Any:
        return service.open_now().order_by("closes_at")[:100]

    def item_title(self, item: Enquiry) -> str:
        return f"{item.reference}: {item.title}"

    def item_description(self, item: Enquiry) -> str:
        deadline = timezone.localtime(item.closes_at).strftime("%Y-%m-%d %H:%M")
        return f"{item.body}: {item.scope[:1000]} — {_('comments until')} {deadline}"

    def item_link(self, item: Enquiry) -> str:
        return item.get_absolute_url()

    def item_pubdate(self, item: Enquiry) -> dt.datetime:
        return item.opens_at

    def item_updateddate(self, item: Enquiry) -> dt.datetime:
        return item.opens_at

    def item_author_name(self, item: Enquiry) -> str:
        return item.body.name
