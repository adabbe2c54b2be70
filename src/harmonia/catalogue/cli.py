"""The catalogue's commands: import Relaton, jsonl, the ICS and the bodies; export; stats."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from harmonia.commandline import (
    console,
    fail,
    migrate_database,
    out,
    progress_bar,
    setup,
)

commands = typer.Typer()
imports = typer.Typer()
groups = {"import": imports}


def body_named(code: str) -> Any:
    from .services import NoSuchBody, resolve_body

    try:
        return resolve_body(code)
    except NoSuchBody as exc:
        fail(str(exc))


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
    migrate_database()
    from harmonia.catalogue.importers import digests
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
        lists = digests.ArchiveLists(paths)
        with progress_bar(f"import {kind}") as advance:
            report = import_items(
                kind,
                [str(p) for p in paths],
                items(),
                parse,
                keep_going=keep_going,
                progress=advance,
                workers=workers,
                known=lists.known(),
            )
        lists.keep(report.read_hashes)
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


@imports.command("relaton")
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


@imports.command("jsonl")
def import_jsonl(
    paths: Annotated[list[Path], typer.Argument(help="jsonl files (.jsonl, .jsonl.xz, .gz).")],
    keep_going: KeepGoing = False,
    errors: ErrorsFile = None,
    workers: Workers = None,
) -> None:
    """Import Harmonia's native jsonl (as written by `harmonia export jsonl`)."""
    from harmonia.catalogue.importers.jsonl import iter_lines, parse_jsonl

    _run_import("jsonl", paths, iter_lines, parse_jsonl, keep_going, errors, workers)


@imports.command("ics")
def import_ics(
    path: Annotated[Path, typer.Argument(help="ISO Open Data ICS.csv or ics-ed7.tar.xz")],
) -> None:
    """Import the ICS tree (International Classification for Standards)."""
    n = _load_reference(lambda data: data.import_ics(path))
    out.print(f"ICS: {n:,} codes loaded")


@imports.command("bodies")
def import_bodies(
    path: Annotated[Path, typer.Argument(help="iso_member_bodies_derived.csv")],
) -> None:
    """Seed the standards bodies (ISO members) from the derived members file."""
    n = _load_reference(lambda data: data.import_bodies(path))
    out.print(f"bodies: {n:,} rows seeded")


def _load_reference(load: Callable[[Any], int]) -> int:
    """Run a loader of harmonia.catalogue.reference_data (given the module, imported once
    Django is set up); its error is one line."""
    setup()
    migrate_database()
    from harmonia.catalogue import reference_data

    try:
        n = load(reference_data)
    except reference_data.ReferenceDataError as exc:
        fail(f"{exc}; nothing was imported")
    return n


@commands.command("export")
def export(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="relaton, jsonl or csv")],
    path: Annotated[Path, typer.Argument(help="File (jsonl, csv) or directory (relaton).")],
) -> None:
    """Export the catalogue: jsonl (lossless), Relaton YAML (a directory) or CSV."""
    migrate_database()
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


@commands.command()
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
