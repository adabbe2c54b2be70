from django.contrib import admin

from .models import Delivery, EventKind, Job


@admin.register(EventKind)
class EventKindAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "deadline", "soon_days", "position"]
    list_editable = ["soon_days"]


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    """Operators look at failed and unconfirmed e-mails here; sending is the worker's."""

    list_display = ["key", "user", "state", "attempts", "unconfirmed", "created", "sent_at"]
    list_filter = ["state", "digest", "unconfirmed"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False


@admin.register(Job)
class JobAdmin(admin.ModelAdmin):
    list_display = ["name", "state", "attempts", "run_after", "locked_by", "finished"]
    list_filter = ["state", "name"]
    readonly_fields = [f.name for f in Job._meta.fields]

    def has_add_permission(self, request):  # type: ignore[no-untyped-def]
        return False
