from django.urls import path

from . import views

app_name = "comments"
urlpatterns = [
    path("", views.set_list, name="list"),
    path("new/", views.new_set, name="new"),
    path("<int:pk>/", views.set_detail, name="set"),
    path("<int:pk>/add/", views.add, name="add"),
    path("<int:pk>/import/", views.import_file, name="import"),
    path("<int:pk>/export.<str:fmt>", views.export, name="export"),
    path("<int:pk>/compile/", views.compile_set, name="compile"),
    path("c/<int:pk>/", views.comment_detail, name="comment"),
    path("c/<int:pk>/edit/", views.edit, name="edit"),
    path("c/<int:pk>/decide/", views.decide, name="decide"),
]
