from django.urls import path

from . import views

app_name = "ballots"
urlpatterns = [
    path("", views.ballot_list, name="list"),
    path("new/", views.new_ballot, name="new"),
    path("calculator/", views.calculator, name="calculator"),
    path("obligations/<path:reference>/", views.obligations, name="obligations"),
    path("<int:pk>/", views.ballot_detail, name="detail"),
    path("<int:pk>/vote/", views.vote, name="vote"),
    path("<int:pk>/close/", views.close, name="close"),
]
