"""Vocabularies as data: comment types and resolutions a body may add to."""

from django.contrib import admin

from .models import CommentType, Resolution


@admin.register(CommentType)
class CommentTypeAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "position", "source"]


@admin.register(Resolution)
class ResolutionAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "position", "source"]
