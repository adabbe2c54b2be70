"""Probes for load balancers and orchestrators: /healthz (the process answers; no
database) and /readyz (every dependency answers; 503 names the failing ones); /metrics
for Prometheus."""

from __future__ import annotations

import hmac

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from harmonia.accounts.throttle import client_ip

from .health import readiness

LOOPBACK = frozenset({"127.0.0.1", "::1"})


@never_cache
@require_safe
def healthz(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@never_cache
@require_safe
def readyz(request: HttpRequest) -> JsonResponse:
    checks = readiness()
    failing = [c.name for c in checks if not c.ok]
    # The details (errors, queue depth, file names) are for the machine's own probes:
    # elsewhere only whether each check passes.
    local = client_ip(request) in LOOPBACK
    body = {
        "status": "failing" if failing else "ok",
        "failing": failing,
        "checks": {c.name: {"ok": c.ok, **(c.detail if local else {})} for c in checks},
    }
    return JsonResponse(body, status=503 if failing else 200)


def may_read_metrics(request: HttpRequest) -> bool:
    if client_ip(request) in LOOPBACK:
        return True
    token = settings.METRICS_TOKEN
    offered = request.META.get("HTTP_AUTHORIZATION", "")
    return bool(token) and hmac.compare_digest(offered.encode(), f"Bearer {token}".encode())


@never_cache
@require_safe
def metrics(request: HttpRequest) -> HttpResponse:
    # 404, not 403: to others the page does not exist.
    if not may_read_metrics(request):
        raise Http404
    from prometheus_client import CONTENT_TYPE_LATEST

    from .telemetry import exposition

    return HttpResponse(exposition(), content_type=CONTENT_TYPE_LATEST)
