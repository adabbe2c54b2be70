"""`harmonia backup` and `harmonia restore`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harmonia.commandline import fail, out, setup

commands = typer.Typer()


@commands.command()
def backup(
    to: Annotated[
        Path | None,
        typer.Option(
            "--to",
            help="Directory for the file (default: HARMONIA_BACKUP_DIR, else var/backups).",
        ),
    ] = None,
) -> None:
    """Write one file holding the database (a consistent snapshot, taken while the site
    serves) and the files of var/ that cannot be rebuilt, with a manifest and checksums."""
    setup()
    from harmonia.operations.backup import make_backup

    try:
        result = make_backup(to)
    except OSError as exc:
        fail(f"{exc.filename or to}: {exc.strerror or exc}; no backup was written")
    out.print(result.summary(), soft_wrap=True)


@commands.command()
def restore(
    file: Annotated[Path, typer.Argument(help="A file written by `harmonia backup`.")],
    replace: Annotated[
        bool,
        typer.Option(
            "--replace",
            help="Restore over a database that holds data (what it holds is backed up first).",
        ),
    ] = False,
) -> None:
    """Restore a backup into the database the settings name (SQLite under var/, or
    DATABASE_URL), from either engine; the search index is rebuilt."""
    setup()
    from harmonia.operations.restore import RestoreRefused
    from harmonia.operations.restore import restore as run

    try:
        result = run(file, replace=replace)
    except RestoreRefused as exc:
        fail(f"{exc}")
    out.print(result.summary(), soft_wrap=True)
