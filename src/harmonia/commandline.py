"""What every app's `cli.py` shares: Django set-up, one-line errors, progress bars and
the common options (the --as user is harmonia.accounts.acting's). `harmonia.cli` mounts
the apps' commands on the one `harmonia` entry point.

An app's `cli.py` holds `commands`, a `typer.Typer` whose commands become commands of
`harmonia`, and may hold `groups`, commands it adds to a group of `harmonia` (`import`,
`analyze`, …) by the group's name. Modules of the app are imported inside the commands,
after Django is set up.
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, Any, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

console = Console(stderr=True)
out = Console()

BodyOption = Annotated[str, typer.Option("--body", help="Body: code, acronym or country code.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IcsOption = Annotated[
    list[str] | None, typer.Option("--ics", help="Restrict to ICS fields (repeatable).")
]


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
    import django

    django.setup()


def migrate_database(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


def fail(message: str) -> NoReturn:
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


def echo_json(data: Any) -> None:
    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


def texts_or_stdin(texts: list[str] | None) -> list[str]:
    return texts if texts else [line.strip() for line in sys.stdin if line.strip()]


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "–/s", style="progress.data.speed")


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    columns = [
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as p:
        task = p.add_task(label, total=total)
        yield lambda n: p.advance(task, n)
