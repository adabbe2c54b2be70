from django.urls import path

from . import enquiry_views as views

app_name = "enquiries"
urlpatterns = [
    path("", views.enquiry_list, name="list"),
    path("feed.atom", views.OpenEnquiriesFeed(), name="feed"),
    path("new/", views.new_enquiry, name="new"),
    path("confirm/<str:token>/", views.confirm, name="confirm"),
    path("<int:pk>/", views.enquiry_detail, name="detail"),
    path("<int:pk>/draft", views.draft, name="draft"),
    path("<int:pk>/comment/", views.submit, name="comment"),
]
