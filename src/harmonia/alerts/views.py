"""Alert pages: what I follow, my notifications, my delivery choices, an organisation's
list import, what changed for me; and the pages that work without signing in, by a
secret or signed address: the Atom and iCalendar feeds and the unsubscribe link."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from harmonia import spreadsheets
from harmonia.uploads import UploadError, check, saved

from . import changes, feeds, follows
from . import inbox as inbox_rows
from .delivery import subscriber, unread_count
from .links import user_for_unsubscribe
from .models import EventKind, Follow, FollowList, Notification, Subscriber, new_token
from .reading import notifications_in_reader_language


def _back(request: HttpRequest, fallback: str) -> HttpResponse:
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect(fallback)


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(user=request.user).select_related(
        "event__kind", "event__document"
    )
    kind = request.GET.get("kind", "")
    if kind:
        mine = mine.filter(event__kind_id=kind)
    if request.GET.get("unread") == "1":
        mine = mine.filter(read_at__isnull=True)
    batch = request.GET.get("batch", "")[:80]
    query = {k: v for k, v in request.GET.items() if k in ("kind", "unread", "batch") and v}
    if batch:
        # One change's notifications, listed one by one.
        mine = mine.filter(event__batch=batch)
        page = Paginator(mine.order_by("-created", "-pk"), 50).get_page(request.GET.get("page"))
        shown = [inbox_rows.Row.single(n) for n in page]
    else:
        page = Paginator(inbox_rows.groups(mine), 50).get_page(request.GET.get("page"))
        shown = inbox_rows.rows(mine, page)
    notifications_in_reader_language(n for row in shown for n in row.notifications)
    return render(
        request,
        "alerts/inbox.html",
        {
            "page": page,
            "rows": shown,
            "batch": batch,
            "query": query,
            "kinds": EventKind.objects.all(),
            "kind": kind,
            "unread": unread_count(request.user),
        },
    )


@login_required
@require_POST
def mark_read(request: HttpRequest) -> HttpResponse:
    mine = Notification.objects.filter(user=request.user, read_at__isnull=True)
    pk = request.POST.get("notification", "")
    if pk.isdigit():
        mine = mine.filter(pk=int(pk))
    elif request.POST.get("batch"):
        # A grouped row: every notification of that kind from that change.
        mine = mine.filter(
            event__batch=request.POST["batch"][:80], event__kind_id=request.POST.get("kind", "")
        )
    mine.update(read_at=timezone.now())
    return _back(request, "alerts:inbox")


@login_required
def following(request: HttpRequest) -> HttpResponse:
    mine = Follow.objects.filter(user=request.user).select_related("follow_list")
    return render(
        request,
        "alerts/following.html",
        {
            "follows": mine.order_by("kind", "label", "pk"),
            "lists": FollowList.objects.filter(user=request.user),
            "kinds": Follow.KINDS,
        },
    )


@login_required
@require_POST
def follow(request: HttpRequest) -> HttpResponse:
    kind = request.POST.get("kind", "")
    value = request.POST.get("value", "")
    try:
        target = follows.target_for(kind, value, request.POST.get("any_edition") == "1")
    except follows.FollowError as exc:
        messages.error(request, str(exc))
        return _back(request, "alerts:following")
    follows.follow(request.user, target)
    messages.success(request, _("You now follow %(what)s.") % {"what": target.label})
    return _back(request, "alerts:following")


@login_required
@require_POST
def unfollow(request: HttpRequest) -> HttpResponse:
    pk = request.POST.get("follow", "")
    if pk.isdigit():
        Follow.objects.filter(user=request.user, pk=int(pk)).delete()
    else:
        follows.unfollow(request.user, request.POST.get("kind", ""), request.POST.get("value", ""))
    messages.success(request, _("You no longer follow it."))
    return _back(request, "alerts:following")


@login_required
def import_list(request: HttpRequest) -> HttpResponse:
    error = ""
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None:
            error = _("file: choose a CSV or Excel file of identifiers.")
        else:
            try:
                suffix = check(upload)
                with saved(upload, suffix) as path:
                    rows = follows.read_rows(path, upload.name)
            except (UploadError, follows.FollowError) as exc:
                error = str(exc)
            else:
                report = follows.import_list(
                    request.user,
                    request.POST.get("name", ""),
                    upload.name or "",
                    rows,
                    any_edition=request.POST.get("any_edition") == "1",
                )
                messages.success(
                    request,
                    _("%(matched)s of %(rows)s rows matched a document; you follow them.")
                    % {"matched": report.matched, "rows": report.rows},
                )
                return redirect("alerts:list", report.follow_list.pk)  # type: ignore[union-attr]
    return render(request, "alerts/import.html", {"error": error}, status=400 if error else 200)


@login_required
def follow_list(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(FollowList, pk=pk, user=request.user)
    return render(
        request,
        "alerts/list.html",
        {"list": row, "follows": row.follows.order_by("label")},
    )


@login_required
@require_POST
def delete_list(request: HttpRequest, pk: int) -> HttpResponse:
    row = get_object_or_404(FollowList, pk=pk, user=request.user)
    row.follows.all().delete()
    row.delete()
    messages.success(request, _("The list and its follows were removed."))
    return redirect("alerts:following")


@login_required
def preferences(request: HttpRequest) -> HttpResponse:
    sub = subscriber(request.user)
    if request.method == "POST":
        if request.POST.get("action") == "new-token":
            sub.feed_token = new_token()
            sub.save(update_fields=["feed_token"])
            messages.success(request, _("Your feeds have new addresses; the old ones stopped."))
            return redirect("alerts:settings")
        mode = request.POST.get("mode", "")
        language = request.POST.get("language", "")
        if mode in dict(Subscriber.MODES) and language in dict(settings.LANGUAGES):
            sub.mode = mode
            sub.language = language
            if mode != "none":
                sub.unsubscribed_at = None
            sub.save(update_fields=["mode", "language", "unsubscribed_at"])
            messages.success(request, _("Saved."))
            return redirect("alerts:settings")
        messages.error(request, _("mode: choose one of the ways offered."))
    return render(
        request,
        "alerts/settings.html",
        {
            "sub": sub,
            "modes": Subscriber.MODES,
            "feed_url": request.build_absolute_uri(reverse("alerts:feed", args=[sub.feed_token])),
            "calendar_url": request.build_absolute_uri(
                reverse("alerts:calendar", args=[sub.feed_token])
            ),
        },
    )


def _since(request: HttpRequest) -> dt.date:
    text = request.GET.get("since", "")
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return timezone.localdate() - dt.timedelta(days=90)


@login_required
def what_changed(request: HttpRequest, fmt: str = "") -> HttpResponse:
    since = _since(request)
    list_pk = request.GET.get("list", "")
    chosen = None
    if list_pk.isdigit():
        chosen = FollowList.objects.filter(user=request.user, pk=int(list_pk)).first()
    rows = changes.changes_for(request.user, since, chosen.pk if chosen else None)
    if fmt:
        header = [_("Followed"), _("Change"), _("Document"), _("Title"), _("Details"), _("Date")]
        return spreadsheets.download(
            header,
            [
                [r.followed, _(r.kind_name), r.identifier, r.title, r.summary, r.on or ""]
                for r in rows
            ],
            f"harmonia-changes-since-{since}",
            fmt,
            sheet=_("Changes"),
            heading=_("What changed since %(date)s") % {"date": since},
        )
    return render(
        request,
        "alerts/changes.html",
        {
            "rows": rows,
            "since": since,
            "lists": FollowList.objects.filter(user=request.user),
            "chosen": chosen,
        },
    )


@never_cache
def feed(request: HttpRequest, token: str) -> HttpResponse:
    sub = feeds.subscriber_for(token)
    if sub is None:
        raise Http404("No such feed")
    return HttpResponse(feeds.atom(sub), content_type="application/atom+xml; charset=utf-8")


@never_cache
def calendar(request: HttpRequest, token: str) -> HttpResponse:
    sub = feeds.subscriber_for(token)
    if sub is None:
        raise Http404("No such calendar")
    body = feeds.ics(sub, request.get_host().split(":")[0])
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="harmonia-deadlines.ics"'
    return response


@csrf_exempt  # the signed link is the authority; mail programs POST it (RFC 8058)
@never_cache
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    user = user_for_unsubscribe(token)
    if user is None:
        return render(request, "alerts/unsubscribe.html", {"invalid": True}, status=404)
    done = False
    if request.method == "POST":
        sub = subscriber(user)
        sub.mode = "none"
        sub.unsubscribed_at = timezone.now()
        sub.save(update_fields=["mode", "unsubscribed_at"])
        done = True
    name, _at, domain = user.email.partition("@")
    masked = f"{name[:2]}…@{domain}" if domain else ""
    return render(request, "alerts/unsubscribe.html", {"masked": masked, "done": done})
