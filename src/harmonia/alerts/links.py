"""Addresses that work outside a request (e-mails, feeds) and the signed ones that act
without signing in: unsubscribe links, and the secret feed addresses."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core import signing
from django.urls import reverse

UNSUBSCRIBE_SALT = "harmonia.alerts.unsubscribe"


def absolute(name_or_path: str, *args: Any) -> str:
    path = name_or_path if name_or_path.startswith("/") else reverse(name_or_path, args=args)
    return settings.SITE_URL + path


def unsubscribe_token(user: Any) -> str:
    # Signed with the site's secret; it names the account and its address, so a link
    # from before an address change stops working.
    return signing.dumps({"u": user.pk, "e": user.email.lower()}, salt=UNSUBSCRIBE_SALT)


def user_for_unsubscribe(token: str) -> Any:
    from django.contrib.auth import get_user_model

    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int):
        return None
    user = get_user_model().objects.filter(pk=data["u"]).first()
    if user is None or user.email.lower() != data.get("e"):
        return None
    return user


def unsubscribe_url(user: Any) -> str:
    return absolute("alerts:unsubscribe", unsubscribe_token(user))
