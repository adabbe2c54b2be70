"""{% follow_button kind value %} on the pages of things one can follow, and the
unread count in the menu."""

from __future__ import annotations

from typing import Any

from django import template

from harmonia.alerts import follows
from harmonia.alerts.delivery import unread_count
from harmonia.alerts.models import Follow

register = template.Library()


@register.inclusion_tag("alerts/follow_button.html", takes_context=True)
def follow_button(
    context: dict[str, Any], kind: str, value: Any, any_edition: bool = False, label: str = ""
) -> dict[str, Any]:
    request = context.get("request")
    user = getattr(request, "user", None)
    signed_in = bool(getattr(user, "is_authenticated", False))
    value = str(value)
    if kind == "search":
        try:
            value = follows.search_target(value).value
        except follows.FollowError:
            return {"hidden": True}
    if not signed_in and any_edition:
        # One "Sign in to follow" is enough: the choice of editions comes after.
        return {"hidden": True}
    followed = None
    if signed_in:
        followed = Follow.objects.filter(user=user, kind=kind, value=value).first()
    return {
        "request": request,
        "signed_in": signed_in,
        "kind": kind,
        "value": value,
        "any_edition": any_edition,
        "label": label,
        "followed": followed,
        "next": request.get_full_path() if request else "/",
        "csrf_token": context.get("csrf_token"),
    }


@register.simple_tag(takes_context=True)
def unread_alerts(context: dict[str, Any]) -> int:
    request = context.get("request")
    user = getattr(request, "user", None)
    if not getattr(user, "is_authenticated", False):
        return 0
    return unread_count(user)
