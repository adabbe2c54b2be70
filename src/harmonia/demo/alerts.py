"""Demo alerts: the demo people follow a few things (ISO 9001 in any edition, the
quality field, ISO/TC 176, Vietnam's body) and the scan records what the demo work
programme, enquiries, ballots and reviews hold now, so the notifications page, the
feeds and "what changed" have something to show. Invented follows of invented people;
loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction

from harmonia.catalogue.models import Body

# username, kind, value, e-mail choice
WISHES = [
    ("demo-vn-editor", "work", "ISO 9001", "daily"),
    ("demo-vn-editor", "ics", "03.120", "daily"),
    ("demo-vn-editor", "committee", "ISO/TC 176", "daily"),
    ("demo-vn-viewer", "body", "VN", "weekly"),
    ("demo-vn-viewer", "work", "ISO 14001", "weekly"),
    ("demo-vn-secretary", "ics", "13.020", "immediate"),
]


def load_demo_alerts(now: dt.datetime | None = None) -> str:
    from harmonia.alerts import delivery, events, follows
    from harmonia.alerts.models import Event, Follow, Notification, Subscriber

    users = {u.username: u for u in get_user_model().objects.filter(username__startswith="demo-")}
    if not users:
        return "demo alerts: load the demo people first"
    if Follow.objects.filter(user__in=users.values()).exists():
        return "demo alerts: already loaded"
    vn = Body.objects.filter(country_code="VN", kind="national").first()
    made = 0
    with transaction.atomic():
        for username, kind, value, mode in WISHES:
            user = users.get(username)
            if user is None:
                continue
            if kind == "body":
                if vn is None:
                    continue
                value = vn.code
            try:
                target = follows.target_for(kind, value)
            except follows.FollowError:
                continue  # not in this catalogue
            follows.follow(user, target)
            Subscriber.objects.update_or_create(user=user, defaults={"mode": mode})
            made += 1
        found = events.scan(now)
        # And what the demo catalogues' imports recorded: told now, not by a worker later.
        waiting = Event.objects.filter(fanned_out=False).order_by("batch")
        for batch in waiting.values_list("batch", flat=True).distinct():
            delivery.fan_out(batch)
    told = Notification.objects.filter(user__in=users.values()).count()
    return (
        f"demo alerts (invented follows): {made} follows, {len(found)} events found by the "
        f"scan, {Event.objects.count()} in all, {told} notifications"
    )
