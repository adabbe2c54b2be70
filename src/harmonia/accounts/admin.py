from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from .models import (
    ApiToken,
    AuditEvent,
    CommitteeMembership,
    CommitteeRole,
    Invitation,
    Membership,
    Role,
)


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "rank"]


@admin.register(CommitteeRole)
class CommitteeRoleAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "rank", "manages"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role", "since"]
    list_filter = ["role", "body"]
    autocomplete_fields = ["body"]


@admin.register(CommitteeMembership)
class CommitteeMembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "committee", "role", "since"]
    list_filter = ["role"]


@admin.register(ApiToken)
class ApiTokenAdmin(admin.ModelAdmin):
    list_display = ["prefix", "user", "name", "scopes", "expires_at", "revoked_at"]
    readonly_fields = ["prefix", "digest", "user", "created", "last_used_at"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False


@admin.register(Invitation)
class InvitationAdmin(admin.ModelAdmin):
    list_display = ["email", "body", "role", "created", "expires_at", "accepted_at", "revoked_at"]
    readonly_fields = ["digest"]


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """Read-only: the trail is never edited, not even by platform admins."""

    list_display = ["at", "actor", "via", "action", "model", "object_repr", "body"]
    list_filter = ["action", "via", "model"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
