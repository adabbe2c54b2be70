"""The background worker and `harmonia alerts …`: follows, events, deliveries."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from harmonia.accounts.acting import user_named
from harmonia.commandline import (
    JsonFlag,
    echo_json,
    fail,
    migrate_database,
    out,
    setup,
)

commands = typer.Typer()
alerts_commands = typer.Typer()
groups = {"alerts": alerts_commands}


@commands.command("worker")
def worker_command(
    burst: Annotated[
        bool, typer.Option("--burst", help="Stop once no job is due (for cron and tests).")
    ] = False,
    poll: Annotated[float, typer.Option(help="Seconds to wait when no job is due.")] = 1.0,
) -> None:
    """Run the background jobs: alert e-mails and digests, the scan for stage changes and
    deadlines, training reminders. Jobs wait in the database, or in Redis when
    HARMONIA_QUEUE_URL names one. Stop it with Ctrl-C or SIGTERM: the job at hand ends
    first; a worker killed mid-job leaves it to the next one, which sends no mail twice."""
    import signal

    setup()
    migrate_database()
    from harmonia.alerts import queue

    stopping: list[int] = []

    def stop(signum: int, _frame: Any) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    where = "Redis " + queue.settings.QUEUE_URL if queue.using_redis() else "the database"
    out.print(
        f"worker {queue.worker_name()}: jobs from {where}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    # What a worker that died left half done is queued again first.
    queue.enqueue("alerts.sweep")
    ran = queue.work(burst=burst, poll=poll, should_stop=lambda: bool(stopping))
    out.print(f"{ran} job(s) run", highlight=False, markup=False, soft_wrap=True)


@alerts_commands.command("scan")
def alerts_scan() -> None:
    """Record the events found now (stage changes, adoptions, enquiries and ballots
    opening or closing, reviews and training deadlines); the worker sends them."""
    setup()
    migrate_database()
    from harmonia.alerts import events

    found = events.scan()
    for event in found:
        out.print(f"{event.kind_id}\t{event.title}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"{len(found)} new event(s)", highlight=False, markup=False, soft_wrap=True)


@alerts_commands.command("follow-list")
def alerts_follow_list(
    path: Annotated[Path, typer.Argument(help="CSV or Excel .xlsx file of identifiers.")],
    user: Annotated[str, typer.Option("--user", help="Whose list it is (username).")],
    name: Annotated[str, typer.Option("--name", help="Name of the list.")] = "",
    any_edition: Annotated[
        bool, typer.Option("--any-edition", help="Follow every edition of each.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Follow every standard of an organisation's list; the rows that match nothing are
    listed with their line. Nothing is written unless the whole list is read."""
    setup()
    migrate_database()
    from harmonia.alerts import follows

    person = user_named(user, active=True, what="--user: ")
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        rows = follows.read_rows(path)
    except follows.FollowError as exc:
        fail(str(exc))
    report = follows.import_list(person, name, path.name, rows, any_edition=any_edition)
    if as_json:
        echo_json(
            {
                "list": report.follow_list.pk if report.follow_list else None,
                "rows": report.rows,
                "matched": report.matched,
                "already_followed": report.already,
                "unmatched": report.unmatched,
            }
        )
        return
    for row in report.unmatched:
        out.print(
            f"{path}, line {row['line']}: {row['value']}: {row['reason']}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    out.print(
        f"{report.rows} row(s): {report.matched} followed, {len(report.unmatched)} unmatched",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


@alerts_commands.command("status")
def alerts_status(as_json: JsonFlag = False) -> None:
    """The queue and the e-mails: how many jobs and deliveries are in each state."""
    setup()
    migrate_database()
    from django.db.models import Count

    from harmonia.alerts.models import Delivery, Event, Job

    data = {
        "jobs": dict(Job.objects.values_list("state").annotate(n=Count("pk")).order_by()),
        "deliveries": dict(
            Delivery.objects.values_list("state").annotate(n=Count("pk")).order_by()
        ),
        "events": Event.objects.count(),
        "unconfirmed": Delivery.objects.filter(unconfirmed=True).count(),
    }
    if as_json:
        echo_json(data)
        return
    for part in ("jobs", "deliveries"):
        counts = ", ".join(f"{k} {v}" for k, v in sorted(data[part].items())) or "none"
        out.print(f"{part}: {counts}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"events: {data['events']}", highlight=False, markup=False, soft_wrap=True)
