"""The adoption links' commands: import a national catalogue, propose links, list them."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harmonia.accounts.acting import acting_user, require
from harmonia.catalogue.cli import body_named
from harmonia.commandline import (
    BodyOption,
    JsonFlag,
    echo_json,
    fail,
    migrate_database,
    out,
    setup,
)

commands = typer.Typer()
imports = typer.Typer()
groups = {"import": imports}


@imports.command("national")
def import_national(
    path: Annotated[
        Path, typer.Argument(help="CSV (UTF-8), Excel .xlsx, Relaton YAML, or EU list JSON.")
    ],
    body: Annotated[str, typer.Option("--body", help="Body: code, acronym or country code.")],
    propose: Annotated[
        bool, typer.Option("--propose/--no-propose", help="Propose links for the rest.")
    ] = True,
    as_json: Annotated[bool, typer.Option("--json", help="Print the report as JSON.")] = False,
) -> None:
    """Import a national catalogue (columns: identifier, title, title_en, language, year,
    status, ics, adopts, degree, method, committee) with its adoption links."""
    setup()
    migrate_database()
    from harmonia.accounts import policy
    from harmonia.adoptions.national import NationalFileError
    from harmonia.adoptions.services import AdoptionError, import_national, resolve_body

    if not path.exists():
        fail(f"{path}: no such file or directory")
    user = acting_user()
    try:
        target = resolve_body(body)
        if user is not None:
            require(policy.can_import_national(user, target), f"import {target.code}'s catalogue")
        report = import_national(target, path, propose_missing=propose)
    except (AdoptionError, NationalFileError) as exc:
        fail(f"{exc}; nothing was imported")
    if as_json:
        echo_json(report.as_dict())
        return
    links = ", ".join(f"{n:,} {k}" for k, n in sorted(report.links.items())) or "none"
    out.print(
        f"{target.code}: {report.rows:,} rows: {report.created:,} created, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged; adoption links: {links}; "
        f"{report.proposals:,} proposals to review"
    )
    for item in report.unresolved[:20]:
        out.print(f"  adopted document not in the catalogue (kept as text): {item}")


@commands.command()
def propose(
    body: BodyOption,
    limit: Annotated[int | None, typer.Option(help="At most this many documents.")] = None,
) -> None:
    """Propose adoption links for the body's documents that have none (for review)."""
    setup()
    from harmonia.accounts import policy
    from harmonia.adoptions.proposer import propose_for_body

    target = body_named(body)
    user = acting_user()
    if user is not None:
        require(policy.can_edit(user, target), f"propose links for {target.code}")
    n = propose_for_body(target, limit=limit)
    out.print(f"{n:,} proposals added to the review queue")


@commands.command("adoptions")
def adoptions_command(
    body: BodyOption,
    status: Annotated[str | None, typer.Option(help="confirmed, proposed or rejected.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """A body's adoption links; proposed and rejected ones are for its members (--as)."""
    setup()
    from harmonia.accounts import policy
    from harmonia.adoptions.models import Adoption

    target = body_named(body)
    user = acting_user()
    links = Adoption.objects.filter(national__publisher=target).select_related("national")
    if user is not None:
        links = policy.visible_adoptions(user, links)
    if status:
        links = links.filter(status=status)
    rows = [
        {
            "national": a.national.identifier,
            "adopted": a.adopted_identifier,
            "degree": a.degree_id,
            "status": a.status,
        }
        for a in links.order_by("national__identifier", "adopted_key")[:10_000]
    ]
    if as_json:
        echo_json(rows)
        return
    for r in rows:
        out.print(f"{r['national']}\t{r['degree'] or '-'}\t{r['adopted']}\t{r['status']}")
