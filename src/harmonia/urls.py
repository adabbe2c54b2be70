from django.contrib import admin
from django.urls import include, path

from harmonia.api import api

urlpatterns = [
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("harmonia.accounts.urls")),
    path("analytics/", include("harmonia.analytics.urls")),
    path("adoptions/", include("harmonia.adoptions.urls")),
    path("search/", include("harmonia.search.urls")),
    path("", include("harmonia.catalogue.urls")),
]
