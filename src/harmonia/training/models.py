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
from django.utils.translation import gettext_lazy as _lazy

from harmonia.catalogue.models import Body


class Framework(models.Model):
    """What a programme serves, e.g. ISO's Action Plan for developing countries
    2021-2025, with its period and the outcome indicators it sets targets for."""

    name = models.CharField(max_length=300, unique=True)
    starts_year = models.PositiveSmallIntegerField(null=True, blank=True)
    ends_year = models.PositiveSmallIntegerField(null=True, blank=True)
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Programme(models.Model):
    title = models.CharField(max_length=300)
    host = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="hosted_programmes")
    framework = models.ForeignKey(
        Framework, null=True, blank=True, on_delete=models.PROTECT, related_name="programmes"
    )
    venue = models.CharField(max_length=300, blank=True)
    time_zone = models.CharField(max_length=60, default="Asia/Ho_Chi_Minh")
    starts_on = models.DateField()
    ends_on = models.DateField()
    languages = models.JSONField(default=list, blank=True)
    nominations_close = models.DateField(null=True, blank=True)
    # Share of the sessions a participant must attend to be certified.
    attendance_threshold = models.PositiveSmallIntegerField(default=80)
    # Post-assessments and the programme's feedback close then (default: 14 days on).
    assessments_close = models.DateField(null=True, blank=True)
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


class Partner(models.Model):
    """An organisation the programme is run with (ISO's capacity-building unit, a donor,
    a regional body), and what it brings."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="partners")
    name = models.CharField(max_length=300)
    role = models.CharField(max_length=300, blank=True)

    class Meta:
        ordering = ["programme", "pk"]

    def __str__(self) -> str:
        return self.name


class Indicator(models.Model):
    """An outcome indicator of the framework with the target this programme contributes;
    its value is one of the dashboard's measures, or recorded by the organisers."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="indicators")
    code = models.CharField(max_length=20)
    name = models.CharField(max_length=300)
    measure = models.CharField(max_length=40)
    target = models.DecimalField(max_digits=9, decimal_places=2)
    recorded = models.DecimalField(max_digits=9, decimal_places=2, null=True, blank=True)

    class Meta:
        ordering = ["programme", "code"]
        unique_together = [("programme", "code")]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


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
        ("nominated", _lazy("nominated")),
        ("accepted", _lazy("accepted")),
        ("declined", _lazy("declined")),
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


class Material(models.Model):
    """A session's handout or slides: a file kept in the database, or a link."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="materials")
    title = models.CharField(max_length=300)
    url = models.URLField(blank=True)
    content = models.BinaryField(blank=True)
    file_name = models.CharField(max_length=200, blank=True)
    content_type = models.CharField(max_length=100, blank=True)
    added_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["session", "pk"]

    def __str__(self) -> str:
        return self.title


class Announcement(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="announcements")
    title = models.CharField(max_length=300)
    text = models.TextField()
    posted_at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    mailed = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-posted_at", "-pk"]

    def __str__(self) -> str:
        return self.title


class Question(models.Model):
    """A multiple-choice question of a module's assessment; the same questions are asked
    before the module (pre) and after it (post), so the two scores compare."""

    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    text = models.CharField(max_length=1000)
    choices = models.JSONField()
    correct = models.PositiveSmallIntegerField(help_text="index of the right choice, from 0")
    points = models.PositiveSmallIntegerField(default=1)

    class Meta:
        ordering = ["module", "position"]
        unique_together = [("module", "position")]

    def __str__(self) -> str:
        return self.text


class AssessmentResponse(models.Model):
    KINDS = (("pre", "pre"), ("post", "post"))
    module = models.ForeignKey(Module, on_delete=models.CASCADE, related_name="responses")
    participant = models.ForeignKey(
        Participant, on_delete=models.CASCADE, related_name="assessments"
    )
    kind = models.CharField(max_length=4, choices=KINDS)
    # {question id (text): index chosen}
    answers = models.JSONField(default=dict)
    score = models.PositiveSmallIntegerField()
    out_of = models.PositiveSmallIntegerField()
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["module", "participant", "kind"]
        constraints = [
            models.UniqueConstraint(
                fields=["module", "participant", "kind"], name="one_assessment_of_a_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} {self.kind} {self.module_id}: {self.score}/{self.out_of}"

    @property
    def percent(self) -> float:
        return 100 * self.score / self.out_of if self.out_of else 0.0


class FeedbackCriterion(models.Model):
    """What a feedback form asks to rate from 1 to 5, for a session or the programme:
    a data table, so a host adds its own questions without code."""

    SCOPES = (("session", "session"), ("programme", "programme"))
    slug = models.SlugField(max_length=40, unique=True)
    name = models.CharField(max_length=200)
    scope = models.CharField(max_length=10, choices=SCOPES)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.CharField(max_length=500, blank=True)

    class Meta:
        ordering = ["scope", "position", "slug"]
        verbose_name_plural = "feedback criteria"

    def __str__(self) -> str:
        return self.name


class Feedback(models.Model):
    """A participant's feedback on a session, or on the whole programme (no session).
    Organisers read the results and the free text without the names."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="feedback")
    session = models.ForeignKey(
        Session, null=True, blank=True, on_delete=models.CASCADE, related_name="feedback"
    )
    participant = models.ForeignKey(Participant, on_delete=models.CASCADE, related_name="feedback")
    comment = models.TextField(blank=True)
    submitted_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["programme", "session", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["participant", "session"], name="one_feedback_per_session"
            ),
            models.UniqueConstraint(
                fields=["participant"],
                condition=models.Q(session__isnull=True),
                name="one_programme_feedback",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.participant_id} on {self.session_id or 'the programme'}"


class Rating(models.Model):
    feedback = models.ForeignKey(Feedback, on_delete=models.CASCADE, related_name="ratings")
    criterion = models.ForeignKey(FeedbackCriterion, on_delete=models.PROTECT, related_name="+")
    value = models.PositiveSmallIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["feedback", "criterion"], name="rate_once"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1, value__lte=5), name="rating_1_to_5"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion_id}={self.value}"


class Reminder(models.Model):
    """A reminder sent, so that running the reminders again (or after a crash) never
    mails the same deadline to the same person twice."""

    key = models.CharField(max_length=200, unique=True)
    email = models.EmailField()
    sent_at = models.DateTimeField(default=timezone.now)

    def __str__(self) -> str:
        return self.key
