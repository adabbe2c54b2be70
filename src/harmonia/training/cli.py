"""`harmonia training …`: capacity-building programmes."""

from __future__ import annotations

from typing import Annotated

import typer

from harmonia.commandline import (
    fail,
    migrate_database,
    out,
    setup,
)

commands = typer.Typer()
training_commands = typer.Typer()
groups = {"training": training_commands}


@training_commands.command("remind")
def training_remind(
    today: Annotated[
        str | None, typer.Option(help="the day to remind for, YYYY-MM-DD (default: today)")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list, send nothing")] = False,
) -> None:
    """Mail the deadlines due (nominations, assessments, feedback, follow-ups); run it
    daily: a reminder already sent is never sent again."""
    import datetime as dt

    setup()
    migrate_database()
    from harmonia.training import reminders

    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        fail(f"--today: {today!r} is not a date (YYYY-MM-DD)")
    if dry_run:
        from django.utils import timezone

        for due in reminders.due(day or timezone.localdate()):
            out.print(f"{due.key}\t{due.email}\t{due.subject}", highlight=False, markup=False)
        return
    sent = reminders.send_due(day)
    for due in sent:
        out.print(f"sent {due.key} to {due.email}", highlight=False, markup=False)
    out.print(f"{len(sent)} reminder(s) sent")
