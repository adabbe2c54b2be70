from django.contrib import admin

from .models import Adoption, AdoptionEvent, AdoptionMethod, Degree


@admin.register(Degree)
class DegreeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "is_adoption", "source"]


@admin.register(AdoptionMethod)
class AdoptionMethodAdmin(admin.ModelAdmin):
    list_display = ["slug", "name", "source"]


class EventInline(admin.TabularInline):
    model = AdoptionEvent
    extra = 0
    readonly_fields = ["action", "detail", "by", "at"]
    can_delete = False


@admin.register(Adoption)
class AdoptionAdmin(admin.ModelAdmin):
    list_display = ["national", "adopted_identifier", "degree", "source", "status", "score"]
    list_filter = ["status", "source", "degree", "national__publisher"]
    search_fields = ["national__identifier", "adopted_identifier"]
    raw_id_fields = ["national", "adopted", "decided_by"]
    inlines = [EventInline]
