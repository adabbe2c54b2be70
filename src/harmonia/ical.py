"""iCalendar (RFC 5545) text: the few parts Harmonia writes, for the training
calendars and the alerts' calendar of deadlines."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils import timezone


def text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def fold(line: str) -> list[str]:
    """Lines of at most 75 octets, continued with a leading space (RFC 5545, 3.1)."""
    out, current = [], ""
    for char in line:
        limit = 75 if not out else 74
        if len((current + char).encode()) > limit:
            out.append(current)
            current = char
        else:
            current += char
    out.append(current)
    return [out[0], *(" " + rest for rest in out[1:])]


def utc(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def vevent(uid: str, summary: str, lines: Iterable[str]) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{utc(timezone.now())}",
        f"SUMMARY:{text(summary)}",
        *lines,
        "END:VEVENT",
    ]


def all_day(uid: str, summary: str, day: dt.date) -> list[str]:
    return vevent(
        uid,
        summary,
        [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",
        ],
    )


def calendar(name: str, events: Iterable[list[str]], prodid: str) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{prodid}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{text(name)}",
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(folded for line in lines for folded in fold(line)) + "\r\n").encode()
