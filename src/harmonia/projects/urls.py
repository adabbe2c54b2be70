from django.urls import path

from . import views

app_name = "projects"
urlpatterns = [
    path("", views.project_list, name="list"),
    path("new/", views.new_project, name="new"),
    path("plan/", views.plan, name="plan"),
    path("<int:pk>/", views.project_detail, name="detail"),
    path("<int:pk>/move/", views.move, name="move"),
    path("gantt/<path:reference>/", views.gantt, name="gantt"),
]
