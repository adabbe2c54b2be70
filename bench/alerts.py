"""Benchmark: stakeholder alerts, each figure beside a baseline measured in the same run.

    python bench/alerts.py [--documents 70000] [--rows 1000] [--followers 200]

It makes its own SQLite database in a temporary directory (or a fresh PostgreSQL
database named by DATABASE_URL) with an invented catalogue of `--documents` ISO-style
documents (two editions of each work).

- follow list: an organisation's CSV (and Excel) list of `--rows` identifiers, written
  the ways people write them (case, spaces, a full-width colon), 5 % matching nothing:
  read, matched and followed (`follows.read_rows` + `follows.import_list`). Baseline:
  the one-by-one way, each row looked up as the document page does
  (`catalogue.services.get_document`) and followed with `get_or_create`.
- fan-out: an import publishing 100 new editions, told to `--followers` people who each
  follow the whole list (`delivery.fan_out`). Baseline: reading the matching follow rows
  alone (`values_list`), the database's floor.
- sending: 200 alert e-mails to an SMTP server on loopback (aiosmtpd) with the
  at-most-once send (`delivery.send`: claim, hand-over recorded before the end of the
  message, sent). Baseline: the same 200 messages through Django's SMTP back-end, with
  nothing recorded.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from benchkit import best_of, django_on_a_fresh_database


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--documents", type=int, default=70_000)
    parser.add_argument("--rows", type=int, default=1000)
    parser.add_argument("--followers", type=int, default=200)
    args = parser.parse_args()
    django_on_a_fresh_database("harmonia-bench-alerts-")
    t = time.perf_counter()
    numbers = build(args.documents)
    print(f"set-up: {args.documents:,} documents in {time.perf_counter() - t:.1f} s")
    path = write_list(numbers, args.rows)
    follow_list(path, args.rows)
    fan_out(path, args.followers, numbers)
    sending()
    return 0


def build(n: int) -> list[int]:
    from harmonia.catalogue.models import Body, Document, DocumentType

    iso = Body.objects.create(code="ISO", name="ISO", kind="international")
    kind = DocumentType.objects.get(slug="international-standard")
    numbers = list(range(10_000, 10_000 + n // 2))
    rows = []
    for number in numbers:
        for year in (2010, 2020):
            ident = f"ISO {number}:{year}"
            rows.append(
                Document(
                    identifier=ident,
                    key=ident,
                    work=f"ISO {number}",
                    publisher=iso,
                    doctype=kind,
                    published=f"{year}-01-01",
                    stage_id="60.60" if year == 2020 else "95.99",
                )
            )
    Document.objects.bulk_create(rows, batch_size=2000)
    return numbers


def write_list(numbers: list[int], size: int) -> Path:
    lines = ["Standard,Used in"]
    step = max(len(numbers) // size, 1)
    for i in range(size):
        if i % 20 == 19:
            lines.append(f"ISO {900_000 + i}:2020,nowhere")  # matches nothing
            continue
        n = numbers[(i * step) % len(numbers)]
        spelled = [f"ISO {n}:2020", f"iso {n}:2020", f"ISO  {n}：2020", f"ISO {n}"][i % 4]
        lines.append(f"{spelled},plant {i % 7}")
    path = Path(tempfile.mkdtemp(prefix="harmonia-bench-list-")) / "ours.csv"
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _user(name: str):
    from django.contrib.auth import get_user_model

    return get_user_model().objects.create(username=name, email=f"{name}@example.org")


def follow_list(path: Path, size: int) -> None:
    from openpyxl import Workbook

    from harmonia.alerts import follows
    from harmonia.alerts.models import Follow
    from harmonia.catalogue.services import get_document

    count = [0]
    report = None

    def batch() -> None:
        nonlocal report
        count[0] += 1
        rows = follows.read_rows(path)
        report = follows.import_list(_user(f"list{count[0]}"), "ours", path.name, rows)

    took = best_of(batch)
    assert report is not None
    book = Workbook()
    for line in path.read_text("utf-8").splitlines():
        book.active.append(line.split(","))
    xlsx = path.with_suffix(".xlsx")
    book.save(xlsx)

    def batch_xlsx() -> None:
        count[0] += 1
        rows = follows.read_rows(xlsx)
        follows.import_list(_user(f"list{count[0]}"), "ours", xlsx.name, rows)

    took_xlsx = best_of(batch_xlsx)

    def one_by_one() -> None:
        count[0] += 1
        user = _user(f"naive{count[0]}")
        for line in path.read_text("utf-8").splitlines()[1:]:
            text = line.split(",")[0]
            try:
                doc = get_document(text)
            except Exception:
                continue
            Follow.objects.get_or_create(
                user=user, kind="document", value=doc.key, defaults={"label": doc.identifier}
            )

    baseline = best_of(one_by_one)
    print(
        f"follow list of {size:,} rows ({report.matched:,} followed, "
        f"{len(report.unmatched):,} unmatched): CSV {took * 1000:.0f} ms, "
        f"Excel {took_xlsx * 1000:.0f} ms; baseline one by one {baseline * 1000:.0f} ms "
        f"({baseline / took:.1f} × slower)"
    )


def fan_out(path: Path, followers: int, numbers: list[int]) -> None:
    from django.db import transaction
    from django.utils import timezone

    from harmonia.alerts import delivery, follows
    from harmonia.alerts.events import Draft, record
    from harmonia.alerts.models import Event, Follow, Job, Notification

    rows = follows.read_rows(path)
    for i in range(followers):
        follows.import_list(_user(f"follower{i}"), "ours", path.name, rows, any_edition=True)
    total = Follow.objects.count()
    works = [
        f"ISO {numbers[(i * max(len(numbers) // 1000, 1)) % len(numbers)]}" for i in range(100)
    ]
    runs = [0]

    def once() -> None:
        runs[0] += 1
        with transaction.atomic():
            Notification.objects.all().delete()
            Event.objects.all().delete()
            drafts = [
                Draft(
                    kind="new-edition",
                    key=f"new-edition:{w}:2030:{runs[0]}",
                    title=f"{w}:2030",
                    keys=[f"{w}:2030"],
                    works=[w],
                )
                for w in works
            ]
            record(drafts, source="bench", source_id=str(runs[0]), batch=f"bench:{runs[0]}")
        delivery.fan_out(f"bench:{runs[0]}")
        Job.objects.all().delete()

    took = best_of(once)
    told = Notification.objects.count()

    def floor() -> None:
        list(Follow.objects.filter(kind="work", value__in=works).values_list("user_id", "value"))

    baseline = best_of(floor)
    print(
        f"fan-out of 100 new editions to {followers:,} people ({total:,} follows, "
        f"{told:,} notifications and their e-mails queued): {took * 1000:.0f} ms; "
        f"baseline reading the matching follows {baseline * 1000:.0f} ms"
    )
    print(f"  per notification: {took / max(told, 1) * 1e6:.0f} µs ({timezone.now():%H:%M})")


def sending() -> None:
    from aiosmtpd.controller import Controller
    from django.conf import settings
    from django.core.mail import get_connection

    from harmonia.alerts import delivery
    from harmonia.alerts.models import Delivery, Notification

    class Sink:
        count = 0

        async def handle_DATA(self, server, session, envelope):
            Sink.count += 1
            return "250 OK"

    import socket

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    controller = Controller(Sink(), hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", port
    settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
    try:
        pending = list(Delivery.objects.filter(state="queued").values_list("pk", flat=True)[:200])
        if len(pending) < 200:
            print("sending: fewer than 200 deliveries queued; skipped")
            return
        t = time.perf_counter()
        messages = [delivery.compose(Delivery.objects.get(pk=pk)) for pk in pending]
        composing = time.perf_counter() - t
        t = time.perf_counter()
        for pk in pending:
            assert delivery.send(pk) == "sent"
        took = time.perf_counter() - t
        t = time.perf_counter()
        for message in messages:
            message.connection = get_connection()  # a connection each, as send() opens one
            message.send()
        baseline = time.perf_counter() - t
    finally:
        controller.stop()
    assert Sink.count == 400, Sink.count
    print(
        f"sending 200 alert e-mails at most once: {took * 1000:.0f} ms "
        f"({took / 200 * 1000:.1f} ms each); baseline Django's SMTP back-end, nothing "
        f"recorded: {baseline * 1000:.0f} ms ({took / baseline:.2f} ×); composing the 200 "
        f"messages alone (in both, the baseline's done beforehand) {composing * 1000:.0f} ms"
    )
    Notification.objects.count()


if __name__ == "__main__":
    sys.exit(main())
