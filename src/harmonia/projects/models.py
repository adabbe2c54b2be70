"""The work programme: projects moving through the harmonized stage codes.

Which moves are allowed and how long each stage should take are data tables
(StageTransition, StagePeriod) seeded with their source, so a body adds its own rows
without code. Every move of a project is a ProjectEvent row, never rewritten.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.urls import reverse

from harmonia.catalogue.models import Body, Committee, Document, DocumentType, StageCode


class StageTransition(models.Model):
    KIND_CHOICES = [
        ("proceed", "proceed"),
        ("skip", "skip a stage"),
        ("repeat", "repeat a phase"),
        ("abandon", "abandon"),
    ]
    from_code = models.ForeignKey(StageCode, on_delete=models.CASCADE, related_name="+")
    to_code = models.ForeignKey(StageCode, on_delete=models.CASCADE, related_name="+")
    kind = models.CharField(max_length=10, choices=KIND_CHOICES)
    source = models.TextField()

    class Meta:
        unique_together = [("from_code", "to_code")]
        ordering = ["from_code", "to_code"]

    def __str__(self) -> str:
        return f"{self.from_code_id} → {self.to_code_id}"


class StagePeriod(models.Model):
    """How many weeks a stage should take; a body's own row overrides the default
    (body empty)."""

    body = models.ForeignKey(Body, null=True, blank=True, on_delete=models.CASCADE)
    stage = models.CharField(max_length=2)
    weeks = models.PositiveSmallIntegerField()
    source = models.TextField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["body", "stage"], name="one_period_per_body_stage"),
            models.UniqueConstraint(
                fields=["stage"],
                condition=models.Q(body__isnull=True),
                name="one_default_period_per_stage",
            ),
        ]
        ordering = ["stage"]

    def __str__(self) -> str:
        return f"{self.stage}: {self.weeks} weeks"


class Project(models.Model):
    body = models.ForeignKey(Body, on_delete=models.PROTECT, related_name="projects")
    committee = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.PROTECT, related_name="projects"
    )
    reference = models.CharField(max_length=60)
    title = models.CharField(max_length=500)
    title_en = models.CharField(max_length=500, blank=True)
    doctype = models.ForeignKey(DocumentType, on_delete=models.PROTECT)
    # The identifier the document gets when it is published, e.g. TCVN 14001:2027.
    identifier = models.CharField(max_length=255)
    stage = models.ForeignKey(StageCode, on_delete=models.PROTECT)
    stage_since = models.DateField()
    started = models.DateField()
    plan_year = models.PositiveSmallIntegerField(null=True, blank=True, db_index=True)
    adopts = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    degree = models.ForeignKey("adoptions.Degree", null=True, blank=True, on_delete=models.PROTECT)
    replaces = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    document = models.OneToOneField(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="project"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    # Invented by `harmonia demo`; the pages say so.
    demo = models.BooleanField(default=False)

    class Meta:
        unique_together = [("body", "reference")]
        ordering = ["body", "reference"]

    def __str__(self) -> str:
        return self.reference

    def get_absolute_url(self) -> str:
        return reverse("projects:detail", args=[self.pk])


class ProjectEvent(models.Model):
    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="events")
    from_code = models.ForeignKey(
        StageCode, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    to_code = models.ForeignKey(StageCode, on_delete=models.PROTECT, related_name="+")
    on = models.DateField()
    at = models.DateTimeField(auto_now_add=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    note = models.TextField(blank=True)

    class Meta:
        ordering = ["project", "on", "pk"]

    def __str__(self) -> str:
        return f"{self.project_id}: {self.from_code_id} → {self.to_code_id}"
