from django.urls import path

from . import views

app_name = "certificates"
urlpatterns = [
    path("verify/<str:code>", views.verify, name="verify"),
    path("<str:code>.pdf", views.certificate_pdf, name="pdf"),
]
