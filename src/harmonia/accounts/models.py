"""Who may do what for which body: roles are a data table, memberships tie them together."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from harmonia.catalogue.models import Body


class Role(models.Model):
    """viewer < editor < secretary < admin; `rank` orders them for permission checks."""

    slug = models.SlugField(max_length=30, primary_key=True)
    name = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(unique=True)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="memberships")
    role = models.ForeignKey(Role, on_delete=models.PROTECT)
    since = models.DateTimeField(auto_now_add=True)

    class Meta:
        unique_together = [("user", "body")]
        verbose_name = _("membership")

    def __str__(self) -> str:
        return f"{self.user} — {self.role} of {self.body}"
