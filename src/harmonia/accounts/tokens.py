"""API tokens: `Authorization: Bearer hm_<prefix>_<secret>`.

A token acts for its user with no more than its scopes: `read` sees what the user
may see in private, `write` changes what the user may change. Only the SHA-256 of a
token is stored (the secret has 256 bits, so no slow hash is needed); it is shown
once, when it is made. Tokens expire (at most a year) and can be revoked.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import secrets
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

SCOPES = {
    "read": gettext_noop("read private data you may see"),
    "write": gettext_noop("make changes you may make"),
}
MAX_DAYS = 365


class TokenError(ValueError):
    pass


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


@transaction.atomic
def create_token(user: Any, name: str, scopes: list[str], days: int = 90) -> tuple[Any, str]:
    from .models import ApiToken

    name = name.strip()
    if not name:
        raise TokenError(gettext("name: give the token a name"))
    unknown = sorted(set(scopes) - set(SCOPES))
    if unknown or not scopes:
        raise TokenError(
            gettext("scopes: choose from %(values)s (got %(values2)s)")
            % {"values": ", ".join(SCOPES), "values2": ", ".join(scopes)}
        )
    if not 1 <= days <= MAX_DAYS:
        raise TokenError(gettext("days: between 1 and %(MAX_DAYS)s") % {"MAX_DAYS": MAX_DAYS})
    prefix = secrets.token_hex(6)
    raw = f"hm_{prefix}_{secrets.token_urlsafe(32)}"
    token = ApiToken.objects.create(
        user=user,
        name=name[:100],
        prefix=prefix,
        digest=_digest(raw),
        scopes=",".join(s for s in SCOPES if s in scopes),
        expires_at=timezone.now() + dt.timedelta(days=days),
    )
    return token, raw


def authenticate(raw: str) -> Any:
    """The live token `raw` names, or None."""
    from .models import ApiToken

    parts = raw.strip().split("_")
    if len(parts) < 3 or parts[0] != "hm":
        return None
    token = ApiToken.objects.select_related("user").filter(prefix=parts[1]).first()
    if token is None or not hmac.compare_digest(token.digest, _digest(raw.strip())):
        return None
    now = timezone.now()
    if token.revoked_at or token.expires_at <= now or not token.user.is_active:
        return None
    # A write a minute at most, not one a request.
    if token.last_used_at is None or now - token.last_used_at > dt.timedelta(minutes=1):
        type(token).objects.filter(pk=token.pk).update(last_used_at=now)
    return token


def revoke(token: Any) -> None:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
