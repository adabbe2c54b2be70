"""The committees' command: `harmonia import committees` (ISO's committees and members)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harmonia.commandline import (
    fail,
    migrate_database,
    out,
    progress_bar,
    setup,
)

commands = typer.Typer()
imports = typer.Typer()
groups = {"import": imports}


@imports.command("committees")
def import_committees(
    path: Annotated[
        Path, typer.Argument(help="ISO Open Data committees: .csv, .jsonl or .yaml (or .xz).")
    ],
    as_of: Annotated[
        str | None,
        typer.Option("--as-of", help="Date of the snapshot (default: from the file name)."),
    ] = None,
) -> None:
    """Load ISO's committees with their P- and O-members as one dated snapshot."""
    setup()
    migrate_database()
    import datetime as dt

    from harmonia.committees.importer import CommitteeImportError, import_committees, read

    when = None
    if as_of:
        try:
            when = dt.date.fromisoformat(as_of)
        except ValueError:
            fail(f"--as-of: {as_of!r} is not a date (YYYY-MM-DD)")
    try:
        total = len(read(path))
        with progress_bar(f"committees {path.name}", total) as advance:
            snapshot = import_committees(path, when, progress=advance)
    except CommitteeImportError as exc:
        fail(f"{exc}; nothing was imported")
    c = snapshot.counts
    out.print(
        f"committees: {c['committees']:,} as of {snapshot.taken_on}; "
        f"{c['p']:,} P- and {c['o']:,} O-memberships"
    )
