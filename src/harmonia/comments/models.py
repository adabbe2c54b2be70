"""Comments in the ISO commenting template, and public enquiries on draft national
standards.

A CommentSet holds the comments on one draft: a committee's experts' on an ISO or a
national draft, or the public's in an enquiry. The secretary decides on each comment
(accepted into the body's comments, rejected, or merged into another); only accepted
ones go out in the body's template. The secretariat's resolution (a data table) and
observations are kept on the comment. Every change is a CommentEvent row."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from harmonia.catalogue.models import Body, Committee


class CommentType(models.Model):
    slug = models.SlugField(max_length=10, primary_key=True)
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.slug


class Resolution(models.Model):
    slug = models.SlugField(max_length=40, primary_key=True)
    name = models.CharField(max_length=60)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class CommentSet(models.Model):
    STATE_CHOICES = [("open", _lazy("open for comments")), ("compiled", _lazy("compiled"))]
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="comment_sets")
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="comment_sets"
    )
    # The draft commented on, as its identifier reads (ISO/DIS 9001, DT TCVN 14001).
    reference = models.CharField(max_length=200)
    title = models.CharField(max_length=500)
    ballot = models.ForeignKey(
        "ballots.Ballot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    closes_at = models.DateTimeField(null=True, blank=True)
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default="open")
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    created_at = models.DateTimeField(default=timezone.now)
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-created_at", "pk"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("comments:set", args=[self.pk])


class Comment(models.Model):
    DECISION_CHOICES = [
        ("", "waiting for the secretary"),
        ("accepted", "in the body's comments"),
        ("rejected", "left out"),
        ("merged", "merged into another comment"),
    ]
    SOURCE_CHOICES = [("entered", "entered"), ("imported", "imported"), ("public", "public")]
    comment_set = models.ForeignKey(CommentSet, on_delete=models.CASCADE, related_name="comments")
    position = models.PositiveIntegerField()
    # The template's columns.
    member_body = models.CharField(max_length=60, blank=True)
    line = models.CharField(max_length=40, blank=True)
    clause = models.CharField(max_length=100, blank=True)
    element = models.CharField(max_length=200, blank=True)
    type = models.ForeignKey(CommentType, on_delete=models.PROTECT)
    text = models.TextField()
    proposed_change = models.TextField(blank=True)
    observations = models.TextField(blank=True)
    resolution = models.ForeignKey(Resolution, null=True, blank=True, on_delete=models.PROTECT)
    # Who wrote it: an expert's account, or the name a member of the public gave.
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_label = models.CharField(max_length=200, blank=True)
    decision = models.CharField(max_length=10, choices=DECISION_CHOICES, blank=True)
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.SET_NULL, related_name="merged"
    )
    source = models.CharField(max_length=10, choices=SOURCE_CHOICES, default="entered")
    # An enquiry's comment the body chose to show on the public page.
    public = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["comment_set", "position"]
        constraints = [
            models.UniqueConstraint(
                fields=["comment_set", "position"], name="one_comment_per_position"
            )
        ]

    def __str__(self) -> str:
        return f"{self.comment_set_id}#{self.position}"


class CommentEvent(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="events")
    at = models.DateTimeField(default=timezone.now)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # What changed: "created", "decision", "resolution", or a field of the template.
    what = models.CharField(max_length=20)
    before = models.TextField(blank=True)
    after = models.TextField(blank=True)

    class Meta:
        ordering = ["comment", "at", "pk"]

    def __str__(self) -> str:
        return f"{self.comment_id}: {self.what}"


class Enquiry(models.Model):
    """A draft national standard published for public comment until a deadline."""

    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="enquiries")
    comment_set = models.OneToOneField(CommentSet, on_delete=models.PROTECT, related_name="enquiry")
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    reference = models.CharField(max_length=200)
    title = models.CharField(max_length=500)
    scope = models.TextField()
    draft = models.BinaryField(blank=True)
    draft_name = models.CharField(max_length=200, blank=True)
    draft_type = models.CharField(max_length=100, blank=True)
    opens_at = models.DateTimeField(default=timezone.now)
    closes_at = models.DateTimeField(db_index=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["closes_at", "pk"]
        verbose_name_plural = "enquiries"

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("enquiries:detail", args=[self.pk])

    def is_open(self, now: object = None) -> bool:
        at = now or timezone.now()
        return self.opens_at <= at < self.closes_at  # type: ignore[operator]


class PublicSubmission(models.Model):
    """A comment sent from the public form: it joins the enquiry's comments only once
    its sender opens the link mailed to them."""

    enquiry = models.ForeignKey(Enquiry, on_delete=models.CASCADE, related_name="submissions")
    name = models.CharField(max_length=200)
    organisation = models.CharField(max_length=200, blank=True)
    email = models.EmailField()
    line = models.CharField(max_length=40, blank=True)
    clause = models.CharField(max_length=100, blank=True)
    element = models.CharField(max_length=200, blank=True)
    type = models.ForeignKey(CommentType, on_delete=models.PROTECT)
    text = models.TextField()
    proposed_change = models.TextField(blank=True)
    # Only the SHA-256 of the mailed token is kept.
    digest = models.CharField(max_length=64, unique=True)
    ip = models.CharField(max_length=45, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    comment = models.OneToOneField(
        Comment, null=True, blank=True, on_delete=models.SET_NULL, related_name="submission"
    )

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.enquiry_id}: {self.name}"
