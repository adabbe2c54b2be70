"""A person's notifications as an Atom feed (RFC 4287) and their deadlines as an
iCalendar feed, at secret addresses a feed reader or calendar program fetches without
signing in. The secret is the person's feed token; making a new one ends the old one."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.utils import timezone, translation
from django.utils.feedgenerator import Atom1Feed
from django.utils.translation import gettext as _

from harmonia.ical import all_day, calendar, utc, vevent

from .links import absolute
from .models import Notification, Subscriber
from .reading import notifications_in_reader_language

FEED_ENTRIES = 100
PRODID = "-//Harmonia//Alerts//EN"


def subscriber_for(token: str) -> Subscriber | None:
    if not token or len(token) > 64:
        return None
    return (
        Subscriber.objects.select_related("user")
        .filter(feed_token=token, user__is_active=True)
        .first()
    )


def _notifications(user: Any) -> Any:
    return Notification.objects.filter(user=user).select_related("event__kind", "event__document")


def atom(sub: Subscriber) -> bytes:
    items = list(_notifications(sub.user).order_by("-created", "-pk")[:FEED_ENTRIES])
    inbox = absolute("alerts:inbox")
    with translation.override(sub.language):
        notifications_in_reader_language(items)
        feed = Atom1Feed(
            title=_("Harmonia: what you follow"),
            link=inbox,
            description="",
            feed_url=absolute("alerts:feed", sub.feed_token),
            author_name="Harmonia",
        )
        for n in items:
            e = n.event
            feed.add_item(
                title=f"{_(e.kind.name)}: {e.shown_title}",
                link=absolute(e.url) if e.url.startswith("/") else inbox,
                description=" — ".join(filter(None, [e.shown_summary, n.why])),
                unique_id=f"{inbox}#event-{e.pk}",
                pubdate=n.created,
                updateddate=n.created,
                categories=[e.kind_id],
            )
        return feed.writeString("utf-8").encode()


def ics(sub: Subscriber, host: str) -> bytes:
    """The deadlines among the person's notifications: enquiries and ballots closing,
    reviews due; from 60 days ago on."""
    since = timezone.now() - dt.timedelta(days=60)
    items = (
        _notifications(sub.user)
        .filter(event__due__isnull=False, event__due__gte=since)
        .order_by("event__due", "pk")
    )
    seen: set[str] = set()
    events = []
    with translation.override(sub.language):
        items = list(items)
        notifications_in_reader_language(items)
        for n in items:
            e = n.event
            # "Opened" and "closing soon" name one deadline: it is in the calendar once.
            uid = f"{e.url or e.key}|{e.due:%Y%m%d}"
            if uid in seen:
                continue
            seen.add(uid)
            what = _("Closes") if e.kind_id.startswith(("enquiry", "ballot")) else _("Due")
            summary = f"{what}: {e.shown_title}"
            link = absolute(e.url) if e.url.startswith("/") else ""
            if e.kind_id == "review-due":
                events.append(all_day(f"alerts-{e.pk}@{host}", summary, e.due.date()))  # type: ignore[union-attr]
            else:
                events.append(
                    vevent(
                        f"alerts-{e.pk}@{host}",
                        summary,
                        [
                            f"DTSTART:{utc(e.due)}",  # type: ignore[arg-type]
                            f"DTEND:{utc(e.due)}",  # type: ignore[arg-type]
                            *([f"URL:{link}"] if link else []),
                        ],
                    )
                )
        name = _("Harmonia deadlines")
    return calendar(name, events, PRODID)
