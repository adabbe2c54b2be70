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
        return f"{self.user} · {self.body}"


class CommitteeRole(models.Model):
    """observer < expert < chair < secretary; chair and secretary run the committee."""

    slug = models.SlugField(max_length=30, primary_key=True)
    name = models.CharField(max_length=60)
    rank = models.PositiveSmallIntegerField(unique=True)
    manages = models.BooleanField(default=False)
    description = models.CharField(max_length=255, blank=True)

    class Meta:
        ordering = ["rank"]

    def __str__(self) -> str:
        return self.name


class CommitteeMembership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="committee_roles"
    )
    committee = models.ForeignKey(
        "catalogue.Committee", on_delete=models.CASCADE, related_name="people"
    )
    role = models.ForeignKey(CommitteeRole, on_delete=models.PROTECT)
    since = models.DateTimeField(auto_now_add=True)
    # The term of office (chairs and secretaries are appointed for a term).
    term_start = models.DateField(null=True, blank=True)
    term_end = models.DateField(null=True, blank=True)

    class Meta:
        unique_together = [("user", "committee")]

    def __str__(self) -> str:
        return f"#{self.user_id} · #{self.committee_id}"


class ApiToken(models.Model):
    """A bearer token for the REST API. Only a digest of the secret is kept; `prefix`
    is shown so the owner can tell tokens apart."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="api_tokens"
    )
    name = models.CharField(max_length=100)
    prefix = models.CharField(max_length=16, unique=True)
    digest = models.CharField(max_length=64)
    scopes = models.CharField(max_length=100, help_text="comma-separated: read, write")
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"hm_{self.prefix}_…"

    @property
    def scope_set(self) -> set[str]:
        return {s for s in self.scopes.split(",") if s}


class Invitation(models.Model):
    """A body admin's invitation for an e-mail address to join with a role."""

    body = models.ForeignKey(Body, on_delete=models.CASCADE, related_name="invitations")
    role = models.ForeignKey(Role, on_delete=models.PROTECT)
    email = models.EmailField()
    digest = models.CharField(max_length=64, unique=True)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField()
    accepted_at = models.DateTimeField(null=True, blank=True)
    accepted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created"]

    def __str__(self) -> str:
        return f"#{self.pk} · {self.body_id}"


class TOTPDevice(models.Model):
    """An authenticator app (RFC 6238). `last_step` refuses a code used twice."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="totp"
    )
    secret = models.CharField(max_length=64)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self) -> str:
        return f"#{self.user_id}"


class LoginFailure(models.Model):
    """A failed sign-in; recent ones lock the account name and throttle the address."""

    username = models.CharField(max_length=150, db_index=True)
    ip = models.CharField(max_length=45, db_index=True)
    at = models.DateTimeField(auto_now_add=True, db_index=True)

    def __str__(self) -> str:
        return f"{self.username} from {self.ip} at {self.at}"


class AppendOnlyQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: object) -> int:
        raise AuditLogIsAppendOnly("audit events are never changed")

    def delete(self) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events are never deleted")


class AuditEvent(models.Model):
    """One change, on record for good: the app never updates or deletes these rows, and
    the database refuses it (migration 0004)."""

    at = models.DateTimeField(auto_now_add=True, db_index=True)
    # PROTECT: people are pseudonymized, never deleted, so the trail keeps its actors.
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    via = models.CharField(max_length=10)  # web, api, cli, system
    action = models.CharField(max_length=20, db_index=True)
    model = models.CharField(max_length=60)
    object_id = models.CharField(max_length=64, blank=True)
    object_repr = models.CharField(max_length=255, blank=True)
    body = models.ForeignKey(
        Body, null=True, blank=True, on_delete=models.PROTECT, related_name="+"
    )
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)
    ip = models.CharField(max_length=45, blank=True)

    objects = AppendOnlyQuerySet.as_manager()

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["body", "-at"]),
            models.Index(fields=["model", "object_id"]),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_repr}"

    def save(self, *args: object, **kwargs: object) -> None:
        if self.pk is not None:
            raise AuditLogIsAppendOnly("audit events are never changed")
        super().save(*args, **kwargs)  # type: ignore[arg-type]

    def delete(self, *args: object, **kwargs: object) -> tuple[int, dict[str, int]]:
        raise AuditLogIsAppendOnly("audit events are never deleted")


class AuditLogIsAppendOnly(RuntimeError):
    pass
