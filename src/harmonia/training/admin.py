"""The rules as data: the questions feedback forms ask (a host adds its own), and the
frameworks programmes serve."""

from django.contrib import admin

from .models import FeedbackCriterion, Framework


@admin.register(FeedbackCriterion)
class FeedbackCriterionAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "scope", "position", "source"]


@admin.register(Framework)
class FrameworkAdmin(admin.ModelAdmin):
    list_display = ["name", "starts_year", "ends_year", "source"]
