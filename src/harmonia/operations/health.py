"""Is the site ready to serve? Each check answers on its own; one failing check names
itself and does not hide the others (/readyz, `harmonia` operators, probes)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone


@dataclass
class Check:
    name: str
    ok: bool
    detail: dict[str, Any] = field(default_factory=dict)


def database() -> Check:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
        cursor.fetchone()
    return Check("database", True, {"engine": connection.vendor})


def migrations() -> Check:
    from django.db.migrations.executor import MigrationExecutor

    executor = MigrationExecutor(connection)
    pending = executor.migration_plan(executor.loader.graph.leaf_nodes())
    return Check("migrations", not pending, {"pending": len(pending)})


def queue() -> Check:
    from harmonia.alerts.models import Job
    from harmonia.alerts.queue import rq_queue, using_redis

    now = timezone.now()
    if using_redis():
        rq = rq_queue()
        rq.connection.ping()
        first = rq.get_jobs(0, 1)
        enqueued = first[0].enqueued_at if first else None
        if enqueued is not None and enqueued.tzinfo is None:
            enqueued = enqueued.replace(tzinfo=dt.UTC)  # RQ keeps UTC without a zone
        age = round((now - enqueued).total_seconds()) if enqueued else 0
        return Check("queue", True, {"backend": "redis", "depth": rq.count, "oldest_seconds": age})
    due = Job.objects.filter(state="queued", run_after__lte=now)
    oldest = due.order_by("run_after").values_list("run_after", flat=True).first()
    age = round((now - oldest).total_seconds()) if oldest else 0
    detail = {"backend": "database", "depth": due.count(), "oldest_seconds": age}
    return Check("queue", True, detail)


def search() -> Check:
    from harmonia.search.models import PendingChange

    oldest = PendingChange.objects.order_by("created").values_list("created", flat=True).first()
    lag = round((timezone.now() - oldest).total_seconds()) if oldest else 0
    limit = settings.READY_SEARCH_LAG_SECONDS
    return Check("search", lag <= limit, {"lag_seconds": lag, "limit_seconds": limit})


def backup() -> Check:
    """Only when scheduled backups are on (HARMONIA_BACKUP_DIR): the newest good one."""
    from .schedule import last_backup

    if not settings.BACKUP_DIR:
        return Check("backup", True, {"scheduled": False})
    newest = last_backup()
    limit = settings.READY_BACKUP_HOURS
    if newest is None:
        return Check("backup", False, {"scheduled": True, "last": None, "limit_hours": limit})
    age = dt.datetime.now(dt.UTC) - newest.made
    hours = round(age.total_seconds() / 3600, 1)
    return Check(
        "backup",
        hours <= limit,
        {"scheduled": True, "last": newest.path.name, "age_hours": hours, "limit_hours": limit},
    )


CHECKS: tuple[Callable[[], Check], ...] = (database, migrations, queue, search, backup)


def readiness() -> list[Check]:
    found = []
    for check in CHECKS:
        try:
            found.append(check())
        except Exception as exc:  # a failing dependency is a finding, not a crash
            error = f"{type(exc).__name__}: {exc}".strip()[:300]
            found.append(Check(check.__name__, False, {"error": error}))
    return found
