"""Limits on how often: sign-in failures lock an account name and throttle an address
(kept in the database, so they hold across processes and restarts); requests to the
API and to public forms are counted in fixed windows in the cache.

The limits are settings (HARMONIA_* environment variables, see settings.py); tests
and benchmarks set their own.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone


@dataclass(frozen=True)
class Refusal:
    reason: str
    retry_after: int  # seconds


def _window() -> dt.timedelta:
    return dt.timedelta(seconds=settings.LOGIN_LOCKOUT_SECONDS)


def login_refusal(username: str, ip: str) -> Refusal | None:
    """Why a sign-in must not even be tried now, or None."""
    from .models import LoginFailure

    since = timezone.now() - _window()
    recent = LoginFailure.objects.filter(at__gte=since)
    by_name = list(
        recent.filter(username=username.lower())
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_FAILURES_PER_ACCOUNT]
    )
    if len(by_name) >= settings.LOGIN_FAILURES_PER_ACCOUNT:
        until = by_name[-1] + _window()
        return Refusal("account", max(1, math.ceil((until - timezone.now()).total_seconds())))
    by_ip = list(
        recent.filter(ip=ip)
        .order_by("-at")
        .values_list("at", flat=True)[: settings.LOGIN_FAILURES_PER_ADDRESS]
    )
    if len(by_ip) >= settings.LOGIN_FAILURES_PER_ADDRESS:
        until = by_ip[-1] + _window()
        return Refusal("address", max(1, math.ceil((until - timezone.now()).total_seconds())))
    return None


def login_failed(username: str, ip: str) -> None:
    from .models import LoginFailure

    LoginFailure.objects.create(username=username.lower()[:150], ip=ip[:45])
    # Old failures count for nothing: prune them now and then rather than in a job.
    if LoginFailure.objects.count() > 10_000:
        LoginFailure.objects.filter(at__lt=timezone.now() - _window()).delete()


def login_succeeded(username: str) -> None:
    from .models import LoginFailure

    LoginFailure.objects.filter(username=username.lower()).delete()


def hit(bucket: str, key: str, limit: int, period: int) -> Refusal | None:
    """Count one request of `key` in `bucket`; a Refusal once over `limit` per `period`
    seconds. A limit of 0 turns the bucket off."""
    if limit <= 0:
        return None
    window = int(time.time() // period)
    name = f"rate:{bucket}:{key}:{window}"
    if hasattr(cache, "count"):  # the shared file cache counts in one statement
        count = cache.count(name, period + 1)
    elif cache.add(name, 1, timeout=period + 1):
        count = 1
    else:
        try:
            count = cache.incr(name)
        except ValueError:  # expired between add and incr
            cache.add(name, 1, timeout=period + 1)
            count = 1
    if count > limit:
        return Refusal(bucket, period - int(time.time()) % period or 1)
    return None


def client_ip(request: object) -> str:
    """The peer's address. Behind a proxy, HARMONIA_TRUSTED_PROXY_HOPS says how many
    X-Forwarded-For entries (from the right) were added by proxies you run."""
    meta = getattr(request, "META", {})
    hops = settings.TRUSTED_PROXY_HOPS
    if hops > 0:
        chain = [p.strip() for p in meta.get("HTTP_X_FORWARDED_FOR", "").split(",") if p.strip()]
        if len(chain) >= hops:
            return chain[-hops][:45]
    return str(meta.get("REMOTE_ADDR", ""))[:45]
