"""Scheduled backups: when HARMONIA_BACKUP_DIR is set, the worker takes one a day and
keeps 7 daily, 4 weekly and 12 monthly ones. Backups taken by hand, and the safety
backups a restore takes, are never removed."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from .backup import default_dir, make_backup

LABEL = "daily"
NAME = re.compile(r"^harmonia-backup-(\d{8}T\d{6})(\d*)Z(?:-([\w-]+))?\.tar$")
EVERY = dt.timedelta(hours=24)
KEEP_DAILY, KEEP_WEEKLY, KEEP_MONTHLY = 7, 4, 12


@dataclass(frozen=True)
class Found:
    path: Path
    made: dt.datetime
    label: str


def backups(directory: Path | None = None) -> list[Found]:
    """The whole backups of the directory, newest first (a file is renamed to its name
    only once it is whole)."""
    directory = directory or default_dir()
    if not directory.is_dir():
        return []
    found = []
    for path in directory.iterdir():
        match = NAME.match(path.name)
        if match and path.is_file():
            made = dt.datetime.strptime(match[1], "%Y%m%dT%H%M%S").replace(tzinfo=dt.UTC)
            found.append(Found(path, made, match[3] or ""))
    return sorted(found, key=lambda f: f.made, reverse=True)


def last_backup(directory: Path | None = None) -> Found | None:
    found = backups(directory)
    return found[0] if found else None


def to_keep(found: list[Found]) -> set[Path]:
    """Of the scheduled backups (newest first): the newest of each of the last 7 days,
    4 ISO weeks and 12 months that have one."""
    keep: set[Path] = set()
    for key, count in (
        (lambda f: f.made.date(), KEEP_DAILY),
        (lambda f: f.made.isocalendar()[:2], KEEP_WEEKLY),
        (lambda f: (f.made.year, f.made.month), KEEP_MONTHLY),
    ):
        seen: list[object] = []
        for backup in found:
            period = key(backup)
            if period not in seen:
                seen.append(period)
                if len(seen) > count:
                    break
                keep.add(backup.path)
    return keep


def run_scheduled(now: dt.datetime | None = None) -> str:
    """The worker's hourly call: a backup when the last scheduled one is a day old, then
    the retention. Returns what it did."""
    if not settings.BACKUP_DIR:
        return "scheduled backups are off (HARMONIA_BACKUP_DIR is not set)"
    now = now or dt.datetime.now(dt.UTC)
    scheduled = [f for f in backups() if f.label == LABEL]
    if scheduled and now - scheduled[0].made < EVERY - dt.timedelta(minutes=5):
        return f"last scheduled backup {scheduled[0].path.name} is recent"
    made = make_backup(label=LABEL)
    scheduled = [f for f in backups() if f.label == LABEL]
    keep = to_keep(scheduled)
    removed = [f.path for f in scheduled if f.path not in keep]
    for path in removed:
        path.unlink(missing_ok=True)
    return f"{made.summary()}; {len(removed)} older scheduled backups removed"
