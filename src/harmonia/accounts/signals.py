"""Sign-ins are on record too (not their failures: those go to LoginFailure)."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from . import audit


@receiver(user_logged_in, dispatch_uid="harmonia-audit-sign-in")
def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    now = audit.current_actor()
    with audit.acting(user, now.via, now.ip):
        audit.record("sign-in", model="auth.user", description=f"#{user.pk}")
