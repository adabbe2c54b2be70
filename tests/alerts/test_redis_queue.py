"""The same jobs on Redis with RQ: the new edition reaches its follower once."""

import pytest

from harmonia.alerts import follows, queue
from harmonia.alerts.models import Delivery, Job

from .records import import_dir, record, write


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_new_edition_mail_goes_through_redis(
    iso9001, people, smtp, settings, redis_url, tmp_path
):
    settings.QUEUE_URL = redis_url
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    import_dir(write(tmp_path / "next", record("ISO 9001:2026", "2026-11-20")))
    assert not Job.objects.exists()  # nothing waits in the database
    assert queue.rq_queue().count == 1  # the fan-out
    ran = queue.work(burst=True, clock=False)
    assert ran == 2  # the fan-out, then the e-mail it queued
    assert [m["To"] for m in smtp.messages] == ["anh@example.org"]
    assert "ISO 9001:2026" in smtp.body(0)
    assert list(Delivery.objects.values_list("state", flat=True)) == ["sent"]
    # A job run twice (a broker delivers at least once) sends nothing more.
    queue.run_job("alerts.send", {"delivery": Delivery.objects.get().pk})
    assert len(smtp.messages) == 1


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_failed_send_is_retried_with_back_off_on_redis(
    iso9001, people, settings, redis_url, tmp_path, refused_port, monkeypatch
):
    from rq.registry import ScheduledJobRegistry

    settings.QUEUE_URL = redis_url
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", refused_port
    # An hour's back-off: the retry must wait in RQ's schedule however slowly this
    # loaded machine runs the burst (with 30 s it once came due within it).
    monkeypatch.setattr(queue, "BACKOFF_BASE", 3600)
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    import_dir(write(tmp_path / "next", record("ISO 9001:2026", "2026-11-20")))
    queue.work(burst=True, clock=False)
    d = Delivery.objects.get()
    assert d.state == "queued" and d.attempts == 1 and "ConnectionRefused" in d.error
    assert d.retry_at is not None
    scheduled = ScheduledJobRegistry(queue=queue.rq_queue())
    assert scheduled.count == 1  # RQ holds the retry for its back-off interval


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_redis_worker_leaves_the_process_signals_alone(settings, redis_url):
    import signal

    settings.QUEUE_URL = redis_url
    before = signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)
    queue.work(burst=True, clock=False)
    assert (signal.getsignal(signal.SIGTERM), signal.getsignal(signal.SIGINT)) == before
