"""The notifications page: one change that touched many things a person follows (a
national catalogue of 166 new documents, all followed through their body) is one row
saying how many, not 166 rows at the same instant; opening it lists them."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Max, Q, QuerySet

from .models import EventKind, Notification

# From this many notifications of one kind from one change on, they are one row.
GROUP_FROM = 4


@dataclass
class Row:
    kind: EventKind
    batch: str
    count: int
    unread: int
    latest: dt.datetime
    # The notification itself when alone, else the first few of the group.
    notifications: list[Notification] = field(default_factory=list)

    @property
    def grouped(self) -> bool:
        return self.count >= GROUP_FROM

    @classmethod
    def single(cls, n: Notification) -> Row:
        """A notification shown on a row of its own."""
        return cls(n.event.kind, n.event.batch, 1, int(n.read_at is None), n.created, [n])


def changes_in(notifications: Iterable[Notification]) -> int:
    """How many changes the notifications tell of, counted as the inbox shows them:
    a group of one change's notifications of one kind is one, a small group each."""
    sizes = Counter((n.event.batch, n.event.kind_id) for n in notifications)
    return sum(1 if size >= GROUP_FROM else size for size in sizes.values())


def groups(mine: QuerySet[Notification]) -> QuerySet[Any]:
    """(batch, kind) groups of a person's notifications, newest first: what pages."""
    return (
        mine.values("event__batch", "event__kind_id")
        .annotate(
            n=Count("id"),
            unread=Count("id", filter=Q(read_at__isnull=True)),
            latest=Max("created"),
            last=Max("id"),
        )
        .order_by("-latest", "-last")
    )


def rows(mine: QuerySet[Notification], page: Any) -> list[Row]:
    """The rows of one page of groups, with their notifications read in one query (the
    first three of a big group)."""
    kinds = {k.pk: k for k in EventKind.objects.all()}
    wanted = Q(pk__in=[])
    for g in page:
        wanted |= Q(event__batch=g["event__batch"], event__kind_id=g["event__kind_id"])
    found: dict[tuple[str, str], list[Notification]] = {}
    for n in (
        mine.filter(wanted)
        .select_related("event__kind", "event__document")
        .order_by("-created", "-pk")
    ):
        held = found.setdefault((n.event.batch, n.event.kind_id), [])
        if len(held) < GROUP_FROM:
            held.append(n)
    out = []
    for g in page:
        key = (g["event__batch"], g["event__kind_id"])
        row = Row(kinds[key[1]], key[0], g["n"], g["unread"], g["latest"], found.get(key, []))
        if row.grouped:
            row.notifications = row.notifications[:3]
            out.append(row)
        else:
            # A small group is shown one by one, each with its own row.
            out += [Row.single(n) for n in row.notifications]
    return out
