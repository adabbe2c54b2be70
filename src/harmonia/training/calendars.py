"""The programme as iCalendar (RFC 5545): its sessions for anyone who sees the
programme, and a participant's own feed (their sessions and deadlines: the
pre-assessments, the post-assessments and feedback, the follow-ups) at a secret
address a calendar program can subscribe to without signing in."""

from __future__ import annotations

import datetime as dt
import hmac
from collections.abc import Iterable

from django.utils import timezone

from .assessments import closes_on, window
from .models import Module, Participant, Programme, Session
from .services import follow_up_due, keyed, local

PRODID = "-//Harmonia//Capacity building//EN"


def feed_token(participant: Participant) -> str:
    digest = keyed(f"training-calendar:{participant.pk}").hexdigest()
    return f"{participant.pk}-{digest[:32]}"


def participant_for(token: str) -> Participant | None:
    pk, _, _digest = token.partition("-")
    if not pk.isdigit():
        return None
    participant = Participant.objects.select_related("programme__host").filter(pk=int(pk)).first()
    if participant is None or not hmac.compare_digest(feed_token(participant), token):
        return None
    return participant


def _text(value: str) -> str:
    return value.replace("\\", "\\\\").replace(";", "\\;").replace(",", "\\,").replace("\n", "\\n")


def _fold(line: str) -> list[str]:
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


def _utc(at: dt.datetime) -> str:
    return at.astimezone(dt.UTC).strftime("%Y%m%dT%H%M%SZ")


def _event(uid: str, summary: str, lines: Iterable[str]) -> list[str]:
    return [
        "BEGIN:VEVENT",
        f"UID:{uid}",
        f"DTSTAMP:{_utc(timezone.now())}",
        f"SUMMARY:{_text(summary)}",
        *lines,
        "END:VEVENT",
    ]


def _session(session: Session, host: str) -> list[str]:
    where = session.room or session.online_link
    description = f"{session.module.title}" + (
        f"\nTrainers: {session.trainers}" if session.trainers else ""
    )
    return _event(
        f"training-session-{session.pk}@{host}",
        session.title,
        [
            f"DTSTART:{_utc(session.starts_at)}",
            f"DTEND:{_utc(session.ends_at)}",
            *([f"LOCATION:{_text(where)}"] if where else []),
            f"DESCRIPTION:{_text(description)}",
        ],
    )


def _deadline(uid: str, summary: str, day: dt.date) -> list[str]:
    return _event(
        uid,
        summary,
        [
            f"DTSTART;VALUE=DATE:{day:%Y%m%d}",
            f"DTEND;VALUE=DATE:{day + dt.timedelta(days=1):%Y%m%d}",
            "TRANSP:TRANSPARENT",
        ],
    )


def _calendar(name: str, events: Iterable[list[str]]) -> bytes:
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        f"PRODID:{PRODID}",
        "CALSCALE:GREGORIAN",
        "METHOD:PUBLISH",
        f"X-WR-CALNAME:{_text(name)}",
    ]
    for event in events:
        lines.extend(event)
    lines.append("END:VCALENDAR")
    return ("\r\n".join(folded for line in lines for folded in _fold(line)) + "\r\n").encode()


def _sessions(programme: Programme) -> list[Session]:
    return list(
        Session.objects.filter(module__programme=programme)
        .select_related("module")
        .order_by("starts_at", "pk")
    )


def programme_calendar(programme: Programme, host: str) -> bytes:
    return _calendar(programme.title, (_session(s, host) for s in _sessions(programme)))


def participant_calendar(participant: Participant, host: str) -> bytes:
    """The sessions, and the last day of each assessment and follow-up."""
    programme = participant.programme
    events = [_session(s, host) for s in _sessions(programme)]
    for module in Module.objects.filter(programme=programme):
        if module.questions.exists():
            _opens, closes = window(module, "pre")
            events.append(
                _deadline(
                    f"training-pre-{module.pk}-{participant.pk}@{host}",
                    f"Pre-assessment due: {module.title}",
                    local(programme, closes).date(),
                )
            )
    events.append(
        _deadline(
            f"training-post-{programme.pk}-{participant.pk}@{host}",
            f"Post-assessments and feedback close: {programme.title}",
            closes_on(programme),
        )
    )
    for month in (3, 6):
        events.append(
            _deadline(
                f"training-follow-up-{month}-{participant.pk}@{host}",
                f"{month}-month follow-up of your action plan: {programme.title}",
                follow_up_due(programme, month),
            )
        )
    return _calendar(f"{programme.title} — {participant.name}", events)
