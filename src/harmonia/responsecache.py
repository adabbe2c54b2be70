"""Public pages and public API answers, kept in the shared cache under the change
generation (harmonia.generation) and answered from it; conditional requests answered
304 from the same key; Cache-Control so that a proxy or CDN in front may keep public
answers (revalidating each time), the reader's browser a page with a form, and nobody
a personal one.

A response is kept only when it is the same for every anonymous reader of the same
address in the same language: a GET without a session, messages or token, answered 200
with no cookie set, no write during the request, and no Cache-Control of the view's
own. The CSRF tokens of its forms (the language switch is on every page) are kept as a
placeholder and drawn afresh for each reader. Pages that change with the clock alone (an enquiry
closing, "due in 3 days") are kept one minute at most: the minute is part of the key.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse, HttpResponseNotModified
from django.middleware.csrf import get_token

from harmonia import generation

MAX_BYTES = 1_000_000
KEPT_SECONDS = 120
PUBLIC = "public, no-cache"  # proxies may store, and revalidate with the ETag each time
# A page with a form holds its reader's CSRF token: a shared proxy must not hand it to
# the next reader (here it is drawn afresh each time), the reader's browser may keep it.
WITH_FORMS = "private, no-cache"
PERSONAL = "private, no-store"
_HEADERS_KEPT = ("Content-Type", "Content-Language", "Vary", "Content-Disposition")
_NEVER = ("/admin/", "/accounts/", "/metrics", "/healthz", "/readyz", "/alerts/", "/my/")
_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=")[A-Za-z0-9]+(")')
_PLACEHOLDER = b"\x00csrf\x00"
_PREFIX = "page:v2:"


def _anonymous(request: HttpRequest) -> bool:
    # Without a session there is nobody signed in and no message waiting to be shown.
    return not (
        request.META.get("HTTP_AUTHORIZATION")
        or settings.SESSION_COOKIE_NAME in request.COOKIES
        or "messages" in request.COOKIES
    )


def _key(request: HttpRequest) -> str:
    parts = (
        str(generation.current()),
        str(int(time.time() // 60)),
        request.get_full_path(),
        getattr(request, "LANGUAGE_CODE", ""),
        # htmx asks for fragments of the same address.
        request.META.get("HTTP_HX_REQUEST", ""),
        request.META.get("HTTP_HX_BOOSTED", ""),
        request.META.get("HTTP_HX_TARGET", ""),
        request.scheme,
        request.get_host(),
    )
    # The prefix names the shape of what is kept: a new shape, a new prefix.
    digest = hashlib.blake2b("\0".join(parts).encode(), digest_size=16).hexdigest()
    return f"{_PREFIX}{digest}"


def _etag(key: str) -> str:
    return f'"{key.removeprefix(_PREFIX)}"'


def _keepable(request: HttpRequest, response: HttpResponse) -> bool:
    # The layers outside set their cookies after this one: what the request did to the
    # session or the messages is asked of them directly.
    session = getattr(request, "session", None)
    messages = getattr(request, "_messages", None)
    return (
        response.status_code == 200
        and not (session is not None and session.modified)
        and not getattr(messages, "added_new", False)
        and not response.streaming
        and not response.cookies
        and not response.has_header("Cache-Control")
        and len(response.content) <= MAX_BYTES
        and not generation.pending()
    )


class ResponseCacheMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        cacheable = (
            request.method == "GET"
            and not request.path.startswith(_NEVER)
            and _anonymous(request)
            and not generation.pending()
        )
        if not cacheable:
            response = self.get_response(request)
            if _personal(request) and not response.has_header("Cache-Control"):
                response["Cache-Control"] = PERSONAL
            return response
        key = _key(request)
        etag = _etag(key)
        kept = cache.get(key)
        if kept is not None:
            # The page answered without resolving its address: its URL pattern, kept
            # with it, names it in the metrics and the log.
            request.kept_route = kept[2]
            if request.META.get("HTTP_IF_NONE_MATCH") == etag:
                return _not_modified(etag, _policy(kept[0]))
            return _rebuild(request, kept, etag)
        response = self.get_response(request)
        if _keepable(request, response):
            headers = {h: response[h] for h in _HEADERS_KEPT if response.has_header(h)}
            content = _TOKEN.sub(rb"\1" + _PLACEHOLDER + rb"\2", response.content)
            match = request.resolver_match
            route = "/" + match.route if match is not None and match.route else ""
            cache.set(key, (content, headers, route), KEPT_SECONDS)
            response["Cache-Control"] = _policy(content)
            response["ETag"] = etag
            if request.META.get("HTTP_IF_NONE_MATCH") == etag:
                return _not_modified(etag, response["Cache-Control"])
        return response


def _personal(request: HttpRequest) -> bool:
    user = getattr(request, "user", None)
    signed_in = user is not None and user.is_authenticated
    return signed_in or bool(request.META.get("HTTP_AUTHORIZATION"))


def _rebuild(
    request: HttpRequest, kept: tuple[bytes, dict[str, Any], str], etag: str
) -> HttpResponse:
    content, headers, _route = kept
    if _PLACEHOLDER in content:
        # Drawn for this reader: CSRF middleware then sets the cookie it belongs to.
        content = content.replace(_PLACEHOLDER, get_token(request).encode())
    response = HttpResponse(content)
    for name, value in headers.items():
        response[name] = value
    response["Cache-Control"] = _policy(kept[0])
    response["ETag"] = etag
    return response


def _policy(kept_content: bytes) -> str:
    return WITH_FORMS if _PLACEHOLDER in kept_content else PUBLIC


def _not_modified(etag: str, policy: str) -> HttpResponse:
    response = HttpResponseNotModified()
    response["ETag"] = etag
    response["Cache-Control"] = policy
    return response
