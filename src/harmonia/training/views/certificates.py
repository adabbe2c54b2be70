"""Certificates: the public page that verifies a code, and the certificate as PDF for
its holder and the organisers."""

from __future__ import annotations

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from .. import services


def verify(request: HttpRequest, code: str) -> HttpResponse:
    certificate = services.verify(code[:40])
    if certificate is None:
        return render(request, "training/verify.html", {"code": code[:40]}, status=404)
    return render(request, "training/verify.html", {"c": certificate, "code": certificate.code})


def certificate_pdf(request: HttpRequest, code: str) -> HttpResponse:
    """The certificate as PDF, in English or Vietnamese (?lang=vi), for its holder and
    the organisers."""
    certificate = services.verify(code[:40])
    if certificate is None:
        raise Http404("No certificate has this code.")
    if not request.user.is_authenticated:
        return redirect_to_login(request.get_full_path())
    if not services.can_read_certificate(request.user, certificate):
        raise PermissionDenied("Only its holder and the organisers download a certificate.")
    language = "vi" if request.GET.get("lang") == "vi" else "en"
    url = request.build_absolute_uri(reverse("certificates:verify", args=[certificate.code]))
    response = HttpResponse(
        services.certificate_pdf(certificate, language, url), content_type="application/pdf"
    )
    response["Content-Disposition"] = (
        f'attachment; filename="certificate-{certificate.code}-{language}.pdf"'
    )
    return response
