from django.urls import path

from . import views

app_name = "committees"
urlpatterns = [
    path("", views.network, name="network"),
    path("snapshots/", views.snapshot_list, name="snapshots"),
    path("new-committee/", views.new_committee, name="new"),
    path("mirrors/<path:reference>/", views.add_mirror, name="mirrors"),
    path("<str:code>/", views.participation, name="body"),
]
