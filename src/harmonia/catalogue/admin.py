from django.contrib import admin

from .models import (
    ICS,
    Body,
    Committee,
    Document,
    DocumentIdentifier,
    DocumentTitle,
    DocumentType,
    ImportRun,
    Relation,
    RelationType,
    StageCode,
)


@admin.register(Body)
class BodyAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "kind", "country", "iso_category"]
    list_filter = ["kind", "iso_category"]
    search_fields = ["code", "acronym", "name", "country"]


class TitleInline(admin.TabularInline):
    model = DocumentTitle
    extra = 0


class IdentifierInline(admin.TabularInline):
    model = DocumentIdentifier
    extra = 0


class RelationInline(admin.TabularInline):
    model = Relation
    fk_name = "document"
    extra = 0
    raw_id_fields = ["target"]


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    list_display = ["identifier", "publisher", "doctype", "stage", "year"]
    list_filter = ["publisher", "doctype"]
    search_fields = ["identifier", "title"]
    raw_id_fields = ["base", "committee"]
    list_select_related = ["publisher", "doctype", "stage"]
    inlines = [IdentifierInline, TitleInline, RelationInline]


@admin.register(StageCode)
class StageCodeAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "source"]


admin.site.register(DocumentType)
admin.site.register(RelationType)
admin.site.register(ICS, search_fields=["code", "title_en"], raw_id_fields=["parent"])
admin.site.register(Committee, search_fields=["reference", "title"])
admin.site.register(ImportRun, list_display=["started", "kind", "ok"])
