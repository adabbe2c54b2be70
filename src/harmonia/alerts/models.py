"""Alerts: follows, events, notifications, deliveries and the database job queue.

An event is recorded once (its `key` is unique) with the change it came from; each
follower gets one notification of it; e-mail goes out as deliveries, one per person
and source change (or per digest), whose state makes a send happen at most once.
"""

from __future__ import annotations

import secrets

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from harmonia.catalogue.models import Body, Committee


class EventKind(models.Model):
    """A kind of change people can be told of; seeded from data/event_kinds.json."""

    slug = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=100)
    # Deadline kinds carry a date and go into the iCalendar feed.
    deadline = models.BooleanField(default=False)
    # For "closing soon" kinds: how many days before the date the event is recorded.
    soon_days = models.PositiveSmallIntegerField(null=True, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


def new_token() -> str:
    return secrets.token_urlsafe(24)


class Subscriber(models.Model):
    """A person's delivery choices and the secret of their feeds."""

    MODES = [
        ("immediate", _("at once, one e-mail per change")),
        ("daily", _("a daily digest")),
        ("weekly", _("a weekly digest")),
        ("none", _("no e-mail (in the app and feeds only)")),
    ]
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_settings"
    )
    mode = models.CharField(max_length=10, choices=MODES, default="immediate")
    language = models.CharField(max_length=8, choices=settings.LANGUAGES, default="en")
    feed_token = models.CharField(max_length=64, unique=True, default=new_token)
    digest_sent_at = models.DateTimeField(null=True, blank=True)
    unsubscribed_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return f"{self.user} ({self.mode})"


class FollowList(models.Model):
    """An organisation's list of the standards it uses, imported from a file."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follow_lists"
    )
    name = models.CharField(max_length=200)
    file_name = models.CharField(max_length=255, blank=True)
    rows = models.PositiveIntegerField(default=0)
    # [{"line": 7, "value": "ISO 99999", "reason": "..."}]: rows that matched nothing
    unmatched = models.JSONField(default=list, blank=True)
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created", "pk"]

    def __str__(self) -> str:
        return self.name


class Follow(models.Model):
    KINDS = [
        ("document", _("document (this edition)")),
        ("work", _("document (any edition)")),
        ("ics", _("ICS field")),
        ("committee", _("committee")),
        ("body", _("body")),
        ("search", _("saved search")),
        ("enquiry", _("public enquiry")),
    ]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows"
    )
    kind = models.CharField(max_length=10, choices=KINDS)
    # document: canonical key; work: work key; ics: code; committee: reference;
    # body: code; search: the search's query string; enquiry: its id.
    value = models.CharField(max_length=500)
    label = models.CharField(max_length=500)
    committee = models.ForeignKey(Committee, null=True, blank=True, on_delete=models.CASCADE)
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE)
    enquiry = models.ForeignKey(
        "comments.Enquiry", null=True, blank=True, on_delete=models.CASCADE, related_name="+"
    )
    follow_list = models.ForeignKey(
        FollowList, null=True, blank=True, on_delete=models.SET_NULL, related_name="follows"
    )
    created = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["kind", "label", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "value"], name="follow_once")
        ]
        indexes = [models.Index(fields=["kind", "value"])]

    def __str__(self) -> str:
        return f"{self.kind}: {self.label}"


class Event(models.Model):
    """One change, recorded once, with what it is about and where it came from."""

    key = models.CharField(max_length=255, unique=True)
    kind = models.ForeignKey(EventKind, on_delete=models.PROTECT)
    occurred = models.DateTimeField(default=timezone.now, db_index=True)
    # The source change: "import" (an ImportRun), "project-event", "adoption",
    # "scan" (a deadline found by the periodic scan), with its id.
    source = models.CharField(max_length=20)
    source_id = models.CharField(max_length=40, blank=True)
    # Events of one source change reach a person as one e-mail.
    batch = models.CharField(max_length=80, db_index=True)
    title = models.CharField(max_length=500)
    summary = models.TextField(blank=True)
    url = models.CharField(max_length=500, blank=True)
    due = models.DateTimeField(null=True, blank=True)
    # What the event is about, for matching follows.
    document = models.ForeignKey(
        "catalogue.Document", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Canonical keys and work keys (any edition) of the documents it concerns.
    keys = models.JSONField(default=list, blank=True)
    works = models.JSONField(default=list, blank=True)
    ics = models.JSONField(default=list, blank=True)
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    enquiry = models.ForeignKey(
        "comments.Enquiry", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    # Told to these people whether or not they follow anything (voters, participants);
    # events with an audience are not shown to followers outside it.
    audience = models.JSONField(default=list, blank=True)
    restricted = models.BooleanField(default=False)
    # Training deadlines are mailed by the training reminders already.
    mail = models.BooleanField(default=True)
    fanned_out = models.BooleanField(default=False, db_index=True)
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-occurred", "-pk"]

    def __str__(self) -> str:
        return f"{self.kind_id}: {self.title}"


class Delivery(models.Model):
    """One e-mail to one person: the events of one source change, or a digest.

    queued → sending (claimed, lease until `claimed_until`) → handed (the whole message
    is with the server, only the final "." is left: recorded before it is sent) → sent.
    A crash before "handed" leaves no message at the server (SMTP drops a message whose
    end never came), so it is sent again; a crash after it is never sent again.
    """

    STATES = [
        ("queued", _("queued")),
        ("sending", _("sending")),
        ("handed", _("handed to the mail server")),
        ("sent", _("sent")),
        ("failed", _("failed")),
        ("skipped", _("not sent")),
    ]
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_deliveries"
    )
    key = models.CharField(max_length=120, unique=True)
    digest = models.BooleanField(default=False)
    state = models.CharField(max_length=10, choices=STATES, default="queued", db_index=True)
    attempts = models.PositiveSmallIntegerField(default=0)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # After a failed attempt, not before this (the queue's back-off).
    retry_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    # Set when a worker died after "handed": the server had the message, unconfirmed.
    unconfirmed = models.BooleanField(default=False)
    message_id = models.CharField(max_length=255, blank=True)
    error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created", "-pk"]
        verbose_name_plural = "deliveries"

    def __str__(self) -> str:
        return f"{self.key} ({self.state})"


class Notification(models.Model):
    """One event for one person: the in-app list, the feed, and what e-mail carries."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="alert_notifications"
    )
    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    created = models.DateTimeField(default=timezone.now, db_index=True)
    read_at = models.DateTimeField(null=True, blank=True)
    # Which follow brought it, "kind:label" (blank for an audience event), to say why.
    reason = models.CharField(max_length=500, blank=True)
    delivery = models.ForeignKey(
        Delivery, null=True, blank=True, on_delete=models.SET_NULL, related_name="notifications"
    )
    # Waiting for the person's next digest.
    for_digest = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created", "-pk"]
        constraints = [
            models.UniqueConstraint(fields=["user", "event"], name="notify_once"),
        ]
        indexes = [models.Index(fields=["user", "for_digest"])]

    def __str__(self) -> str:
        return f"{self.user_id}: {self.event_id}"

    @property
    def why(self) -> str:
        kind, _sep, label = self.reason.partition(":")
        names = dict(Follow.KINDS)
        return f"{names[kind]}: {label}" if kind in names else ""


class Job(models.Model):
    """The embedded job queue: a row per job, claimed by one worker at a time."""

    STATES = [("queued", "queued"), ("running", "running"), ("done", "done"), ("failed", "failed")]
    name = models.CharField(max_length=60)
    payload = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=STATES, default="queued")
    attempts = models.PositiveSmallIntegerField(default=0)
    max_attempts = models.PositiveSmallIntegerField(default=6)
    run_after = models.DateTimeField(default=timezone.now)
    locked_until = models.DateTimeField(null=True, blank=True)
    locked_by = models.CharField(max_length=80, blank=True)
    created = models.DateTimeField(default=timezone.now)
    finished = models.DateTimeField(null=True, blank=True)
    last_error = models.TextField(blank=True)

    class Meta:
        ordering = ["run_after", "pk"]
        indexes = [models.Index(fields=["state", "run_after"])]

    def __str__(self) -> str:
        return f"{self.name} #{self.pk} ({self.state})"


class Tick(models.Model):
    """A periodic job's slot, taken once however many workers run the clock."""

    name = models.CharField(max_length=60)
    slot = models.CharField(max_length=40)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["name", "slot"], name="tick_once")]

    def __str__(self) -> str:
        return f"{self.name} {self.slot}"
