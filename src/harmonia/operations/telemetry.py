"""What each request leaves behind for the operators: a request id (taken from the
client's X-Request-ID when it is a plain token, else new) answered in a header, the
Prometheus counters of /metrics, and under HARMONIA_LOG_FORMAT=json a log line.

Under `harmonia serve` every web process writes its counters to a file of its own in
PROMETHEUS_MULTIPROC_DIR, and /metrics adds them up; otherwise they are in memory.
"""

from __future__ import annotations

import logging
import re
import time
import uuid
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db import connection
from django.http import HttpRequest, HttpResponse
from django.utils.functional import SimpleLazyObject, empty
from prometheus_client import Counter, Histogram
from prometheus_client.core import GaugeMetricFamily, Metric

from . import jsonlog

log = logging.getLogger("harmonia.requests")

REQUESTS = Counter(
    "harmonia_http_requests",
    "Requests answered, by route, method and status.",
    ["route", "method", "status"],
)
LATENCY = Histogram(
    "harmonia_http_request_duration_seconds",
    "Time to answer a request, by route.",
    ["route"],
    buckets=(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
)
QUERIES = Histogram(
    "harmonia_http_request_queries",
    "Database queries run to answer one request.",
    buckets=(0, 1, 2, 4, 8, 16, 32, 64, 128, 256),
)

_TOKEN = re.compile(r"[A-Za-z0-9._-]{1,64}")
_METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def new_request_id(offered: str) -> str:
    # A proxy's id is kept so one request can be followed through both logs; anything
    # that is not a plain token is not echoed back.
    return offered if _TOKEN.fullmatch(offered) else uuid.uuid4().hex


def route_of(request: HttpRequest) -> str:
    """The URL pattern that answered, not the path: a label per page, not per document."""
    match = getattr(request, "resolver_match", None)
    if match is not None and match.route:
        return "/" + match.route
    kept = getattr(request, "kept_route", "")  # answered from the response cache
    if kept:
        return str(kept)
    if request.path.startswith(settings.STATIC_URL):
        return "static"
    return "unmatched"


def _user_id(request: HttpRequest) -> int | None:
    # Only a user already looked up: the log must not cost a session query.
    user = request.__dict__.get("user")
    if isinstance(user, SimpleLazyObject):
        wrapped = user._wrapped
        user = None if wrapped is empty else wrapped
    return user.pk if user is not None and user.is_authenticated else None


class RequestTelemetryMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = new_request_id(request.META.get("HTTP_X_REQUEST_ID", ""))
        request.request_id = rid
        reset = jsonlog.request_id.set(rid)
        queries = 0

        def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
            nonlocal queries
            queries += 1
            return execute(sql, params, many, context)

        started = time.perf_counter()
        try:
            with connection.execute_wrapper(count):
                response = self.get_response(request)
            elapsed = time.perf_counter() - started
            response["X-Request-ID"] = rid
            route = route_of(request)
            method = request.method if request.method in _METHODS else "other"
            REQUESTS.labels(route, method, str(response.status_code)).inc()
            LATENCY.labels(route).observe(elapsed)
            QUERIES.observe(queries)
            log.info(
                "%s %s %s",
                method,
                route,
                response.status_code,
                extra={
                    "route": route,
                    "method": method,
                    "status": response.status_code,
                    "duration_ms": round(elapsed * 1000, 2),
                    "queries": queries,
                    "user_id": _user_id(request),
                },
            )
            return response
        finally:
            jsonlog.request_id.reset(reset)


# -- the state of the site, read from the database when /metrics is asked -------------


def _gauge(name: str, documentation: str, value: float) -> GaugeMetricFamily:
    return GaugeMetricFamily(name, documentation, value=value)


class SiteStateCollector:
    """Queue, deliveries, backups and search, as they are at the moment of the scrape
    (the same in every process, so read once rather than counted per process)."""

    def collect(self) -> Iterator[Metric]:
        from . import health

        try:
            health.database()
        except Exception:
            yield _gauge("harmonia_database_up", "Whether the database answers.", 0)
            return
        yield _gauge("harmonia_database_up", "Whether the database answers.", 1)
        yield from self._queue()
        yield from self._deliveries()
        search = health.search().detail
        yield _gauge(
            "harmonia_search_index_lag_seconds",
            "Age of the oldest change the search index has not taken in.",
            search["lag_seconds"],
        )
        backup = health.backup().detail
        if backup.get("scheduled") and backup.get("age_hours") is not None:
            yield _gauge(
                "harmonia_backup_age_seconds",
                "Age of the newest good scheduled backup.",
                backup["age_hours"] * 3600,
            )

    def _queue(self) -> Iterator[Metric]:
        from harmonia.alerts.models import Job
        from harmonia.alerts.queue import rq_queue, using_redis

        from . import health

        queue = health.queue().detail
        yield _gauge("harmonia_jobs_queued", "Jobs due and waiting.", queue["depth"])
        yield _gauge(
            "harmonia_jobs_oldest_age_seconds",
            "How long the oldest due job has waited.",
            queue["oldest_seconds"],
        )
        if using_redis():
            failed = rq_queue().failed_job_registry.count
        else:
            failed = Job.objects.filter(state="failed").count()
            retried = Job.objects.exclude(last_error="").count()
            yield _gauge(
                "harmonia_jobs_retried", "Jobs that failed at least once (kept rows).", retried
            )
        yield _gauge("harmonia_jobs_failed", "Jobs that failed every attempt.", failed)

    def _deliveries(self) -> Iterator[Metric]:
        from harmonia.alerts.models import Delivery

        yield _gauge(
            "harmonia_deliveries_unconfirmed",
            "E-mails a worker died handing over: the server had them, unconfirmed.",
            Delivery.objects.filter(unconfirmed=True).count(),
        )
        yield _gauge(
            "harmonia_deliveries_failed",
            "E-mails given up after every attempt.",
            Delivery.objects.filter(state="failed").count(),
        )


def exposition() -> bytes:
    """The text /metrics answers: the request counters of every web process, then the
    state of the site."""
    import os

    from prometheus_client import REGISTRY, CollectorRegistry, generate_latest
    from prometheus_client.multiprocess import MultiProcessCollector

    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        processes = CollectorRegistry()
        MultiProcessCollector(processes)
        counters = generate_latest(processes)
    else:
        counters = generate_latest(REGISTRY)
    state = CollectorRegistry()
    state.register(SiteStateCollector())
    return counters + generate_latest(state)
