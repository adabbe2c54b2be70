"""Sign-ins are on record too (not their failures: those go to LoginFailure), and so are
the catalogue's imports that changed something."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from harmonia.catalogue import signals as catalogue_signals

from . import audit


@receiver(user_logged_in, dispatch_uid="harmonia-audit-sign-in")
def signed_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    now = audit.current_actor()
    with audit.acting(user, now.via, now.ip):
        audit.record("sign-in", model="auth.user", description=f"#{user.pk}")


@receiver(catalogue_signals.import_written, dispatch_uid="harmonia-audit-import")
def imported(sender: Any, report: Any, body: Any, **kwargs: Any) -> None:
    # An import that changed nothing leaves its ImportRun, not an audit event.
    if not (report.created or report.updated):
        return
    sources = report.sources
    audit.record(
        "import",
        model="catalogue.document",
        body=body,
        description=" · ".join(Path(s).name for s in sources[:3])
        + (" …" if len(sources) > 3 else ""),
        sources=sources[:20],
        **report.counts(),
    )
