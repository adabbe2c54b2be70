"""/metrics (who may read it, what it counts), the request id, and the JSON log lines."""

from __future__ import annotations

import json
import logging

import pytest

from harmonia.operations.jsonlog import JsonFormatter

ELSEWHERE = "203.0.113.7"


def _value(text: str, sample: str) -> float:
    for line in text.splitlines():
        if line.startswith(sample + " "):
            return float(line.rsplit(" ", 1)[1])
    raise AssertionError(f"{sample} not in /metrics")


@pytest.mark.django_db
def test_metrics_are_for_the_machine_itself_or_the_token_holder(client, settings):
    assert client.get("/metrics").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR=ELSEWHERE).status_code == 404
    # No token set: no header opens it, not even an empty bearer.
    assert (
        client.get("/metrics", REMOTE_ADDR=ELSEWHERE, HTTP_AUTHORIZATION="Bearer ").status_code
        == 404
    )
    settings.METRICS_TOKEN = "s3cret-scrape-token"
    bearer = "Bearer s3cret-scrape-token"
    assert (
        client.get("/metrics", REMOTE_ADDR=ELSEWHERE, HTTP_AUTHORIZATION=bearer).status_code == 200
    )
    wrong = "Bearer s3cret-scrape-tokeN"
    assert (
        client.get("/metrics", REMOTE_ADDR=ELSEWHERE, HTTP_AUTHORIZATION=wrong).status_code == 404
    )
    # Behind a proxy of one's own, the proxy's loopback address is not the client's.
    settings.TRUSTED_PROXY_HOPS = 1
    assert client.get("/metrics", HTTP_X_FORWARDED_FOR=ELSEWHERE).status_code == 404


@pytest.mark.django_db
def test_metrics_count_requests_by_route_and_read_the_queue(client):
    from django.contrib.auth import get_user_model

    from harmonia.alerts.models import Delivery, Job

    sample = 'harmonia_http_requests_total{method="GET",route="/documents/",status="200"}'
    before = client.get("/metrics").content.decode()
    start = _value(before, sample) if sample + " " in before else 0.0
    client.get("/documents/")
    client.get("/documents/?page=2")
    Job.objects.create(name="alerts.scan", state="failed", attempts=6, last_error="boom")
    Job.objects.create(name="alerts.scan", state="queued", attempts=1, last_error="once")
    person = get_user_model().objects.create_user("m", "m@example.org", "a-long-password-1")
    Delivery.objects.create(user=person, key="k1", state="sent", unconfirmed=True)
    text = client.get("/metrics").content.decode()
    # One label per page, however many addresses reach it.
    assert _value(text, sample) == start + 2
    assert 'route="/documents/"' in text and "page=2" not in text
    assert _value(text, "harmonia_jobs_failed") == 1
    assert _value(text, "harmonia_jobs_retried") == 2
    assert _value(text, "harmonia_jobs_queued") == 1
    assert _value(text, "harmonia_deliveries_unconfirmed") == 1
    assert _value(text, "harmonia_database_up") == 1
    assert "harmonia_http_request_duration_seconds_bucket" in text
    assert "harmonia_http_request_queries_bucket" in text
    assert "harmonia_search_index_lag_seconds" in text


def test_the_request_id_comes_back(client):
    offered = client.get("/healthz", HTTP_X_REQUEST_ID="proxy-1234.a_b")
    assert offered["X-Request-ID"] == "proxy-1234.a_b"
    made = client.get("/healthz", HTTP_X_REQUEST_ID="<script>")
    assert len(made["X-Request-ID"]) == 32 and "<" not in made["X-Request-ID"]
    assert client.get("/healthz")["X-Request-ID"] != made["X-Request-ID"]


class _Lines(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.setFormatter(JsonFormatter())
        self.lines: list[dict] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(json.loads(self.format(record)))


@pytest.fixture
def json_lines():
    handler = _Lines()
    logger = logging.getLogger("harmonia")
    old = logger.level
    logger.addHandler(handler)
    logger.setLevel(logging.INFO)
    for name in ("harmonia.requests", "harmonia.jobs"):
        logging.getLogger(name).setLevel(logging.NOTSET)
    yield handler.lines
    logger.removeHandler(handler)
    logger.setLevel(old)


@pytest.mark.django_db
def test_one_json_line_per_request_with_the_user_id_and_never_the_address(client, json_lines):
    from django.contrib.auth import get_user_model

    person = get_user_model().objects.create_user("lan", "lan@example.org", "a-long-password-1")
    client.force_login(person)
    response = client.get("/documents/", HTTP_X_REQUEST_ID="req-42")
    (line,) = [x for x in json_lines if x["logger"] == "harmonia.requests"]
    assert line["request_id"] == "req-42" == response["X-Request-ID"]
    assert (line["route"], line["status"], line["method"]) == ("/documents/", 200, "GET")
    assert line["user_id"] == person.pk and line["duration_ms"] > 0 and line["queries"] > 0
    assert "lan@example.org" not in json.dumps(line)


@pytest.mark.django_db
def test_one_json_line_per_job(json_lines):
    from harmonia.alerts.models import Job
    from harmonia.alerts.queue import run_due

    Job.objects.create(name="alerts.sweep")
    assert run_due() == 1
    (line,) = [x for x in json_lines if x["logger"] == "harmonia.jobs"]
    assert (line["job"], line["outcome"], line["attempt"]) == ("alerts.sweep", "done", 1)


@pytest.mark.django_db
def test_metrics_read_the_redis_queue(
    client, settings, redis_url, django_capture_on_commit_callbacks
):
    from harmonia.alerts import queue

    settings.QUEUE_URL = redis_url
    with django_capture_on_commit_callbacks(execute=True):
        queue.enqueue("alerts.sweep")
        queue.enqueue("alerts.sweep")
    text = client.get("/metrics").content.decode()
    assert _value(text, "harmonia_jobs_queued") == 2
    assert 0 <= _value(text, "harmonia_jobs_oldest_age_seconds") < 60
    assert _value(text, "harmonia_jobs_failed") == 0
