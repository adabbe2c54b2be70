from django.urls import path

from .views import certificates as views

app_name = "certificates"
urlpatterns = [
    path("verify/<str:code>", views.verify, name="verify"),
    path("<str:code>.pdf", views.certificate_pdf, name="pdf"),
]
