"""The admin's word on backups: how old the newest good one is."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def backup_status() -> dict[str, Any]:
    from ..schedule import last_backup

    if not settings.BACKUP_DIR:
        return {"scheduled": False}
    newest = last_backup()
    if newest is None:
        return {"scheduled": True, "last": None}
    age = dt.datetime.now(dt.UTC) - newest.made
    return {
        "scheduled": True,
        "last": newest.path.name,
        "made": newest.made,
        "hours": age.total_seconds() / 3600,
        "late": age > dt.timedelta(hours=settings.READY_BACKUP_HOURS),
    }
