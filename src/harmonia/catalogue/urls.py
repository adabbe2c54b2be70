from django.urls import path

from . import views

app_name = "catalogue"
urlpatterns = [
    path("", views.home, name="home"),
    path("documents/", views.document_list, name="documents"),
    path("documents/<path:identifier>/", views.document_detail, name="document"),
    path("ics/", views.ics_browser, name="ics_root"),
    path("ics/<str:code>/", views.ics_browser, name="ics"),
]
