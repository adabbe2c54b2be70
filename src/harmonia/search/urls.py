from django.urls import path

from . import views

app_name = "search"
urlpatterns = [
    path("", views.search_page, name="search"),
    path("instant/", views.instant, name="instant"),
    path("export.<str:format>", views.export, name="export"),
]
