from django.contrib import admin

from .models import CertificateCount, Network


@admin.register(Network)
class NetworkAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "is_demo"]
    filter_horizontal = ["members"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(CertificateCount)
class CertificateCountAdmin(admin.ModelAdmin):
    list_display = ["country_code", "standard", "year", "certificates"]
    list_filter = ["standard", "year"]
    search_fields = ["country", "country_code"]
