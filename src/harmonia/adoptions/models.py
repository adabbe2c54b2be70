"""National adoptions of international documents (ISO/IEC Guide 21-1 correspondence).

An Adoption links a national (or regional) document to the international document it
adopts, with the degree of correspondence and the method, and remembers where the link
came from: imported from the catalogue file, derived from the identifier, or proposed
by the matcher and decided by an editor. Every decision is kept as an AdoptionEvent.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from harmonia.catalogue.models import Document


class Degree(models.Model):
    """IDT, MOD or NEQ; `is_adoption` is false for NEQ, which Guide 21-1 does not count."""

    code = models.CharField(max_length=8, primary_key=True)
    name = models.CharField(max_length=60)
    is_adoption = models.BooleanField(default=True)
    description = models.TextField(blank=True)
    source = models.TextField()

    class Meta:
        ordering = ["code"]

    def __str__(self) -> str:
        return self.code


class AdoptionMethod(models.Model):
    slug = models.SlugField(max_length=30, primary_key=True)
    name = models.CharField(max_length=60)
    description = models.TextField(blank=True)
    source = models.TextField()

    def __str__(self) -> str:
        return self.name


class Adoption(models.Model):
    SOURCE_CHOICES = [
        ("imported", _("imported")),
        ("identifier", _("derived from the identifier")),
        ("proposed", _("proposed by the matcher")),
        ("entered", _("entered by an editor")),
    ]
    STATUS_CHOICES = [
        ("confirmed", _("confirmed")),
        ("proposed", _("proposed")),
        ("rejected", _("rejected")),
    ]
    national = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="adoptions")
    # The adopted document as the source names it; `adopted` once it is in the catalogue.
    adopted_identifier = models.CharField(max_length=255)
    adopted_key = models.CharField(max_length=255, db_index=True)
    adopted = models.ForeignKey(
        Document, null=True, blank=True, on_delete=models.SET_NULL, related_name="adopted_by"
    )
    degree = models.ForeignKey(Degree, null=True, blank=True, on_delete=models.PROTECT)
    method = models.ForeignKey(AdoptionMethod, null=True, blank=True, on_delete=models.PROTECT)
    source = models.CharField(max_length=20, choices=SOURCE_CHOICES)
    status = models.CharField(max_length=20, choices=STATUS_CHOICES, db_index=True)
    # The matcher's score (0-1) and what it was made of, for proposals.
    score = models.FloatField(null=True, blank=True)
    evidence = models.JSONField(default=dict, blank=True)
    note = models.TextField(blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    decided_at = models.DateTimeField(null=True, blank=True)
    created = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("national", "adopted_key")]
        ordering = ["national", "-score", "adopted_key"]
        indexes = [models.Index(fields=["status", "national"])]

    def __str__(self) -> str:
        return f"{self.national} {self.degree_id or '?'} {self.adopted_identifier}"


class AdoptionEvent(models.Model):
    """Append-only history: who proposed, confirmed, rejected or corrected a link, when."""

    adoption = models.ForeignKey(Adoption, on_delete=models.CASCADE, related_name="events")
    action = models.CharField(max_length=20)
    detail = models.JSONField(default=dict, blank=True)
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL
    )
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["adoption", "at", "id"]

    def __str__(self) -> str:
        return f"{self.action} {self.at:%Y-%m-%d}"
