from django.urls import path

from . import pages

app_name = "training"
urlpatterns = [
    path("", pages.programme_list, name="list"),
    path("<int:pk>/", pages.programme_detail, name="programme"),
    path("<int:pk>/invite/", pages.invite, name="invite"),
    path("<int:pk>/nominate/", pages.nominate, name="nominate"),
    path("<int:pk>/decide/", pages.decide, name="decide"),
    path("<int:pk>/check-in/", pages.check_in, name="check_in"),
    path("<int:pk>/certificates/", pages.issue, name="issue"),
    path("<int:pk>/actions/", pages.add_action, name="add_action"),
    path("<int:pk>/follow-ups/", pages.follow_up, name="follow_up"),
]
