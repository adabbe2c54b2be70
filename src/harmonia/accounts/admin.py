from django.contrib import admin

from .models import Membership, Role


@admin.register(Role)
class RoleAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "rank"]


@admin.register(Membership)
class MembershipAdmin(admin.ModelAdmin):
    list_display = ["user", "body", "role", "since"]
    list_filter = ["role", "body"]
    autocomplete_fields = ["body"]
