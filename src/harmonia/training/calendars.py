"""The programme as iCalendar (RFC 5545): its sessions for anyone who sees the
programme, and a participant's own feed (their sessions and deadlines: the
pre-assessments, the post-assessments and feedback, the follow-ups) at a secret
address a calendar program can subscribe to without signing in."""

from __future__ import annotations

import hmac

from harmonia.ical import all_day, calendar, text, utc, vevent

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


def _session(session: Session, host: str) -> list[str]:
    where = session.room or session.online_link
    description = f"{session.module.title}" + (
        f"\nTrainers: {session.trainers}" if session.trainers else ""
    )
    return vevent(
        f"training-session-{session.pk}@{host}",
        session.title,
        [
            f"DTSTART:{utc(session.starts_at)}",
            f"DTEND:{utc(session.ends_at)}",
            *([f"LOCATION:{text(where)}"] if where else []),
            f"DESCRIPTION:{text(description)}",
        ],
    )


def _sessions(programme: Programme) -> list[Session]:
    return list(
        Session.objects.filter(module__programme=programme)
        .select_related("module")
        .order_by("starts_at", "pk")
    )


def programme_calendar(programme: Programme, host: str) -> bytes:
    return calendar(programme.title, (_session(s, host) for s in _sessions(programme)), PRODID)


def participant_calendar(participant: Participant, host: str) -> bytes:
    """The sessions, and the last day of each assessment and follow-up."""
    programme = participant.programme
    events = [_session(s, host) for s in _sessions(programme)]
    for module in Module.objects.filter(programme=programme):
        if module.questions.exists():
            _opens, closes = window(module, "pre")
            events.append(
                all_day(
                    f"training-pre-{module.pk}-{participant.pk}@{host}",
                    f"Pre-assessment due: {module.title}",
                    local(programme, closes).date(),
                )
            )
    events.append(
        all_day(
            f"training-post-{programme.pk}-{participant.pk}@{host}",
            f"Post-assessments and feedback close: {programme.title}",
            closes_on(programme),
        )
    )
    for month in (3, 6):
        events.append(
            all_day(
                f"training-follow-up-{month}-{participant.pk}@{host}",
                f"{month}-month follow-up of your action plan: {programme.title}",
                follow_up_due(programme, month),
            )
        )
    return calendar(f"{programme.title} — {participant.name}", events, PRODID)
