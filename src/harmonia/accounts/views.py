"""Sign-in (with lockout and two-factor), the person's own account, API tokens, a
body's people and invitations, and the audit trail."""

from __future__ import annotations

import datetime as dt
import json
import time
from typing import Any
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import authenticate, get_user_model, login
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from harmonia import spreadsheets
from harmonia.catalogue.models import Body, Committee

from . import audit, audit_reading, policy, services, throttle, totp
from .forms import AcceptForm, CodeForm, InviteForm, SignInForm, TokenForm
from .models import (
    ApiToken,
    AuditEvent,
    CommitteeMembership,
    CommitteeRole,
    Invitation,
    Membership,
    TOTPDevice,
)
from .tokens import TokenError, create_token, revoke

PENDING_SECONDS = 300


def _next(request: HttpRequest) -> str:
    target = request.POST.get("next") or request.GET.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return settings.LOGIN_REDIRECT_URL


def _refused(refusal: throttle.Refusal) -> str:
    minutes = max(1, round(refusal.retry_after / 60))
    if refusal.reason == "account":
        return _("Too many failed sign-ins for this account: try again in %(n)s minutes.") % {
            "n": minutes
        }
    return _("Too many failed sign-ins from your address: try again in %(n)s minutes.") % {
        "n": minutes
    }


@never_cache
def sign_in(request: HttpRequest) -> HttpResponse:
    form = SignInForm(request.POST or None)
    error = ""
    status = 200
    if request.method == "POST" and form.is_valid():
        username = form.cleaned_data["username"]
        ip = throttle.client_ip(request)
        refusal = throttle.login_refusal(username, ip)
        if refusal:
            error, status = _refused(refusal), 429
        else:
            user = authenticate(request, username=username, password=form.cleaned_data["password"])
            if user is None:
                throttle.login_failed(username, ip)
                error, status = (
                    _("Your user name and password did not match. Please try again."),
                    200,
                )
            elif services.has_totp(user):
                request.session["pending_user"] = user.pk
                request.session["pending_at"] = time.time()
                request.session["pending_next"] = _next(request)
                return redirect("accounts:verify")
            else:
                throttle.login_succeeded(username)
                login(request, user)
                return redirect(_next(request))
    context = {"form": form, "error": error, "next": _next(request)}
    return render(request, "accounts/login.html", context, status=status)


@never_cache
def verify(request: HttpRequest) -> HttpResponse:
    """The second step: a code from the person's authenticator app."""
    pk = request.session.get("pending_user")
    started = request.session.get("pending_at", 0)
    if not pk or time.time() - started > PENDING_SECONDS:
        request.session.pop("pending_user", None)
        return redirect("accounts:login")
    user = get_object_or_404(get_user_model(), pk=pk, is_active=True)
    device = get_object_or_404(TOTPDevice, user=user, confirmed_at__isnull=False)
    form = CodeForm(request.POST or None)
    error = ""
    if request.method == "POST" and form.is_valid():
        ip = throttle.client_ip(request)
        refusal = throttle.login_refusal(user.username, ip)
        if refusal:
            error = _refused(refusal)
        elif services.verify_totp(device, form.cleaned_data["code"]):
            target = request.session.get("pending_next") or settings.LOGIN_REDIRECT_URL
            for key in ("pending_user", "pending_at", "pending_next"):
                request.session.pop(key, None)
            throttle.login_succeeded(user.username)
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect(target)
        else:
            throttle.login_failed(user.username, ip)
            error = _("That code is not valid. Use the current code of your authenticator app.")
    return render(request, "accounts/verify.html", {"form": form, "error": error})


@login_required
@never_cache
def two_factor(request: HttpRequest) -> HttpResponse:
    user = request.user
    if request.method == "POST" and request.POST.get("action") == "disable":
        if user.is_superuser and settings.PLATFORM_ADMIN_TOTP_REQUIRED:
            raise PermissionDenied("platform admins keep two-factor sign-in")
        for device in TOTPDevice.objects.filter(user=user):
            device.delete()
        messages.info(request, _("Two-factor sign-in is off."))
        return redirect("accounts:me")
    device = services.start_totp(user)
    form = CodeForm(request.POST or None)
    if request.method == "POST" and device.confirmed_at is None and form.is_valid():
        if services.verify_totp(device, form.cleaned_data["code"]):
            messages.success(request, _("Two-factor sign-in is on."))
            return redirect("accounts:me")
        form.add_error("code", _("That code is not valid. Check the time on your phone."))
    context = {
        "device": device,
        "form": form,
        "uri": totp.provisioning_uri(device.secret, user.get_username()),
        "required": user.is_superuser and settings.PLATFORM_ADMIN_TOTP_REQUIRED,
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
def me(request: HttpRequest) -> HttpResponse:
    user = request.user
    from harmonia.accounts.demo_accounts import is_demo

    context = {
        "demo": is_demo(user),
        "memberships": Membership.objects.filter(user=user).select_related("body", "role"),
        "committees": user.committee_roles.select_related("committee", "role"),  # type: ignore[union-attr]
        "tokens": ApiToken.objects.filter(user=user),
        "two_factor": services.has_totp(user),
        "admin_of": Body.objects.filter(pk__in=policy.bodies_where(user, "admin") or [])
        if not user.is_superuser
        else Body.objects.filter(memberships__isnull=False).distinct(),
    }
    return render(request, "accounts/me.html", context)


@login_required
def my_data(request: HttpRequest) -> HttpResponse:
    data = services.personal_data(request.user)
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2), content_type="application/json"
    )
    response["Content-Disposition"] = 'attachment; filename="my-harmonia-data.json"'
    return response


@login_required
@never_cache
def tokens(request: HttpRequest) -> HttpResponse:
    form = TokenForm(request.POST or None)
    raw = ""
    if request.method == "POST" and form.is_valid():
        try:
            _token, raw = create_token(
                request.user,
                form.cleaned_data["name"],
                form.cleaned_data["scopes"],
                form.cleaned_data["days"],
            )
        except TokenError as exc:
            form.add_error(None, str(exc))
        else:
            form = TokenForm()
    context = {"form": form, "raw": raw, "tokens": ApiToken.objects.filter(user=request.user)}
    return render(request, "accounts/tokens.html", context)


@login_required
@require_POST
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=pk, user=request.user)
    revoke(token)
    return redirect("accounts:tokens")


def _admin_body(request: HttpRequest, code: str) -> Body:
    body = get_object_or_404(Body, code=code)
    if not policy.can_manage_members(request.user, body):
        raise PermissionDenied(f"only admins of {body.code} manage its people")
    return body


@login_required
def members(request: HttpRequest, code: str) -> HttpResponse:
    body = _admin_body(request, code)
    invite_form = InviteForm(
        request.POST or None if request.POST.get("action") == "invite" else None
    )
    if request.method == "POST":
        action = request.POST.get("action")
        try:
            if action == "invite" and invite_form.is_valid():
                accept = request.build_absolute_uri(reverse("accounts:accept", args=["TOKEN"]))
                services.invite(
                    request.user,
                    body,
                    invite_form.cleaned_data["email"],
                    invite_form.cleaned_data["role"],
                    accept.replace("TOKEN", "{token}"),
                )
                messages.success(request, _("Invitation sent."))
                return redirect("accounts:members", code=body.code)
            if action == "role":
                person = get_object_or_404(
                    get_user_model(), pk=request.POST.get("user"), memberships__body=body
                )
                services.set_role(request.user, person, body, request.POST.get("role") or None)
                messages.success(request, _("Role changed."))
                return redirect("accounts:members", code=body.code)
            if action == "revoke":
                invitation = get_object_or_404(
                    Invitation, pk=request.POST.get("invitation"), body=body
                )
                services.revoke_invitation(request.user, invitation)
                return redirect("accounts:members", code=body.code)
        except services.AccountError as exc:
            messages.error(request, str(exc))
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from None
    context = {
        "body": body,
        "members": Membership.objects.filter(body=body).select_related("user", "role"),
        "invitations": Invitation.objects.filter(
            body=body, accepted_at__isnull=True
        ).select_related("role"),
        "invite_form": invite_form,
        "roles": services.Role.objects.all(),
    }
    return render(request, "accounts/members.html", context)


@login_required
@require_POST
def remove_person(request: HttpRequest, pk: int) -> HttpResponse:
    person = get_object_or_404(get_user_model(), pk=pk)
    try:
        services.pseudonymize(request.user, person)
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    messages.success(
        request,
        _("The person was removed; their past work is kept under %(name)s.")
        % {"name": person.username},
    )
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}):
        return redirect(target)
    return redirect("accounts:me")


@never_cache
def accept(request: HttpRequest, token: str) -> HttpResponse:
    invitation = services.find_invitation(token)
    if invitation is None:
        return render(request, "accounts/accept.html", {"invalid": True}, status=404)
    form = AcceptForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            user = services.accept_invitation(
                invitation, form.cleaned_data["username"], form.cleaned_data["password"]
            )
        except services.AccountError as exc:
            form.add_error(None, str(exc))
        else:
            login(request, user, backend="django.contrib.auth.backends.ModelBackend")
            return redirect("accounts:me")
    return render(request, "accounts/accept.html", {"form": form, "invitation": invitation})


AUDIT_COLUMNS = ("at", "actor", "via", "action", "object", "id", "body", "before", "after", "ip")


def _audit_events(request: HttpRequest) -> Any:
    try:
        return audit.events_for(
            request.user, **{k: request.GET.get(k) for k in ("body", "action", "model")}
        )
    except audit.NotAnAuditReader as exc:
        raise PermissionDenied(str(exc)) from None


def _row(event: AuditEvent) -> list[Any]:
    return [
        event.at.isoformat(timespec="seconds"),
        event.actor.username if event.actor else "",
        event.via,
        event.action,
        f"{event.model} {event.object_repr}",
        event.object_id,
        event.body.code if event.body else "",
        json.dumps(event.before, ensure_ascii=False) if event.before else "",
        json.dumps(event.after, ensure_ascii=False) if event.after else "",
        event.ip,
    ]


@login_required
def audit_log(request: HttpRequest) -> HttpResponse:
    events = _audit_events(request)
    page = Paginator(events.select_related("actor", "body"), 100).get_page(request.GET.get("page"))
    query = {k: v for k, v in request.GET.items() if k in ("body", "action", "model") and v}
    context = {
        "page": page,
        "entries": audit_reading.read(page.object_list),
        "query": query,
        "query_string": urlencode(query),
    }
    return render(request, "accounts/audit.html", context)


@login_required
def audit_export(request: HttpRequest, fmt: str) -> HttpResponse:
    events = _audit_events(request)[:100_000]
    return spreadsheets.download(
        AUDIT_COLUMNS, (_row(e) for e in events), "audit", fmt, sheet="audit"
    )


def _committee(reference: str) -> Committee:
    committee = Committee.objects.select_related("body").filter(reference=reference).first()
    if committee is None:
        raise Http404(f"No committee {reference!r}")
    return committee


def _date(value: str, name: str) -> dt.date | None:
    if not value.strip():
        return None
    try:
        return dt.date.fromisoformat(value.strip())
    except ValueError:
        raise services.AccountError(f"{name}: not a date (YYYY-MM-DD): {value[:20]!r}") from None


@login_required
def committee_people(request: HttpRequest, reference: str) -> HttpResponse:
    """A committee's chair, secretary, experts and observers; its officers (or the
    body's secretaries) add, change and remove them."""
    committee = _committee(reference)
    manages = policy.can_manage_committee(request.user, committee)
    if not manages and not policy.can_take_part_in_committee(request.user, committee):
        raise PermissionDenied(f"the people of {committee} are for its members")
    if request.method == "POST":
        if not manages:
            raise PermissionDenied(f"only the officers of {committee} change its members")
        username = request.POST.get("username", "").strip()
        person = get_user_model().objects.filter(username=username, is_active=True).first()
        if person is None:
            messages.error(request, _("No active user %(name)s.") % {"name": username})
        else:
            try:
                services.set_committee_role(
                    request.user,
                    person,
                    committee,
                    request.POST.get("role") or None,
                    _date(request.POST.get("term_start", ""), "term_start"),
                    _date(request.POST.get("term_end", ""), "term_end"),
                )
            except services.AccountError as exc:
                messages.error(request, str(exc))
            except PermissionError as exc:
                raise PermissionDenied(str(exc)) from None
            else:
                messages.success(request, _("Role changed."))
        return redirect("accounts:committee_people", reference=committee.reference)
    context = {
        "committee": committee,
        "people": CommitteeMembership.objects.filter(committee=committee)
        .select_related("user", "role")
        .order_by("-role__rank", "user__username"),
        "roles": CommitteeRole.objects.all(),
        "manages": manages,
    }
    return render(request, "accounts/committee_people.html", context)
