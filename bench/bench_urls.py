"""Harmonia's URLs and one trivial JSON view: the ceiling of requests per second."""

from django.http import HttpRequest, JsonResponse
from django.urls import include, path


def ping(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"ok": True})


urlpatterns = [path("bench/ping", ping), path("", include("harmonia.urls"))]
