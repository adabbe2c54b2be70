from django.contrib import admin

from .models import MemberStatus


@admin.register(MemberStatus)
class MemberStatusAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "votes", "source"]
