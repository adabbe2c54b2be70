"""The `harmonia` command: one entry point for set-up, imports, exports and serving."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

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

app = typer.Typer(
    help="Harmonia: standards catalogue and harmonization platform for national bodies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import catalogues and reference data.", no_args_is_help=True)
app.add_typer(import_app, name="import")
id_app = typer.Typer(help="Parse identifiers and URNs (no database needed).", no_args_is_help=True)
app.add_typer(id_app, name="id")
console = Console(stderr=True)
out = Console()


class Failure(Exception):
    """A one-line error for the user; the command exits with status 1."""


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
    import django

    django.setup()


@app.callback()
def _startup() -> None:
    """Configure Django once, before any command imports models."""
    setup()


def fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


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


def _migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


@app.command()
def migrate() -> None:
    """Create or upgrade the database (SQLite under var/, or DATABASE_URL)."""
    setup()
    _migrate(verbose=True)
    from django.db import connection

    out.print(f"database ready: {connection.vendor} {connection.settings_dict['NAME']}")


def _report(report: Any) -> None:
    c = report.counts()
    out.print(
        f"read {c['read']:,} records: {c['unchanged']:,} unchanged, {c['parsed']:,} parsed, "
        f"{c['errors']:,} refused; {c['distinct_identifiers']:,} distinct identifiers; "
        f"{c['created']:,} created, {c['updated']:,} updated, "
        f"{c['duplicates_merged']:,} duplicate records merged; {c['seconds']:.1f} s"
    )
    if report.per_publisher:
        parts = ", ".join(f"{k} {v:,}" for k, v in report.per_publisher.items())
        out.print(f"documents held for these records, by publisher: {parts}")


def _write_errors(report: Any, path: Path | None) -> Path:
    from django.conf import settings

    if path is None:
        stamp = time.strftime("%Y%m%d-%H%M%S")
        path = Path(settings.VAR_DIR) / f"import-errors-{stamp}.txt"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("\n".join(report.errors) + "\n", "utf-8")
    return path


def _run_import(
    kind: str,
    paths: list[Path],
    iterate: Callable[[Path], Iterator[tuple[str, bytes]]],
    parse: Callable[[str, bytes], dict[str, Any]],
    keep_going: bool,
    errors: Path | None,
    workers: int | None,
) -> None:
    setup()
    _migrate()
    from harmonia.catalogue.importers.sources import SourceError
    from harmonia.catalogue.loading import ImportFailed, import_items

    def items() -> Iterator[tuple[str, bytes]]:
        for path in paths:
            yield from iterate(path)

    # Check every source opens before any work, so a bad path fails at once.
    for path in paths:
        if not path.exists():
            fail(f"{path}: no such file or directory")
    try:
        with progress_bar(f"import {kind}") as advance:
            report = import_items(
                kind,
                [str(p) for p in paths],
                items(),
                parse,
                keep_going=keep_going,
                progress=advance,
                workers=workers,
            )
    except SourceError as exc:
        fail(f"{exc}; nothing was imported")
    except ImportFailed as exc:
        where = _write_errors(exc.report, errors)
        fail(f"{exc} — all {len(exc.report.errors)} errors in {where}")
    _report(report)
    if report.errors:
        where = _write_errors(report, errors)
        console.print(
            f"[yellow]{len(report.errors)} records refused (kept going); report: {where}[/]"
        )


KeepGoing = Annotated[
    bool, typer.Option("--keep-going", help="Commit the good records; report the bad ones.")
]
ErrorsFile = Annotated[
    Path | None, typer.Option("--errors", help="Where to write the error report.")
]
Workers = Annotated[
    int | None, typer.Option("--workers", help="Parser processes (default: one per core).")
]


@import_app.command("relaton")
def import_relaton(
    paths: Annotated[list[Path], typer.Argument(help="Directories, YAML files or archives.")],
    keep_going: KeepGoing = False,
    errors: ErrorsFile = None,
    workers: Workers = None,
) -> None:
    """Import Relaton YAML: a directory, a file, or a .tar.xz/.tar.gz/.zip archive."""
    from harmonia.catalogue.importers.relaton import parse_relaton
    from harmonia.catalogue.importers.sources import iter_path

    _run_import("relaton", paths, iter_path, parse_relaton, keep_going, errors, workers)


@import_app.command("jsonl")
def import_jsonl(
    paths: Annotated[list[Path], typer.Argument(help="jsonl files (.jsonl, .jsonl.xz, .gz).")],
    keep_going: KeepGoing = False,
    errors: ErrorsFile = None,
    workers: Workers = None,
) -> None:
    """Import Harmonia's native jsonl (as written by `harmonia export jsonl`)."""
    from harmonia.catalogue.importers.jsonl import iter_lines, parse_jsonl

    _run_import("jsonl", paths, iter_lines, parse_jsonl, keep_going, errors, workers)


@import_app.command("ics")
def import_ics(
    path: Annotated[Path, typer.Argument(help="ISO Open Data ICS.csv or ics-ed7.tar.xz")],
) -> None:
    """Import the ICS tree (International Classification for Standards)."""
    setup()
    _migrate()
    from harmonia.catalogue.reference_data import ReferenceDataError
    from harmonia.catalogue.reference_data import import_ics as load

    try:
        n = load(path)
    except ReferenceDataError as exc:
        fail(f"{exc}; nothing was imported")
    out.print(f"ICS: {n:,} codes loaded")


@import_app.command("bodies")
def import_bodies(
    path: Annotated[Path, typer.Argument(help="iso_member_bodies_derived.csv")],
) -> None:
    """Seed the standards bodies (ISO members) from the derived members file."""
    setup()
    _migrate()
    from harmonia.catalogue.reference_data import ReferenceDataError
    from harmonia.catalogue.reference_data import import_bodies as load

    try:
        n = load(path)
    except ReferenceDataError as exc:
        fail(f"{exc}; nothing was imported")
    out.print(f"bodies: {n:,} rows seeded")


@app.command("export")
def export(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="relaton, jsonl or csv")],
    path: Annotated[Path, typer.Argument(help="File (jsonl, csv) or directory (relaton).")],
) -> None:
    """Export the catalogue: jsonl (lossless), Relaton YAML (a directory) or CSV."""
    _migrate()
    from harmonia.catalogue import exporters
    from harmonia.catalogue.models import Document

    writers = {
        "jsonl": exporters.export_jsonl,
        "relaton": exporters.export_relaton,
        "csv": exporters.export_csv,
    }
    if fmt not in writers:
        fail(f"format: {fmt!r} is not one of relaton, jsonl, csv")
    try:
        with progress_bar(f"export {fmt}", Document.objects.count()) as advance:
            n = writers[fmt](path, advance)
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")
    out.print(f"exported {n:,} documents to {path}")


@app.command()
def demo() -> None:
    """Create the database and load the shipped catalogue snapshot (ISO, ICS, bodies)."""
    setup()
    _migrate()
    from harmonia.demo.snapshot import load_snapshot

    with progress_bar("load demo snapshot") as advance:
        summary = load_snapshot(progress=advance)
    out.print(summary)


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads.")] = 8,
) -> None:
    """Serve the web app and API (waitress, a production WSGI server)."""
    setup()
    _migrate()
    from waitress import serve as waitress_serve

    from harmonia.wsgi import application

    out.print(f"Harmonia on http://{host}:{port}/ (Ctrl+C stops)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="harmonia")


@app.command()
def createuser(
    username: Annotated[str, typer.Argument()],
    email: Annotated[str, typer.Option()] = "",
    superuser: Annotated[bool, typer.Option("--superuser", help="Full admin rights.")] = False,
    body: Annotated[str | None, typer.Option(help="Body code the user belongs to.")] = None,
    role: Annotated[str, typer.Option(help="viewer, editor, secretary or admin.")] = "admin",
    password_stdin: Annotated[
        bool, typer.Option("--password-stdin", help="Read the password from standard input.")
    ] = False,
) -> None:
    """Create a user (the first admin: `harmonia createuser admin --superuser`)."""
    setup()
    _migrate()
    from harmonia.accounts.services import AccountError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        create_user(username, password, email=email, superuser=superuser, body=body, role=role)
    except AccountError as exc:
        fail(str(exc))
    out.print(f"user {username} created")


@app.command()
def stats() -> None:
    """Counts of what the database holds."""
    setup()
    from harmonia.catalogue.loading import group_counts
    from harmonia.catalogue.models import ICS, Body, Committee

    for code, n in sorted(group_counts().items(), key=lambda kv: -kv[1]):
        out.print(f"{code:<12} {n:>8,}")
    out.print(
        f"ICS {ICS.objects.count():,}; committees {Committee.objects.count():,}; "
        f"bodies {Body.objects.count():,}"
    )


def _texts(texts: list[str] | None) -> list[str]:
    return texts if texts else [line.strip() for line in sys.stdin if line.strip()]


@id_app.command("parse")
def id_parse(
    texts: Annotated[list[str] | None, typer.Argument(help="Identifiers (default: stdin)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """Parse identifiers: canonical form, URN and parts; exit 1 if any does not parse."""
    import dataclasses
    import json

    from harmonia.identifiers import IdentifierError, parse

    failed = 0
    for text in _texts(texts):
        try:
            x = parse(text)
        except IdentifierError as exc:
            failed += 1
            console.print(f"[bold red]error:[/] {exc}", highlight=False)
            continue
        if as_json:
            fields = dataclasses.asdict(x)
            record = {"input": text, "canonical": str(x), "urn": x.urn(), **fields}
            typer.echo(json.dumps(record, ensure_ascii=False))
        else:
            typer.echo(f"{x}\t{x.urn()}")
    if failed:
        raise typer.Exit(1)


@id_app.command("urn")
def id_urn(
    texts: Annotated[list[str] | None, typer.Argument(help="Identifiers or URNs")] = None,
) -> None:
    """Identifier → URN, or URN → identifier."""
    from harmonia.identifiers import IdentifierError, is_urn, parse, parse_urn

    failed = 0
    for text in _texts(texts):
        try:
            typer.echo(str(parse_urn(text)) if is_urn(text) else parse(text).urn())
        except IdentifierError as exc:
            failed += 1
            console.print(f"[bold red]error:[/] {exc}", highlight=False)
    if failed:
        raise typer.Exit(1)


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        console.print("interrupted; the database is unchanged by the interrupted step")
        sys.exit(130)
    except Exception as exc:  # the user gets one line; HARMONIA_DEBUG=1 gives the traceback
        if os.environ.get("HARMONIA_DEBUG") == "1":
            raise
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else ""
        console.print(f"[bold red]error:[/] {type(exc).__name__}: {message}", highlight=False)
        sys.exit(1)


if __name__ == "__main__":
    main()
