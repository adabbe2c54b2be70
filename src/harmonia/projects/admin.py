"""The rules as data: allowed stage moves and stage periods (a body's own rows)."""

from django.contrib import admin

from .models import StagePeriod, StageTransition


@admin.register(StageTransition)
class StageTransitionAdmin(admin.ModelAdmin):
    list_display = ["from_code", "to_code", "kind"]
    list_filter = ["kind"]


@admin.register(StagePeriod)
class StagePeriodAdmin(admin.ModelAdmin):
    list_display = ["body", "stage", "weeks"]
