"""The issue's "done when": after an import publishes ISO 9001's next edition, a
follower of "ISO 9001" gets exactly one e-mail (a real SMTP server on loopback), and a
digest subscriber gets it in the next digest."""

import datetime as dt

from django.utils import timezone

from harmonia.alerts import delivery, follows, queue
from harmonia.alerts.models import Delivery, Event, Notification, Subscriber

from .records import import_dir, record, write


def next_edition(tmp_path, *extra):
    return import_dir(
        write(
            tmp_path / "next",
            record("ISO 9001:2026", "2026-11-20"),
            # The same import moves the 2015 edition to withdrawn (95.99).
            record("ISO 9001:2015", "2015-09-15", stage="95.99"),
            *extra,
        )
    )


def recipients(inbox):
    return sorted(m["To"] for m in inbox.messages)


def test_a_follower_gets_one_email_and_a_digest_subscriber_the_next_digest(
    iso9001, people, smtp, tmp_path
):
    follows.follow(people["anh"], follows.document_target("ISO 9001"))  # any edition
    follows.follow(people["binh"], follows.document_target("iso 9001"))
    Subscriber.objects.create(
        user=people["binh"], mode="daily", digest_sent_at=timezone.now() - dt.timedelta(hours=1)
    )
    # chi follows the 2015 edition itself: its new edition and withdrawal concern her.
    follows.follow(people["chi"], follows.document_target("ISO 9001:2015"))
    follows.follow(people["dung"], follows.document_target("ISO 14001"))

    next_edition(tmp_path)
    queue.run_due()

    assert recipients(smtp) == ["anh@example.org", "chi@example.org"]
    mail = smtp.messages[0]
    body = smtp.body(0)
    assert "ISO 9001:2026" in body and "Withdrawn" in body and "ISO 9001:2015" in body
    assert "New edition published" in body
    assert mail["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert "/alerts/unsubscribe/" in mail["List-Unsubscribe"]
    # Running everything again sends nothing more.
    delivery.fan_out(Event.objects.first().batch)
    delivery.sweep()
    queue.run_due()
    assert len(smtp.messages) == 2

    # binh's digest is not due before a day has passed since the last one...
    assert delivery.send_digests() == []
    # ...and then carries the new edition, once.
    made = delivery.send_digests(timezone.now() + dt.timedelta(days=1))
    assert len(made) == 1
    queue.run_due()
    assert recipients(smtp) == ["anh@example.org", "binh@example.org", "chi@example.org"]
    digest = next(m for m in smtp.messages if m["To"] == "binh@example.org")
    assert "digest" in digest["Subject"]
    assert "ISO 9001:2026" in digest.get_body(preferencelist=("plain",)).get_content()
    assert delivery.send_digests(timezone.now() + dt.timedelta(days=1, hours=1)) == []
    queue.run_due()
    assert len(smtp.messages) == 3
    assert set(Delivery.objects.values_list("state", flat=True)) == {"sent"}
    # In the app: each follower has both events, dung (ISO 14001) nothing.
    assert Notification.objects.filter(user=people["anh"]).count() == 2
    assert not Notification.objects.filter(user=people["dung"]).exists()


def test_each_event_is_recorded_once_with_its_source_change(iso9001, people, tmp_path):
    from harmonia.catalogue.models import ImportRun

    next_edition(tmp_path)
    run = ImportRun.objects.order_by("-pk").first()
    kinds = dict(Event.objects.values_list("key", "kind_id"))
    assert kinds == {
        "new-edition:ISO 9001:2026": "new-edition",
        "withdrawal:ISO 9001:2015:95.99": "withdrawal",
    }
    assert set(Event.objects.values_list("source", "source_id")) == {("import", str(run.pk))}
    edition = Event.objects.get(kind="new-edition")
    assert "ISO 9001:2015" in edition.keys and edition.works == ["ISO 9001"]
    # The same files again change nothing and record nothing.
    next_edition(tmp_path)
    assert Event.objects.count() == 2


def test_the_first_import_into_an_empty_catalogue_tells_nobody(db, tmp_path):
    import_dir(write(tmp_path / "a", record("ISO 9001:2015", "2015-09-15")))
    assert not Event.objects.exists()


def test_an_older_edition_arriving_late_is_not_a_new_edition(iso9001, tmp_path):
    import_dir(write(tmp_path / "old", record("ISO 9001:2008", "2008-11-14", stage="95.99")))
    assert not Event.objects.filter(kind="new-edition").exists()


def test_an_amendment_reaches_the_followers_of_its_edition(iso9001, people, tmp_path):
    follows.follow(people["chi"], follows.document_target("ISO 9001:2015"))
    today = timezone.localdate().isoformat()
    import_dir(write(tmp_path / "amd", record("ISO 9001:2015/Amd 1:2024", today)))
    event = Event.objects.get()
    assert event.kind_id == "amendment"
    queue.run_due()
    assert Notification.objects.filter(user=people["chi"], event=event).exists()


def test_ics_committee_and_body_followers_hear_of_a_new_document(iso9001, people, tmp_path):
    from harmonia.catalogue.models import Body, Committee

    follows.follow(people["anh"], follows.ics_target("03.120"))  # the parent field
    follows.follow(people["binh"], follows.committee_target("ISO/TC 176"))
    follows.follow(people["chi"], follows.body_target("ISO"))
    follows.follow(people["dung"], follows.ics_target("13"))
    today = timezone.localdate().isoformat()
    import_dir(write(tmp_path / "new", record("ISO 10005:2026", today, title="Quality plans")))
    queue.run_due()
    told = set(Notification.objects.values_list("user__username", flat=True))
    assert told == {"anh", "binh", "chi"}
    assert Committee.objects.filter(reference="ISO/TC 176").exists()
    assert Body.objects.filter(code="ISO").exists()
