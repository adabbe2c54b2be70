"""Capacity building: an international training programme a body hosts, its modules
and sessions, the bodies invited with their quota, the participants they nominate,
attendance per session, and certificates of completion that anyone can verify.

Participants' personal data (e-mail, needs) is the host's and their own; the audit
trail records that it changed, never its values."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from harmonia.catalogue.models import Body


class Programme(models.Model):
    title = models.CharField(max_length=300)
    host = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="hosted_programmes")
    partners = models.CharField(max_length=500, blank=True)
    # The framework it serves, e.g. ISO's Action Plan for developing countries 2021-2025.
    framework = models.CharField(max_length=300, blank=True)
    venue = models.CharField(max_length=300, blank=True)
    time_zone = models.CharField(max_length=60, default="Asia/Ho_Chi_Minh")
    starts_on = models.DateField()
    ends_on = models.DateField()
    languages = models.JSONField(default=list, blank=True)
    nominations_close = models.DateField(null=True, blank=True)
    # Share of the sessions a participant must attend to be certified.
    attendance_threshold = models.PositiveSmallIntegerField(default=80)
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-starts_on", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(ends_on__gte=models.F("starts_on")), name="programme_dates"
            ),
            models.CheckConstraint(
                condition=models.Q(attendance_threshold__lte=100), name="threshold_is_a_share"
            ),
        ]

    def __str__(self) -> str:
        return self.title


class Module(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="modules")
    position = models.PositiveSmallIntegerField()
    title = models.CharField(max_length=300)

    class Meta:
        ordering = ["programme", "position"]
        unique_together = [("programme", "position")]

    def __str__(self) -> str:
        return self.title


class Session(models.Model):
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="sessions")
    title = models.CharField(max_length=300)
    starts_at = models.DateTimeField()
    ends_at = models.DateTimeField()
    room = models.CharField(max_length=200, blank=True)
    online_link = models.URLField(blank=True)
    trainers = models.CharField(max_length=300, blank=True)
    materials = models.TextField(blank=True)

    class Meta:
        ordering = ["starts_at", "pk"]

    def __str__(self) -> str:
        return self.title


class ProgrammeBody(models.Model):
    """A body the host invited, with how many participants it may send and its focal
    point (who manages its nominations)."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="bodies")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    quota = models.PositiveSmallIntegerField(default=2)
    focal_point = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    invited_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "body__code"]
        unique_together = [("programme", "body")]

    def __str__(self) -> str:
        return f"{self.programme_id}: {self.body_id}"


class Participant(models.Model):
    STATUS_CHOICES = [
        ("nominated", "nominated"),
        ("accepted", "accepted"),
        ("declined", "declined"),
    ]
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="participants")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    name = models.CharField(max_length=200)
    position = models.CharField(max_length=200, blank=True)
    gender = models.CharField(max_length=20, blank=True)
    email = models.EmailField()
    arrival = models.DateField(null=True, blank=True)
    departure = models.DateField(null=True, blank=True)
    dietary = models.CharField(max_length=300, blank=True)
    accessibility = models.CharField(max_length=300, blank=True)
    status = models.CharField(max_length=10, choices=STATUS_CHOICES, default="nominated")
    nominated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["programme", "body__code", "name"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "email"], name="one_nomination_per_email")
        ]

    def __str__(self) -> str:
        return self.name


class Attendance(models.Model):
    METHOD_CHOICES = [("organiser", "checked in by the organiser"), ("code", "room code")]
    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="attendance")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="attendance"
    )
    at = models.DateTimeField(default=timezone.now)
    method = models.CharField(max_length=10, choices=METHOD_CHOICES)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "participant"], name="attend_once")
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} at {self.session_id}"


class Certificate(models.Model):
    participant = models.OneToOneField(
        Participant, on_delete=models.PROTECT, related_name="certificate"
    )
    # Random and unguessable: the public verification page answers for it alone.
    code = models.CharField(max_length=40, unique=True)
    issued_on = models.DateField(default=timezone.localdate)
    attendance_percent = models.PositiveSmallIntegerField()

    class Meta:
        ordering = ["participant__name"]

    def __str__(self) -> str:
        return self.code

    def get_absolute_url(self) -> str:
        return reverse("certificates:verify", args=[self.code])


class ActionItem(models.Model):
    """One action of a participant's plan for their own body, after the programme."""

    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="actions")
    action = models.CharField(max_length=500)
    owner = models.CharField(max_length=200)
    due = models.DateField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["participant", "due", "pk"]

    def __str__(self) -> str:
        return self.action


class FollowUp(models.Model):
    """Progress on an action at a follow-up (3 and 6 months after the programme)."""

    MONTHS = (3, 6)
    item = models.ForeignKey(ActionItem, on_delete=models.CASCADE, related_name="follow_ups")
    month = models.PositiveSmallIntegerField()
    progress = models.PositiveSmallIntegerField(help_text="percent done")
    note = models.TextField(blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["item", "month"]
        constraints = [
            models.UniqueConstraint(fields=["item", "month"], name="one_follow_up_per_month"),
            models.CheckConstraint(condition=models.Q(progress__lte=100), name="progress_share"),
        ]

    def __str__(self) -> str:
        return f"{self.item_id} at {self.month} months: {self.progress}%"
