"""The rules as data: a body adds or changes ballot rules and types here, without code."""

from django.contrib import admin

from .models import BallotRule, BallotType


@admin.register(BallotRule)
class BallotRuleAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "p_threshold_num", "p_threshold_den", "negative_limit_num",
                    "negative_limit_den", "ignore_unjustified"]  # fmt: skip


@admin.register(BallotType)
class BallotTypeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "rule", "weeks", "electorate", "missed_limit_percent"]
