from django.urls import path

from . import views

app_name = "adoptions"
urlpatterns = [
    path("review/", views.review, name="review"),
    path("upload/", views.upload, name="upload"),
    path("<int:pk>/decide/", views.decide, name="decide"),
    path("template.<str:fmt>", views.template, name="template"),
]
