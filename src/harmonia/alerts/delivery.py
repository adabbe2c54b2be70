"""From events to people: fan-out to followers, e-mail now or in digests, sending.

Every step can run twice without effect: notifications are unique per person and
event, deliveries per key, and a delivery's state decides whether it may be sent.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import Any

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.db.models import F, Q
from django.template.loader import render_to_string
from django.utils import timezone, translation

from . import mailer, matching
from .inbox import changes_in
from .links import absolute, unsubscribe_url
from .models import Delivery, Event, Job, Notification, Subscriber
from .queue import MAX_ATTEMPTS, backoff, enqueue, using_redis
from .reading import notifications_in_reader_language

DIGEST_PERIODS = {"daily": dt.timedelta(days=1), "weekly": dt.timedelta(days=7)}


def subscriber(user: Any) -> Subscriber:
    return Subscriber.objects.get_or_create(user=user)[0]


def fan_out(batch: str) -> int:
    """Tell each follower of the batch's events (and each person in an event's audience);
    returns the number of notifications made."""
    events = list(Event.objects.filter(batch=batch, fanned_out=False).order_by("pk"))
    if not events:
        return 0
    reasons = matching.recipients(events)
    active = set(
        get_user_model()
        .objects.filter(pk__in={u for people in reasons.values() for u in people}, is_active=True)
        .values_list("pk", flat=True)
    )
    with transaction.atomic():
        Notification.objects.bulk_create(
            [
                Notification(user_id=user, event=event, reason=reason[:500])
                for event in events
                for user, reason in reasons.get(event.pk, {}).items()
                if user in active
            ],
            batch_size=1000,
            ignore_conflicts=True,
        )
        mailed = [e.pk for e in events if e.mail]
        modes = dict(Subscriber.objects.filter(user_id__in=active).values_list("user_id", "mode"))
        unsubscribed = set(
            Subscriber.objects.filter(
                user_id__in=active, unsubscribed_at__isnull=False
            ).values_list("user_id", flat=True)
        )
        pending = Notification.objects.filter(
            event_id__in=mailed, delivery__isnull=True, for_digest=False
        )
        now_users: set[int] = set()
        digest_users: set[int] = set()
        for user in pending.order_by().values_list("user_id", flat=True).distinct():
            mode = modes.get(user, "immediate")
            if user in unsubscribed or mode == "none":
                continue
            (now_users if mode == "immediate" else digest_users).add(user)
        pending.filter(user_id__in=digest_users).update(for_digest=True)
        new = []
        for user in sorted(now_users):
            delivery, created = Delivery.objects.get_or_create(
                key=f"{batch}:{user}"[:120], defaults={"user_id": user}
            )
            pending.filter(user_id=user).update(delivery=delivery)
            if created:
                new.append(delivery.pk)
        Event.objects.filter(pk__in=[e.pk for e in events]).update(fanned_out=True)
        for pk in new:
            enqueue("alerts.send", delivery=pk)
    return sum(len(r) for r in reasons.values())


def send_digests(now: dt.datetime | None = None) -> list[int]:
    """Make the digests that are due: a person's daily or weekly e-mail of what was
    waiting for it. Returns the new deliveries."""
    now = now or timezone.now()
    made = []
    for sub in Subscriber.objects.filter(mode__in=list(DIGEST_PERIODS), unsubscribed_at=None):
        last = sub.digest_sent_at or sub.created
        # A few minutes' grace: the clock's ticks come a little later each time.
        if now - last < DIGEST_PERIODS[sub.mode] - dt.timedelta(minutes=5):
            continue
        with transaction.atomic():
            claimed = Subscriber.objects.filter(pk=sub.pk, digest_sent_at=sub.digest_sent_at)
            if not claimed.update(digest_sent_at=now):
                continue  # another worker made it
            waiting = Notification.objects.filter(
                user_id=sub.user_id, for_digest=True, delivery__isnull=True
            )
            if not waiting.exists():
                continue
            delivery = Delivery.objects.create(
                user_id=sub.user_id,
                key=f"digest:{sub.user_id}:{now:%Y%m%dT%H%M%S}",
                digest=True,
            )
            waiting.update(delivery=delivery)
            enqueue("alerts.send", delivery=delivery.pk)
            made.append(delivery.pk)
    return made


def compose(delivery: Delivery, sub: Subscriber | None = None) -> EmailMultiAlternatives:
    user = delivery.user
    sub = sub or subscriber(user)
    items = list(
        delivery.notifications.select_related("event__kind", "event__document").order_by(
            "event__occurred", "pk"
        )
    )
    with translation.override(sub.language):
        notifications_in_reader_language(items)
        context = {
            "user": user,
            "items": items,
            "changes": changes_in(items),
            "delivery": delivery,
            "period": sub.mode if delivery.digest else "",
            "site": settings.SITE_URL,
            "unsubscribe": unsubscribe_url(user),
            "manage": absolute("alerts:settings"),
            "absolute": absolute,
        }
        subject = render_to_string("alerts/mail_subject.txt", context).strip()
        text = render_to_string("alerts/mail.txt", context)
    digest = hashlib.sha256(delivery.key.encode()).hexdigest()[:16]
    message = EmailMultiAlternatives(
        subject=" ".join(subject.split())[:200],
        body=text,
        to=[user.email],
        headers={
            "Message-ID": f"<alerts.{delivery.pk}.{digest}@harmonia>",
            "List-Unsubscribe": f"<{context['unsubscribe']}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
            "Auto-Submitted": "auto-generated",
        },
    )
    return message


def send(delivery: int) -> str:
    """Send one delivery, at most once; returns its state after this attempt. A failure
    before the message was handed over is raised, for the queue to retry after back-off."""
    now = timezone.now()
    lease = now + dt.timedelta(seconds=settings.MAIL_LEASE_SECONDS)
    due = Q(state="queued") & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
    stale = Q(state="sending", claimed_until__lt=now)
    claimed = (
        Delivery.objects.filter(pk=delivery)
        .filter(due | stale)
        .update(state="sending", claimed_until=lease, attempts=F("attempts") + 1)
    )
    if not claimed:
        # A worker died after handing the message over: the server has it.
        Delivery.objects.filter(pk=delivery, state="handed", claimed_until__lt=now).update(
            state="sent", unconfirmed=True, sent_at=now
        )
        row = Delivery.objects.filter(pk=delivery).values_list("state", flat=True).first()
        return row or "gone"
    d = Delivery.objects.select_related("user").get(pk=delivery)
    sub = subscriber(d.user)
    unwanted = not d.user.email or not d.user.is_active or sub.unsubscribed_at or sub.mode == "none"
    if unwanted or not d.notifications.exists():
        Delivery.objects.filter(pk=d.pk).update(state="skipped", claimed_until=None)
        return "skipped"
    message = compose(d, sub)
    mine = Delivery.objects.filter(pk=d.pk, state="sending", claimed_until=lease)

    def hand_over() -> bool:
        return bool(mine.update(state="handed", message_id=message.extra_headers["Message-ID"]))

    handed = Delivery.objects.filter(pk=d.pk, state="handed", claimed_until=lease)
    try:
        mailer.send(message, hand_over)
    except mailer.Abandoned:
        return "abandoned"
    except mailer.Uncertain as exc:
        handed.update(state="sent", unconfirmed=True, sent_at=timezone.now(), error=str(exc))
        return "sent"
    except mailer.Refused as exc:
        Delivery.objects.filter(pk=d.pk, claimed_until=lease).update(
            state="failed", error=str(exc)[:2000], claimed_until=None
        )
        return "failed"
    except Exception as exc:
        # Nothing reached the server (or it answered no): free for the next attempt.
        attempts = d.attempts
        final = attempts >= MAX_ATTEMPTS
        Delivery.objects.filter(pk=d.pk, claimed_until=lease).update(
            state="failed" if final else "queued",
            error=f"{type(exc).__name__}: {exc}"[:2000],
            claimed_until=None,
            retry_at=None if final else now + dt.timedelta(seconds=backoff(attempts)),
        )
        if final:
            return "failed"
        raise
    handed.update(state="sent", sent_at=timezone.now(), claimed_until=None, error="")
    return "sent"


def sweep(now: dt.datetime | None = None) -> int:
    """Queue a send for every delivery left behind: by a worker that died (its lease ran
    out), or by a broker that lost the job. Run by the clock and when a worker starts."""
    now = now or timezone.now()
    stale = Q(state__in=["sending", "handed"], claimed_until__lt=now)
    lost = Q(pk__in=[])
    if using_redis():
        # Rows in the database queue are never lost; a broker's job may be.
        lost = (
            Q(state="queued", attempts__lt=MAX_ATTEMPTS)
            & Q(created__lte=now - dt.timedelta(minutes=2))
            & (Q(retry_at__isnull=True) | Q(retry_at__lte=now))
        )
    count = 0
    for pk in Delivery.objects.filter(stale | lost).values_list("pk", flat=True)[:1000]:
        enqueue("alerts.send", delivery=pk)
        count += 1
    # Finished jobs are kept a week, to be looked at in the admin.
    Job.objects.filter(state="done", finished__lt=now - dt.timedelta(days=7)).delete()
    if using_redis():
        unfanned = Event.objects.filter(
            fanned_out=False, occurred__lte=now - dt.timedelta(minutes=2)
        )
        for batch in unfanned.order_by("batch").values_list("batch", flat=True).distinct()[:100]:
            enqueue("alerts.fan_out", batch=batch)
    return count


def unread_count(user: Any) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()
