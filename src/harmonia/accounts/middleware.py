"""Request-wide security: API tokens, who acts (for the audit trail), two-factor
enforcement for platform admins, rate limits, and the security headers."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect
from django.urls import reverse

from . import audit, throttle
from .tokens import authenticate

Handler = Callable[[HttpRequest], HttpResponse]

CSP = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'none'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


def _is_api(request: HttpRequest) -> bool:
    return request.path.startswith("/api/")


def _too_many(request: HttpRequest, refusal: throttle.Refusal) -> HttpResponse:
    if _is_api(request):
        response: HttpResponse = JsonResponse(
            {"detail": f"too many requests; try again in {refusal.retry_after} s"}, status=429
        )
    else:
        response = HttpResponse(
            f"Too many requests; try again in {refusal.retry_after} seconds.",
            status=429,
            content_type="text/plain; charset=utf-8",
        )
    response["Retry-After"] = str(refusal.retry_after)
    return response


class BodySizeMiddleware:
    """A request announcing a body larger than the upload limit is refused before it is
    read (Django would otherwise spool a large upload to disk first)."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.UPLOAD_MAX_BYTES + 1024 * 1024  # room for the form around a file
        if length > limit:
            message = f"request body larger than {limit // 2**20} MiB"
            if _is_api(request):
                return JsonResponse({"detail": message}, status=413)
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class RejectNulMiddleware:
    """No input may carry a NUL character: PostgreSQL cannot store one in text, and no
    identifier, title or name has one. Refused with 400 wherever it comes (the path,
    the query, a form field, a JSON body); uploaded files are not looked at here."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if self.has_nul(request):
            message = "NUL characters are not accepted"
            if _is_api(request):
                return JsonResponse({"detail": message}, status=400)
            return HttpResponse(message, status=400, content_type="text/plain; charset=utf-8")
        return self.get_response(request)

    @staticmethod
    def has_nul(request: HttpRequest) -> bool:
        if "\x00" in request.path or "%00" in request.META.get("QUERY_STRING", ""):
            return True
        if any("\x00" in v for values in request.GET.lists() for v in values[1]):
            return True
        if request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        kind = request.content_type or ""
        if kind == "application/json":
            body = request.body
            return b"\x00" in body or b"\\u0000" in body
        if kind in ("application/x-www-form-urlencoded", "multipart/form-data"):
            return any("\x00" in v for _, values in request.POST.lists() for v in values)
        return False


class ApiTokenMiddleware:
    """A Bearer token on an API request signs its user in for that request only; a bad
    token is refused at once rather than served as anonymous."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.api_token = None  # type: ignore[attr-defined]
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if _is_api(request) and header:
            scheme, _, raw = header.partition(" ")
            token = authenticate(raw) if scheme.lower() == "bearer" else None
            if token is None:
                # Wrong tokens count against the address, so guessing is throttled too.
                limit, period = settings.RATE_LIMITS["api"]
                refusal = throttle.hit("api", throttle.client_ip(request), limit, period)
                if refusal is not None:
                    return _too_many(request, refusal)
                response = JsonResponse({"detail": "invalid, expired or revoked token"}, status=401)
                response["WWW-Authenticate"] = 'Bearer realm="harmonia"'
                return response
            request.user = token.user
            request.api_token = token  # type: ignore[attr-defined]
        return self.get_response(request)


class ActorMiddleware:
    """Everything saved during a request is recorded as done by its user."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        via = "api" if _is_api(request) else "web"
        with audit.acting(request.user, via, throttle.client_ip(request)):
            return self.get_response(request)


# Pages a platform admin without an authenticator may still open: to set one up.
_ENROLMENT_OPEN = ("/accounts/two-factor/", "/accounts/logout/", "/static/", "/i18n/")


class TwoFactorMiddleware:
    """Platform admins must have two-factor sign-in before they can do anything."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            getattr(user, "is_authenticated", False)
            and user.is_superuser
            and settings.PLATFORM_ADMIN_TOTP_REQUIRED
            and not request.path.startswith(_ENROLMENT_OPEN)
        ):
            from .models import TOTPDevice

            if not TOTPDevice.objects.filter(user=user, confirmed_at__isnull=False).exists():
                if _is_api(request):
                    return JsonResponse(
                        {"detail": "platform admins must set up two-factor sign-in first"},
                        status=403,
                    )
                return redirect(reverse("accounts:two_factor"))
        return self.get_response(request)


# Unsafe methods on these paths are public forms: counted per address.
_PUBLIC_FORMS = (
    "/accounts/login/",
    "/accounts/password-reset/",
    "/accounts/invitations/",
    "/accounts/reset/",
    "/enquiries/",
)


class RateLimitMiddleware:
    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        refusal = self.check(request)
        if refusal is not None:
            return _too_many(request, refusal)
        return self.get_response(request)

    @staticmethod
    def check(request: HttpRequest) -> throttle.Refusal | None:
        limits: dict[str, tuple[int, int]] = settings.RATE_LIMITS
        ip = throttle.client_ip(request)
        if _is_api(request):
            token = getattr(request, "api_token", None)
            if token is not None:
                return throttle.hit("api-token", token.prefix, *limits["api_token"])
            return throttle.hit("api", ip, *limits["api"])
        if request.method not in ("GET", "HEAD", "OPTIONS") and request.path.startswith(
            _PUBLIC_FORMS
        ):
            return throttle.hit("forms", ip, *limits["forms"])
        if request.path.startswith("/search/"):
            return throttle.hit("search", ip, *limits["search"])
        return None


class SecurityHeadersMiddleware:
    """CSP without inline scripts or styles, and the headers Django does not set."""

    def __init__(self, get_response: Handler) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Content-Security-Policy", CSP)
        response.headers.setdefault(
            "Permissions-Policy", "camera=(), microphone=(), geolocation=()"
        )
        response.headers.setdefault("Cross-Origin-Opener-Policy", "same-origin")
        return response
