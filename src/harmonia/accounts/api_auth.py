"""How API operations know who calls: a Bearer token (set on the request by
ApiTokenMiddleware) or the web session. Writes with a session need the CSRF token,
as forms do; a token carries its own scopes instead."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.http import HttpRequest
from ninja.security import HttpBearer, SessionAuth


def reader(request: HttpRequest) -> Any:
    """The user whose private data this request may read (anonymous without `read`)."""
    token = getattr(request, "api_token", None)
    if token is not None and "read" not in token.scope_set:
        return AnonymousUser()
    return request.user


class TokenAuth(HttpBearer):
    """`Authorization: Bearer hm_…` with the scope the operation needs."""

    def __init__(self, scope: str) -> None:
        super().__init__()
        self.scope = scope

    def authenticate(self, request: HttpRequest, token: str) -> Any:
        held = getattr(request, "api_token", None)
        if held is None or self.scope not in held.scope_set:
            return None
        return held.user


class Session(SessionAuth):
    """A signed-in web session; ninja checks CSRF for it. Not used when a token came."""

    def _get_key(self, request: HttpRequest) -> str | None:
        if getattr(request, "api_token", None) is not None:
            return None
        return super()._get_key(request)

    def authenticate(self, request: HttpRequest, key: str | None) -> Any:
        if getattr(request, "api_token", None) is not None:
            return None
        return super().authenticate(request, key)


def signed_in(scope: str) -> list[Any]:
    """The `auth=` of an operation that needs a user: a token with `scope`, or a session."""
    return [TokenAuth(scope), Session()]
