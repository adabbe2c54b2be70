"""Systematic review: when each published document is due for review (periods as data,
per body and document type), the reviews started, their ballot, and the outcome
applied to the catalogue (a data table of outcomes and the stage each one sets)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _lazy

from harmonia.catalogue.models import Body, Committee, Document, DocumentType, StageCode


class ReviewPeriod(models.Model):
    """Years from publication or last confirmation to the next review; a body's row
    (and a document type's) overrides the default (both empty)."""

    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE)
    doctype = models.ForeignKey(DocumentType, null=True, blank=True, on_delete=models.CASCADE)
    years = models.PositiveSmallIntegerField()
    source = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "doctype"], name="one_review_period_per_scope"),
            models.UniqueConstraint(
                fields=["doctype"],
                condition=models.Q(body__isnull=True),
                name="one_default_review_period_per_doctype",
            ),
            models.CheckConstraint(condition=models.Q(years__gt=0), name="review_period_positive"),
        ]

    def __str__(self) -> str:
        return f"{self.body or 'default'}/{self.doctype_id or 'any'}: {self.years} years"


class ReviewOutcome(models.Model):
    slug = models.SlugField(max_length=20, primary_key=True)
    name = models.CharField(max_length=60)
    stage = models.ForeignKey(StageCode, on_delete=models.PROTECT, related_name="+")
    # Revise and amend start a project of this document type; empty: no project.
    project_doctype = models.ForeignKey(
        DocumentType, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    withdraws = models.BooleanField(default=False)
    position = models.PositiveSmallIntegerField(default=0)
    source = models.TextField()

    class Meta:
        ordering = ["position"]

    def __str__(self) -> str:
        return self.name


class Review(models.Model):
    STATE_CHOICES = [("open", _lazy("under review")), ("decided", _lazy("decided"))]
    document = models.ForeignKey(Document, on_delete=models.PROTECT, related_name="reviews")
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="reviews")
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.SET_NULL, related_name="reviews"
    )
    due = models.DateField()
    started_on = models.DateField(default=timezone.localdate)
    ballot = models.ForeignKey(
        "ballots.Ballot", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    state = models.CharField(max_length=10, choices=STATE_CHOICES, default="open")
    outcome = models.ForeignKey(ReviewOutcome, null=True, blank=True, on_delete=models.PROTECT)
    decided_on = models.DateField(null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    note = models.TextField(blank=True)
    # The document's stage before and after the outcome: its status history.
    from_stage = models.ForeignKey(
        StageCode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_stage = models.ForeignKey(
        StageCode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    project = models.ForeignKey(
        "projects.Project", null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    demo = models.BooleanField(default=False)

    class Meta:
        ordering = ["-started_on", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["document"],
                condition=models.Q(state="open"),
                name="one_open_review_per_document",
            )
        ]

    def __str__(self) -> str:
        return self.document.identifier

    def get_absolute_url(self) -> str:
        return reverse("reviews:detail", args=[self.pk])
