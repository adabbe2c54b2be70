"""Regional networks of bodies and the uptake figures shown beside harmonization."""

from __future__ import annotations

from django.db import models
from django.urls import reverse

from harmonia.catalogue.models import Body


class Network(models.Model):
    """A named set of bodies: a regional network (ASEAN's NSBs) or a programme's cohort."""

    slug = models.SlugField(max_length=80, unique=True)
    name = models.CharField(max_length=200)
    # The name in other languages, {"vi": "..."}: shown to readers of that language.
    names = models.JSONField(default=dict, blank=True)
    description = models.TextField(blank=True)
    members = models.ManyToManyField(Body, related_name="networks")
    is_demo = models.BooleanField(default=False, help_text="Invented demo data")

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("analytics:network", args=[self.slug])


class CertificateCount(models.Model):
    """Valid management-system certificates in a country and year (the ISO Survey)."""

    country_code = models.CharField(max_length=2, db_index=True)
    country = models.CharField(max_length=100)
    year = models.PositiveSmallIntegerField()
    standard = models.CharField(max_length=40)  # ISO 9001, ISO 14001, ISO/IEC 27001
    certificates = models.PositiveIntegerField()
    source = models.CharField(max_length=200)

    class Meta:
        unique_together = [("country_code", "year", "standard")]
        ordering = ["country_code", "standard", "year"]

    def __str__(self) -> str:
        return f"{self.country_code} {self.standard} {self.year}: {self.certificates}"
