"""The rules as data: review periods (a body's own, per document type) and outcomes."""

from django.contrib import admin

from .models import ReviewOutcome, ReviewPeriod


@admin.register(ReviewPeriod)
class ReviewPeriodAdmin(admin.ModelAdmin):
    list_display = ["body", "doctype", "years", "source"]


@admin.register(ReviewOutcome)
class ReviewOutcomeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "stage", "project_doctype", "withdraws"]
