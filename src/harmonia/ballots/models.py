"""Ballots: types and their approval rules as data, an electorate fixed when the
ballot opens, one response per voter and question (the database enforces it), and
every change of a vote or of the ballot's state kept as history."""

from __future__ import annotations

from fractions import Fraction

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext_lazy as _lazy

from harmonia.catalogue.models import Body, Committee, Document

from . import rules

# The title the app gives a systematic review's ballot (reviews.services), kept in
# English and shown in the reader's language.
REVIEW_TITLE = gettext_noop("Systematic review of %(identifier)s")


class BallotRule(models.Model):
    slug = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=120)
    p_threshold_num = models.PositiveSmallIntegerField()
    p_threshold_den = models.PositiveSmallIntegerField()
    p_strict = models.BooleanField(help_text="More than the threshold (majority), not at least")
    negative_limit_num = models.PositiveSmallIntegerField(null=True, blank=True)
    negative_limit_den = models.PositiveSmallIntegerField(null=True, blank=True)
    ignore_unjustified = models.BooleanField(default=False)
    min_participants_small = models.PositiveSmallIntegerField(null=True, blank=True)
    min_participants_large = models.PositiveSmallIntegerField(null=True, blank=True)
    large_committee_above = models.PositiveSmallIntegerField(default=16)
    source = models.TextField()

    class Meta:
        constraints = [
            models.CheckConstraint(
                condition=models.Q(p_threshold_den__gt=0)
                & models.Q(p_threshold_num__lte=models.F("p_threshold_den")),
                name="ballot_rule_threshold_is_a_share",
            )
        ]

    def __str__(self) -> str:
        return self.name

    def as_rule(self) -> rules.Rule:
        limit = None
        if self.negative_limit_num is not None and self.negative_limit_den:
            limit = Fraction(self.negative_limit_num, self.negative_limit_den)
        return rules.Rule(
            name=self.name,
            p_threshold=Fraction(self.p_threshold_num, self.p_threshold_den),
            p_strict=self.p_strict,
            negative_limit=limit,
            ignore_unjustified=self.ignore_unjustified,
            min_participants_small=self.min_participants_small,
            min_participants_large=self.min_participants_large,
            large_committee_above=self.large_committee_above,
            source=self.source,
        )


class BallotType(models.Model):
    ELECTORATE_CHOICES = [
        ("bodies", "member bodies of the committee (P and O)"),
        ("experts", "the committee's experts"),
        ("mirrors", "experts of the national mirror committees"),
    ]
    slug = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=120)
    rule = models.ForeignKey(BallotRule, on_delete=models.PROTECT)
    weeks = models.PositiveSmallIntegerField(help_text="Default voting period")
    electorate = models.CharField(max_length=10, choices=ELECTORATE_CHOICES)
    # P-member obligations: 0 = a missed vote counts against the member; 20 = missing
    # more than 20% of these ballots does; empty = no obligation.
    missed_limit_percent = models.PositiveSmallIntegerField(null=True, blank=True)
    # The extra question every ballot of this type asks (NP: commitment to take part).
    participation_question = models.CharField(max_length=300, blank=True)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Ballot(models.Model):
    STATE_CHOICES = [
        ("open", _lazy("open")),
        ("pending", _lazy("pending: voting closed, secretary reviewing")),
        ("closed", _lazy("closed")),
        ("cancelled", _lazy("cancelled")),
    ]
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="ballots")
    committee = models.ForeignKey(Committee, on_delete=models.PROTECT, related_name="ballots")
    type = models.ForeignKey(BallotType, on_delete=models.PROTECT)
    reference = models.CharField(max_length=100)
    title = models.CharField(max_length=500)
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="ballots"
    )
    document = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    opens_at = models.DateTimeField()
    closes_at = models.DateTimeField(db_index=True)
    # National positioning: the international ballot's own deadline.
    international_deadline = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default="open", db_index=True)
    p_members = models.PositiveSmallIntegerField(default=0)
    approved = models.BooleanField(null=True, blank=True)
    explanation = models.TextField(blank=True)
    # The checks and notes behind the explanation, so it can be said in any language.
    outcome = models.JSONField(default=dict, blank=True)
    # National positioning: the body's vote, as the secretary consolidated it.
    body_vote = models.CharField(max_length=12, blank=True)
    body_vote_note = models.TextField(blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    demo = models.BooleanField(default=False)

    class Meta:
        unique_together = [("body", "reference")]
        ordering = ["-closes_at", "pk"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("ballots:detail", args=[self.pk])

    @property
    def shown_title(self) -> str:
        """The title in the reader's language when the app wrote it (a systematic
        review's ballot); a title a person wrote is shown as written."""
        prefix = REVIEW_TITLE.split("%")[0]
        if self.type_id == "review" and self.title.startswith(prefix):
            return gettext(REVIEW_TITLE) % {"identifier": self.title[len(prefix) :]}
        return self.title


class BallotEvent(models.Model):
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="events")
    from_state = models.CharField(max_length=10, blank=True)
    to_state = models.CharField(max_length=10)
    # When it happened: a ballot entered after it opened, or a voting period that ended
    # before anyone closed it, is dated by its own dates, not by when it was written.
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["ballot", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.ballot_id}: {self.from_state or '-'} → {self.to_state}"


class Question(models.Model):
    KIND_CHOICES = [("vote", "the vote"), ("participation", "commitment"), ("choice", "choice")]
    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="questions")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(max_length=15, choices=KIND_CHOICES)
    text = models.CharField(max_length=500)
    answers = models.JSONField(help_text='The allowed answers, e.g. ["yes", "no"]')

    class Meta:
        unique_together = [("ballot", "position")]
        ordering = ["ballot", "position"]

    def __str__(self) -> str:
        return self.text


class Voter(models.Model):
    """One member of the electorate: a person, or a body voting as one."""

    ballot = models.ForeignKey(Ballot, on_delete=models.CASCADE, related_name="voters")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT
    )
    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.PROTECT)
    p_member = models.BooleanField()
    label = models.CharField(max_length=200)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["ballot", "user"], name="one_voter_per_person"),
            models.UniqueConstraint(fields=["ballot", "body"], name="one_voter_per_body"),
            models.CheckConstraint(
                condition=models.Q(user__isnull=False) | models.Q(body__isnull=False),
                name="voter_is_someone",
            ),
        ]
        ordering = ["ballot", "label"]

    def __str__(self) -> str:
        return self.label


class Response(models.Model):
    """A voter's current answer to one question; the database keeps it to one."""

    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="responses")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="responses")
    answer = models.CharField(max_length=40)
    reasons = models.TextField(blank=True, help_text="Technical reasons of a negative vote")
    comment = models.TextField(blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["voter", "question"], name="one_response_per_question")
        ]

    def __str__(self) -> str:
        return f"{self.voter_id} q{self.question_id}: {self.answer}"


class ResponseChange(models.Model):
    """Every answer given, in order: the history behind the current Response."""

    voter = models.ForeignKey(Voter, on_delete=models.CASCADE, related_name="history")
    question = models.ForeignKey(Question, on_delete=models.CASCADE, related_name="+")
    answer = models.CharField(max_length=40)
    reasons = models.TextField(blank=True)
    comment = models.TextField(blank=True)
    at = models.DateTimeField()
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["voter", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.voter_id} q{self.question_id}: {self.answer} at {self.at}"
