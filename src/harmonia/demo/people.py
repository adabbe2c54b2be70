"""Invented people for the demo, so the private side can be tried: sign in as one of
them. Their password is public (README, and `harmonia demo` prints it), so
`harmonia check-deploy` reports an error while any of them can still sign in."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db import transaction

from harmonia.accounts.demo_accounts import PASSWORD
from harmonia.catalogue.models import Body

# username, country of the body, role
PEOPLE = [
    ("demo-vn-admin", "VN", "admin"),
    ("demo-vn-editor", "VN", "editor"),
    ("demo-vn-viewer", "VN", "viewer"),
    ("demo-th-editor", "TH", "editor"),
]


@transaction.atomic
def load_demo_people() -> str:
    from harmonia.accounts.models import Membership

    User = get_user_model()
    made = []
    for username, country, role in PEOPLE:
        body = Body.objects.filter(country_code=country, kind="national").first()
        if body is None:
            continue
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": "Demo", "email": f"{username}@example.invalid"},
        )
        if created:
            user.set_password(PASSWORD)
            user.save()
            made.append(username)
        Membership.objects.get_or_create(user=user, body=body, defaults={"role_id": role})
    names = ", ".join(p[0] for p in PEOPLE)
    return f"demo people (invented): {names}; password {PASSWORD!r} ({len(made)} new)"
