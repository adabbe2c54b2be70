"""Who runs a command (`harmonia --as USER`): their permissions apply and the audit trail
names them. Without --as, the server's operator."""

from __future__ import annotations

from typing import Any

from harmonia.commandline import fail

_acting: dict[str, str | None] = {"username": None}


def act_as_username(username: str | None) -> None:
    _acting["username"] = username


def as_username() -> str | None:
    return _acting["username"]


def user_named(username: str, *, active: bool = False, what: str = "") -> Any:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username=username)
    if active:
        users = users.filter(is_active=True)
    user = users.first()
    if user is None:
        fail(f"{what}no {'active ' if active else ''}user {username!r}")
    return user


def acting_user() -> Any:
    """The --as user (checked and put on record), or None for the operator."""
    username = as_username()
    if not username:
        return None
    from . import audit

    user = user_named(username, active=True, what="--as: ")
    audit.act_as(user, "cli")  # undone with the command's own token, set first
    return user


def require(allowed: bool, what: str) -> None:
    if not allowed:
        fail(f"--as {as_username()}: not allowed to {what}")
