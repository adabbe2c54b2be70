from django.urls import path

from . import views

app_name = "alerts"
urlpatterns = [
    path("", views.inbox, name="inbox"),
    path("read/", views.mark_read, name="read"),
    path("following/", views.following, name="following"),
    path("follow/", views.follow, name="follow"),
    path("unfollow/", views.unfollow, name="unfollow"),
    path("import/", views.import_list, name="import"),
    path("lists/<int:pk>/", views.follow_list, name="list"),
    path("lists/<int:pk>/delete/", views.delete_list, name="delete_list"),
    path("settings/", views.preferences, name="settings"),
    path("changes/", views.what_changed, name="changes"),
    path("changes.<str:fmt>", views.what_changed, name="changes_export"),
    path("feed/<str:token>/", views.feed, name="feed"),
    path("calendar/<str:token>.ics", views.calendar, name="calendar"),
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
