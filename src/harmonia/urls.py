from django.contrib import admin
from django.urls import include, path
from django.views.generic import RedirectView

from harmonia.api import api

urlpatterns = [
    # One sign-in for everyone, with its lockout and two-factor step.
    path(
        "admin/login/",
        RedirectView.as_view(url="/accounts/login/", query_string=True),
        name="admin-login",
    ),
    path("", include("harmonia.operations.urls")),
    path("admin/", admin.site.urls),
    path("i18n/", include("django.conf.urls.i18n")),
    path("api/v1/", api.urls),
    path("accounts/", include("harmonia.accounts.urls")),
    path("analytics/", include("harmonia.analytics.urls")),
    path("adoptions/", include("harmonia.adoptions.urls")),
    path("search/", include("harmonia.search.urls")),
    path("work/", include("harmonia.work.urls")),
    path("projects/", include("harmonia.projects.urls")),
    path("ballots/", include("harmonia.ballots.urls")),
    path("comments/", include("harmonia.comments.urls")),
    path("enquiries/", include("harmonia.comments.enquiry_urls")),
    path("reviews/", include("harmonia.reviews.urls")),
    path("alerts/", include("harmonia.alerts.urls")),
    path("certificates/", include("harmonia.training.certificate_urls")),
    path("training/", include("harmonia.training.urls")),
    # The committees' pages and the participation network: committees/, participation/
    path("", include("harmonia.committees.urls")),
    path("", include("harmonia.catalogue.urls")),
]
