"""Sending at most once: what happens at each point a send can stop."""

import datetime as dt
import socket
import time

import pytest
from django.core.mail import EmailMessage
from django.utils import timezone

from harmonia.alerts import delivery, follows, mailer, queue
from harmonia.alerts.models import Delivery, Job, Subscriber

from .records import import_dir, record, write


def new_edition(tmp_path):
    import_dir(write(tmp_path / "next", record("ISO 9001:2026", "2026-11-20")))


def message(to="anh@example.org"):
    return EmailMessage("subject", "body\n.\n.leading dot\n", "h@example.org", [to])


def test_a_send_stopped_before_the_end_leaves_nothing_at_the_server(smtp):
    def killed():
        raise KeyboardInterrupt  # the worker dies with the whole message but its end sent

    with pytest.raises(KeyboardInterrupt):
        mailer.send(message(), killed)
    time.sleep(0.3)
    assert smtp.messages == []
    mailer.send(message(), lambda: True)
    assert len(smtp.messages) == 1
    # Lines starting with "." arrive as written (dot-stuffing).
    assert smtp.body(0).splitlines()[1:3] == [".", ".leading dot"]


def test_a_message_taken_over_by_another_worker_is_not_sent(smtp):
    with pytest.raises(mailer.Abandoned):
        mailer.send(message(), lambda: False)
    time.sleep(0.3)
    assert smtp.messages == []


def test_no_mail_server_means_a_retry_after_back_off(
    iso9001, people, settings, tmp_path, refused_port
):
    settings.EMAIL_BACKEND = mailer.SMTP_BACKEND
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", refused_port
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    new_edition(tmp_path)
    queue.run_due()
    d = Delivery.objects.get()
    assert (d.state, d.attempts) == ("queued", 1)
    job = Job.objects.get(name="alerts.send")
    assert job.state == "queued" and job.attempts == 1
    wait = (job.run_after - timezone.now()).total_seconds()
    assert queue.backoff(1) - 5 < wait <= queue.backoff(1)
    assert [queue.backoff(n) for n in range(1, 6)] == [30, 60, 120, 240, 480]
    assert queue.run_due() == 0  # not before the back-off


def test_a_refused_recipient_fails_for_good(iso9001, people, smtp, tmp_path, monkeypatch):
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    new_edition(tmp_path)

    def refuse(message, hand_over):
        raise mailer.Refused("RCPT TO: 550 no such mailbox")

    monkeypatch.setattr(mailer, "send", refuse)
    queue.run_due()
    d = Delivery.objects.get()
    assert d.state == "failed" and "550" in d.error
    assert Job.objects.get(name="alerts.send").state == "done"  # nothing to retry


def test_a_delivery_left_handed_over_is_never_sent_again(iso9001, people, smtp, tmp_path):
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    new_edition(tmp_path)
    queue.run_due(limit=1)  # the fan-out only
    d = Delivery.objects.get()
    Delivery.objects.filter(pk=d.pk).update(
        state="handed", claimed_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert delivery.send(d.pk) == "sent"
    d.refresh_from_db()
    assert d.unconfirmed and smtp.messages == []
    queue.run_due()
    assert smtp.messages == []


def test_a_lapsed_claim_is_sent_again(iso9001, people, smtp, tmp_path):
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    new_edition(tmp_path)
    queue.run_due(limit=1)
    d = Delivery.objects.get()
    # A worker died while sending, before the end of the message: the server has nothing.
    Delivery.objects.filter(pk=d.pk).update(
        state="sending", claimed_until=timezone.now() - dt.timedelta(seconds=1)
    )
    assert delivery.send(d.pk) == "sent"
    assert len(smtp.messages) == 1
    queue.run_due()
    assert len(smtp.messages) == 1


def test_unsubscribed_people_and_no_email_mode_get_no_mail(iso9001, people, smtp, tmp_path):
    for name in ("anh", "binh", "chi"):
        follows.follow(people[name], follows.document_target("ISO 9001"))
    Subscriber.objects.create(user=people["anh"], unsubscribed_at=timezone.now(), mode="none")
    Subscriber.objects.create(user=people["binh"], mode="none")
    new_edition(tmp_path)
    queue.run_due()
    assert [m["To"] for m in smtp.messages] == ["chi@example.org"]
    assert people["anh"].alert_notifications.count() == 1  # still told in the app


def test_two_workers_claim_a_job_once(db):
    queue.enqueue("alerts.sweep")
    first = queue.claim("one")
    assert first is not None
    assert queue.claim("two") is None


def test_the_clock_queues_each_periodic_job_once_per_slot(db, monkeypatch):
    now = dt.datetime(2030, 1, 1, 12, tzinfo=dt.UTC)
    assert sorted(queue.tick(now)) == sorted(name for name, _ in queue.PERIODIC)
    assert queue.tick(now) == []
    monkeypatch.setattr(queue, "_TAKEN", {})  # another worker, in another process
    assert queue.tick(now) == []
    assert Job.objects.filter(name="alerts.scan").count() == 1
    later = now + dt.timedelta(seconds=300)
    assert "alerts.scan" in queue.tick(later) and "alerts.digests" not in queue.tick(later)


def test_the_mail_is_in_the_subscriber_s_language(iso9001, people, smtp, tmp_path):
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    Subscriber.objects.create(user=people["anh"], language="vi")
    new_edition(tmp_path)
    queue.run_due()
    body = smtp.body(0)
    assert "ISO 9001:2026" in body
    assert "Bản mới được ban hành" in body and "Hủy nhận các thư này" in body


def test_smtp_port_closed_quickly_found(refused_port):
    # The test above relies on the refused port refusing at once.
    with socket.socket() as s, pytest.raises(ConnectionRefusedError):
        s.settimeout(1)
        s.connect(("127.0.0.1", refused_port))


def test_the_worker_waits_out_a_busy_database(db, monkeypatch):
    from django.db import OperationalError

    calls = []

    def busy_once(worker):
        calls.append(worker)
        if len(calls) == 1:
            raise OperationalError("database is locked")
        return 0

    monkeypatch.setattr(queue, "run_due", busy_once)
    monkeypatch.setattr(queue.time, "sleep", lambda seconds: None)
    assert queue.work(burst=True, clock=False) == 0
    assert len(calls) == 2


def test_a_digest_counts_changes_as_the_inbox_groups_them(people):
    """166 new documents of one import and one stage change: two changes, not 167,
    and the count written in the reader's language."""
    from django.utils import translation

    from harmonia.alerts.models import Event, Notification

    anh = people["anh"]
    made = [
        Event.objects.create(
            key=f"publication:{i}", kind_id="publication", source="import", batch="import:7",
            title=f"TCVN {13000 + i}:2026",
        )
        for i in range(166)
    ]  # fmt: skip
    lone = Event.objects.create(
        key="stage:1", kind_id="stage-change", source="scan", batch="scan:1", title="DT-1"
    )
    Notification.objects.bulk_create(
        [Notification(user=anh, event=e, reason="body: STAMEQ") for e in [*made, lone]]
    )
    sub = delivery.subscriber(anh)
    sub.mode = "daily"
    sub.save()
    digest = Delivery.objects.create(user=anh, key="digest:test", digest=True)
    digest.notifications.set(Notification.objects.filter(user=anh))
    assert delivery.compose(digest, sub).subject == "Harmonia daily digest: 2 changes"
    sub.language = "vi"
    with translation.override("vi"):
        said = translation.ngettext(
            "Harmonia daily digest: %(shown)s change",
            "Harmonia daily digest: %(shown)s changes",
            2,
        ) % {"shown": "2"}
    assert delivery.compose(digest, sub).subject == said
