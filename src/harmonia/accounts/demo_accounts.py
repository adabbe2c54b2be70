"""What a demo account is: invented people `harmonia demo` creates (harmonia.demo.people),
whose password is published in the README. The accounts know them so that their own
page says so and `harmonia check-deploy` reports any that can still sign in."""

from __future__ import annotations

from django.contrib.auth import get_user_model

PASSWORD = "harmonia-demo-2026"
PREFIX = "demo-"


def is_demo(user: object) -> bool:
    return str(getattr(user, "username", "")).startswith(PREFIX)


def signable_demo_accounts() -> list[str]:
    """Demo accounts that still open with the published password."""
    return [
        u.username
        for u in get_user_model()
        .objects.filter(username__startswith=PREFIX, is_active=True)
        .order_by("username")
        if u.check_password(PASSWORD)
    ]
