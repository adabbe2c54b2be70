"""Permission checks and account creation, as plain functions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction

from harmonia.catalogue.models import Body

from .models import Membership, Role

ROLES = [
    ("viewer", "Viewer", 10, "reads what the body keeps private"),
    ("editor", "Editor", 20, "edits the body's catalogue and data"),
    ("secretary", "Secretary", 30, "runs committees, projects and ballots"),
    ("admin", "Administrator", 40, "manages the body's users and settings"),
]


def seed_roles(apps: Any = None) -> None:
    model = apps.get_model("accounts", "Role") if apps else Role
    for slug, name, rank, description in ROLES:
        model.objects.get_or_create(
            slug=slug, defaults={"name": name, "rank": rank, "description": description}
        )


def has_role(user: Any, body: Body, role: str) -> bool:
    """True when `user` holds `role` or a higher one in `body` (superusers always)."""
    if not getattr(user, "is_authenticated", False):
        return False
    if user.is_superuser:
        return True
    needed = Role.objects.get(slug=role).rank
    return Membership.objects.filter(user=user, body=body, role__rank__gte=needed).exists()


class AccountError(ValueError):
    pass


@transaction.atomic
def create_user(
    username: str,
    password: str,
    *,
    email: str = "",
    superuser: bool = False,
    body: str | None = None,
    role: str = "admin",
) -> Any:
    User = get_user_model()
    if not username.strip():
        raise AccountError("username: empty")
    if User.objects.filter(username=username).exists():
        raise AccountError(f"username: {username!r} exists already")
    if len(password) < 8:
        raise AccountError("password: at least 8 characters")
    if superuser:
        user = User.objects.create_superuser(username=username, email=email, password=password)
    else:
        user = User.objects.create_user(username=username, email=email, password=password)
    if body:
        try:
            target = Body.objects.get(code=body)
        except Body.DoesNotExist:
            raise AccountError(f"body: no body with code {body!r}") from None
        try:
            held = Role.objects.get(slug=role)
        except Role.DoesNotExist:
            raise AccountError(f"role: unknown role {role!r}") from None
        Membership.objects.create(user=user, body=target, role=held)
    return user
