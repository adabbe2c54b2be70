from django.urls import path

from . import views

app_name = "reviews"
urlpatterns = [
    path("", views.review_queue, name="queue"),
    path("start/", views.start, name="start"),
    path("<int:pk>/", views.review_detail, name="detail"),
    path("<int:pk>/decide/", views.decide, name="decide"),
]
