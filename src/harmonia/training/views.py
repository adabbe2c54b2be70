"""The public side of capacity building: the page that verifies a certificate's code."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from . import services


def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = services.verify(code[:40])
    if certificate is None:
        return render(request, "training/verify.html", {"code": code[:40]}, status=404)
    return render(request, "training/verify.html", {"c": certificate, "code": certificate.code})
