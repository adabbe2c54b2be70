from django.urls import path

from . import views

app_name = "committees"
urlpatterns = [
    path("committees/", views.committee_list, name="committees"),
    path("committees/<path:reference>/", views.committee_detail, name="committee"),
    path("participation/", views.network, name="network"),
    path("participation/snapshots/", views.snapshot_list, name="snapshots"),
    path("participation/new-committee/", views.new_committee, name="new"),
    path("participation/mirrors/<path:reference>/", views.add_mirror, name="mirrors"),
    path("participation/<str:code>/", views.participation, name="body"),
]
