"""Committees' membership of bodies (P and O, by snapshot) and liaisons.

The committee itself is `catalogue.Committee` (documents point to it). What changes
over time, a body's P or O seat, is kept as one row per snapshot of ISO Open Data
(or per change a body records), so a body's history and the change between two
snapshots are plain queries.
"""

from __future__ import annotations

from django.db import models

from harmonia.catalogue.models import Body, Committee


class MemberStatus(models.Model):
    """P (participating) or O (observing) member, as the ISO/IEC Directives define them."""

    slug = models.SlugField(max_length=10, primary_key=True)
    name = models.CharField(max_length=60)
    votes = models.BooleanField(help_text="Takes part in the decisive count of ballots")
    description = models.TextField(blank=True)
    source = models.TextField()

    def __str__(self) -> str:
        return self.name


class Snapshot(models.Model):
    """One reading of committee membership: an ISO Open Data file, dated."""

    taken_on = models.DateField(db_index=True)
    source = models.CharField(max_length=500)
    imported_at = models.DateTimeField(auto_now_add=True)
    counts = models.JSONField(default=dict)

    class Meta:
        ordering = ["-taken_on", "-pk"]

    def __str__(self) -> str:
        return f"{self.taken_on} ({self.source})"


class Participation(models.Model):
    snapshot = models.ForeignKey(Snapshot, on_delete=models.CASCADE, related_name="rows")
    committee = models.ForeignKey(
        Committee, on_delete=models.CASCADE, related_name="participations"
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="participations")
    status = models.ForeignKey(MemberStatus, on_delete=models.PROTECT)

    class Meta:
        unique_together = [("snapshot", "committee", "body")]
        indexes = [models.Index(fields=["body", "snapshot"])]

    def __str__(self) -> str:
        return f"{self.body_id} {self.status_id} in {self.committee_id}"


class Liaison(models.Model):
    """A liaison of a committee with another committee or with an organization."""

    KIND_CHOICES = [("committee", "committee"), ("organization", "organization")]
    committee = models.ForeignKey(Committee, on_delete=models.CASCADE, related_name="liaisons")
    kind = models.CharField(max_length=20, choices=KIND_CHOICES)
    name = models.CharField(max_length=200, help_text="Committee reference or acronym")
    target = models.ForeignKey(
        Committee, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        unique_together = [("committee", "kind", "name")]
        ordering = ["committee", "kind", "name"]

    def __str__(self) -> str:
        return f"{self.committee_id} ↔ {self.name}"
