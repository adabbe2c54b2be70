from django.urls import path

from . import views

app_name = "analytics"
urlpatterns = [
    path("", views.index, name="index"),
    path("bodies/<str:code>/", views.body_dashboard, name="body"),
    path("bodies/<str:code>/outdated/", views.body_outdated, name="outdated"),
    path("bodies/<str:code>/gaps/", views.body_gaps, name="gaps"),
    path("bodies/<str:code>/report.pdf", views.body_report_pdf, name="report_pdf"),
    path("bodies/<str:code>/<str:name>.<str:fmt>", views.body_export, name="export"),
    path("networks/<slug:slug>/", views.network_detail, name="network"),
]
