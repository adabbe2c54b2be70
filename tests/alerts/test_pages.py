"""The alert pages: following from a document's page, the notifications, delivery
choices, the list import, what changed (and its Excel), the feeds by their secret
address and the unsubscribe link, without signing in."""

import io
import xml.etree.ElementTree as ET

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from icalendar import Calendar
from openpyxl import load_workbook

from harmonia.alerts import events, follows, queue
from harmonia.alerts.delivery import subscriber
from harmonia.alerts.links import unsubscribe_token
from harmonia.alerts.models import Follow, Notification, Subscriber

from .records import import_dir, record, write

ATOM = "{http://www.w3.org/2005/Atom}"


@pytest.fixture
def anh(client, people):
    client.force_login(people["anh"])
    return people["anh"]


def new_edition(tmp_path):
    import_dir(write(tmp_path / "next", record("ISO 9001:2026", "2026-11-20")))
    queue.run_due()


def test_follow_any_edition_from_the_document_page(iso9001, anh, client, tmp_path):
    page = client.get("/documents/ISO 9001:2015/")
    html = page.content.decode()
    assert "Follow any edition" in html and "Follow this edition" in html
    response = client.post(
        "/alerts/follow/",
        {"kind": "work", "value": "ISO 9001", "any_edition": "1", "next": "/documents/x/"},
    )
    assert response.status_code == 302 and response["Location"] == "/documents/x/"
    assert list(Follow.objects.values_list("kind", "value")) == [("work", "ISO 9001")]
    new_edition(tmp_path)
    inbox = client.get("/alerts/").content.decode()
    assert "ISO 9001:2026" in inbox and "New edition published" in inbox
    assert "document (any edition): ISO 9001" in inbox  # why
    assert client.post("/alerts/read/").status_code == 302
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_an_offsite_next_is_not_followed(iso9001, anh, client):
    response = client.post(
        "/alerts/follow/", {"kind": "ics", "value": "03.120", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/alerts/following/"


def test_a_follow_of_something_unknown_says_why(iso9001, anh, client):
    response = client.post("/alerts/follow/", {"kind": "document", "value": "ISO 42:1900"})
    page = client.get(response["Location"]).content.decode()
    assert "is not in the catalogue" in page
    assert not Follow.objects.exists()


def test_unsubscribe_without_signing_in(iso9001, people, client, smtp, tmp_path):
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    new_edition(tmp_path)
    link = smtp.messages[0]["List-Unsubscribe"].strip("<>")
    path = link.split("127.0.0.1:8000", 1)[1]
    page = client.get(path)  # a link scanner's GET changes nothing
    assert page.status_code == 200 and "an…@example.org" in page.content.decode()
    assert subscriber(people["anh"]).unsubscribed_at is None
    done = client.post(path)
    assert done.status_code == 200 and "Done" in done.content.decode()
    sub = Subscriber.objects.get(user=people["anh"])
    assert sub.mode == "none" and sub.unsubscribed_at is not None
    import_dir(write(tmp_path / "amd", record("ISO 9001:2026/Amd 1:2026", "2026-12-01")))
    queue.run_due()
    assert len(smtp.messages) == 1


def test_one_click_unsubscribe_by_a_mail_program(people, client):
    token = unsubscribe_token(people["binh"])
    response = client.post(
        f"/alerts/unsubscribe/{token}/",
        "List-Unsubscribe=One-Click",
        content_type="application/x-www-form-urlencoded",
    )
    assert response.status_code == 200
    assert Subscriber.objects.get(user=people["binh"]).mode == "none"


@pytest.mark.parametrize("tamper", ["x", "changed-address"])
def test_a_forged_or_stale_unsubscribe_link_does_nothing(people, client, tamper):
    token = unsubscribe_token(people["binh"])
    if tamper == "x":
        token = token[:-2] + "xx"
    else:
        people["binh"].email = "new@example.org"
        people["binh"].save()
    assert client.post(f"/alerts/unsubscribe/{token}/").status_code == 404
    assert not Subscriber.objects.filter(unsubscribed_at__isnull=False).exists()


def test_the_atom_feed_at_its_secret_address(iso9001, people, client, tmp_path):
    follows.follow(people["anh"], follows.document_target("ISO 9001"))
    new_edition(tmp_path)
    sub = subscriber(people["anh"])
    response = client.get(f"/alerts/feed/{sub.feed_token}/")
    assert response["Content-Type"].startswith("application/atom+xml")
    feed = ET.fromstring(response.content)
    titles = [e.findtext(f"{ATOM}title") for e in feed.iter(f"{ATOM}entry")]
    assert titles == [
        "New edition published: ISO 9001:2026 Quality management systems - Requirements"
    ]
    assert client.get("/alerts/feed/not-the-token/").status_code == 404
    # A new secret ends the old address.
    client.force_login(people["anh"])
    client.post("/alerts/settings/", {"action": "new-token"})
    assert client.get(f"/alerts/feed/{sub.feed_token}/").status_code == 404


def test_the_calendar_of_deadlines(tenants, client):
    viewer = tenants.people["viewer"]
    follows.follow(viewer, follows.enquiry_target(tenants.enquiry.pk))
    events.scan()
    queue.run_due()
    sub = subscriber(viewer)
    response = client.get(f"/alerts/calendar/{sub.feed_token}.ics")
    assert response["Content-Type"].startswith("text/calendar")
    calendar = Calendar.from_ical(response.content)
    entries = [c for c in calendar.walk("VEVENT")]
    assert len(entries) == 1  # opened and closing name the same deadline once
    assert entries[0]["SUMMARY"].startswith("Closes: DT TCVN 14001:2027")
    assert entries[0].decoded("DTSTART") == tenants.enquiry.closes_at.replace(microsecond=0)


def test_delivery_choices_are_kept(people, anh, client):
    response = client.post("/alerts/settings/", {"mode": "weekly", "language": "vi"})
    assert response.status_code == 302
    sub = Subscriber.objects.get(user=anh)
    assert (sub.mode, sub.language) == ("weekly", "vi")
    client.post("/alerts/settings/", {"mode": "hourly", "language": "vi"})
    assert Subscriber.objects.get(user=anh).mode == "weekly"


def test_import_page_lists_unmatched_rows(iso9001, anh, client):
    upload = io.BytesIO(b"identifier\nISO 9001:2015\nISO 4242:2020\n")
    upload.name = "ours.csv"
    response = client.post("/alerts/import/", {"name": "Ours", "file": upload})
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "ISO 4242:2020" in page and "not in the catalogue" in page
    bad = io.BytesIO(b"PK\x03\x04junk")
    bad.name = "ours.csv"
    refused = client.post("/alerts/import/", {"file": bad})
    assert refused.status_code == 400 and "not text" in refused.content.decode()


def test_what_changed_since_a_date_and_its_excel(iso9001, anh, client, tmp_path):
    follows.follow(anh, follows.document_target("ISO 9001:2015"))
    follows.follow(anh, follows.document_target("ISO 14001:2015"))
    new_edition(tmp_path)
    page = client.get("/alerts/changes/?since=2026-01-01").content.decode()
    assert "ISO 9001:2026" in page and "New edition published" in page
    assert "ISO 14001" not in page.split("<tbody>")[1]
    before = client.get("/alerts/changes/?since=2027-01-01").content.decode()
    assert "Nothing you follow changed" in before
    sheet = client.get("/alerts/changes.xlsx?since=2026-01-01")
    rows = list(load_workbook(io.BytesIO(sheet.content)).active.iter_rows(values_only=True))
    assert any(
        row[:3] == ("ISO 9001:2015", "New edition published", "ISO 9001:2026") for row in rows
    )


def test_what_changed_reads_the_catalogue_before_alerts_existed(iso9001, anh, client, tmp_path):
    # The new edition came in before anybody followed anything: no event reached anh.
    new_edition(tmp_path)
    follows.follow(anh, follows.document_target("ISO 9001:2015"))
    page = client.get("/alerts/changes/?since=2026-06-01").content.decode()
    assert "ISO 9001:2026" in page


def test_the_inbox_reads_a_fixed_number_of_queries(iso9001, anh, client, tmp_path):
    follows.follow(anh, follows.document_target("ISO 9001:2015"))
    new_edition(tmp_path)
    with CaptureQueriesContext(connection) as few:
        client.get("/alerts/")
    today = timezone.localdate().isoformat()
    import_dir(
        write(
            tmp_path / "more",
            *[record(f"ISO 9001:2015/Amd {n}:2026", today) for n in range(1, 8)],
        )
    )
    queue.run_due()
    assert Notification.objects.filter(user=anh).count() == 8
    with CaptureQueriesContext(connection) as many:
        client.get("/alerts/")
    assert len(many) == len(few) <= 15


def test_the_menu_shows_the_unread_count(iso9001, anh, client, tmp_path):
    follows.follow(anh, follows.document_target("ISO 9001"))
    new_edition(tmp_path)
    html = client.get("/alerts/following/").content.decode()
    assert 'aria-label="unread">1<' in html


def test_one_change_that_touches_many_follows_is_one_row(anh, client):
    """A body's catalogue import of 166 new documents, followed through the body: one
    row saying how many, which opens to the list; marking it read reads them all."""
    from harmonia.alerts.models import Event

    made = [
        Event.objects.create(
            key=f"publication:{i}",
            kind_id="publication",
            source="import",
            batch="import:7",
            title=f"TCVN {13000 + i}:2026",
        )
        for i in range(166)
    ]
    lone = Event.objects.create(
        key="stage:1", kind_id="stage-change", source="scan", batch="scan:1", title="DT-1"
    )
    Notification.objects.bulk_create(
        [Notification(user=anh, event=e, reason="body: STAMEQ") for e in [*made, lone]]
    )
    inbox = client.get("/alerts/").content.decode()
    assert inbox.count('class="group unread"') == 1
    assert "166 notifications from one change" in inbox and "DT-1" in inbox
    assert inbox.count("TCVN 13") == 3  # a few of them, then the link
    assert 'href="?batch=import%3A7&amp;kind=publication"' in inbox
    listed = client.get("/alerts/", {"batch": "import:7", "kind": "publication"})
    assert listed.content.decode().count('class="unread"') == 50  # a page of them
    client.post("/alerts/read/", {"batch": "import:7", "kind": "publication"})
    assert Notification.objects.filter(read_at__isnull=True).count() == 1  # DT-1's


def test_events_read_in_the_readers_language(iso9001, anh, client, tmp_path):
    """An event stores the English title: the Vietnamese reader sees the Vietnamese
    one held for the document, in the inbox, the e-mail, the feeds and what changed,
    and a stage change names its stage in Vietnamese."""
    from django.utils import translation

    from harmonia.alerts.delivery import compose
    from harmonia.alerts.models import Delivery, Event
    from harmonia.catalogue.models import Document, DocumentTitle

    follows.follow(anh, follows.document_target("ISO 9001"))
    new_edition(tmp_path)
    doc = Document.objects.get(identifier="ISO 9001:2026")
    vietnamese = "Hệ thống quản lý chất lượng – Các yêu cầu"
    DocumentTitle.objects.create(document=doc, language="vi", kind="main", content=vietnamese)
    stage = Event.objects.create(
        key="stage:9",
        kind_id="stage-change",
        source="scan",
        batch="scan:9",
        title="DT-9 Nước sạch",
        summary="00.00 → 20.00 Working draft (WD) study initiated",
    )
    Notification.objects.create(user=anh, event=stage, reason="body: STAMEQ")
    with translation.override("vi"):
        studied = translation.gettext("Working draft (WD) study initiated")
    assert studied != "Working draft (WD) study initiated"

    client.cookies["django_language"] = "vi"
    inbox = client.get("/alerts/").content.decode()
    assert f"ISO 9001:2026 {vietnamese}" in inbox
    assert "Quality management systems" not in inbox
    assert f"00.00 → 20.00 {studied}" in inbox
    changes = client.get("/alerts/changes/", {"since": "2026-01-01"}).content.decode()
    assert vietnamese in changes and "Quality management systems" not in changes

    sub = subscriber(anh)
    sub.language = "vi"
    sub.save()
    delivery = Delivery.objects.create(user=anh, key="test:vi")
    delivery.notifications.set(Notification.objects.filter(user=anh))
    mail = compose(delivery, sub)
    assert vietnamese in mail.body and studied in mail.body
    assert "Quality management systems" not in mail.body
    feed = client.get(f"/alerts/feed/{sub.feed_token}/").content.decode()
    assert vietnamese in feed and "Quality management systems" not in feed
