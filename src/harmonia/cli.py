"""The `harmonia` command: one entry point for set-up, imports, exports and serving.

Each app keeps its commands in its own `cli.py` (see harmonia.commandline for what they
share); this module mounts them on `harmonia` in the order of its --help, and holds the
platform's own: migrate, serve, check-deploy, and `id`, which needs no database.
"""

from __future__ import annotations

import os
import sys
from types import ModuleType
from typing import Annotated

import typer
from typer.models import CommandInfo

from harmonia.accounts import acting
from harmonia.accounts import cli as accounts_cli
from harmonia.adoptions import cli as adoptions_cli
from harmonia.alerts import cli as alerts_cli
from harmonia.analytics import cli as analytics_cli
from harmonia.ballots import cli as ballots_cli
from harmonia.catalogue import cli as catalogue_cli
from harmonia.commandline import console, migrate_database, out, setup, texts_or_stdin
from harmonia.comments import cli as comments_cli
from harmonia.committees import cli as committees_cli
from harmonia.demo import cli as demo_cli
from harmonia.operations import cli as operations_cli
from harmonia.search import cli as search_cli
from harmonia.training import cli as training_cli

app = typer.Typer(
    help="Harmonia: standards catalogue and harmonization platform for national bodies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

# The groups of commands, with their help; an app adds commands to a group by its name.
GROUPS = {
    "import": "Import catalogues and reference data.",
    "id": "Parse identifiers and URNs (no database needed).",
    "analyze": "Harmonization indicators of a body or a network (add --json for machines).",
    "ballot": "Ballots: the rule calculator, closing periods.",
    "comments": "Comments on drafts in the ISO commenting template (.docx or .xlsx).",
    "training": "Capacity building: training programmes.",
    "alerts": "Stakeholder alerts: follows, events, deliveries.",
}

# The commands of `harmonia` in the order its --help lists them (a command missing here
# comes after these).
ORDER = (
    "migrate",
    "propose",
    "export",
    "demo",
    "serve",
    "createuser",
    "check-deploy",
    "remove-person",
    "reset-two-factor",
    "token",
    "adoptions",
    "audit",
    "search",
    "reindex",
    "search-eval",
    "stats",
    "worker",
    "backup",
    "restore",
)

# Whose commands are mounted; within a group, in this order.
APPS: tuple[ModuleType, ...] = (
    catalogue_cli,
    committees_cli,
    analytics_cli,
    adoptions_cli,
    demo_cli,
    accounts_cli,
    ballots_cli,
    search_cli,
    comments_cli,
    training_cli,
    alerts_cli,
    operations_cli,
)

platform = typer.Typer()
id_commands = typer.Typer()


@app.callback()
def _startup(
    ctx: typer.Context,
    as_user: Annotated[
        str | None,
        typer.Option(
            "--as",
            metavar="USER",
            envvar="HARMONIA_AS",
            help="Act as this user: their permissions apply and the audit trail names them. "
            "Without it the command runs as the server's operator.",
        ),
    ] = None,
) -> None:
    """Configure Django once, before any command imports models."""
    setup()
    acting.act_as_username(as_user)
    from harmonia.accounts import audit

    # Reset when the command ends: tests run many commands in one process.
    token = audit.act_as(None, "cli")
    ctx.call_on_close(lambda: audit.stop_acting(token))


@platform.command()
def migrate() -> None:
    """Create or upgrade the database (SQLite under var/, or DATABASE_URL)."""
    setup()
    migrate_database(verbose=True)
    from django.db import connection

    out.print(f"database ready: {connection.vendor} {connection.settings_dict['NAME']}")


@platform.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    workers: Annotated[
        int,
        typer.Option(help="Web processes (gunicorn); 0: twice the cores, plus one."),
    ] = 0,
    threads: Annotated[int, typer.Option(help="Threads of the one process (waitress).")] = 8,
    server: Annotated[
        str,
        typer.Option(
            help="gunicorn (several processes; Linux, macOS) or waitress (one process; "
            "any system). Default: gunicorn where it runs."
        ),
    ] = "",
    jobs: Annotated[
        bool,
        typer.Option(
            "--jobs/--no-jobs",
            help="Run the background jobs (alert e-mails, digests, deadlines) beside the "
            "web app; use --no-jobs when `harmonia worker` runs apart.",
        ),
    ] = True,
) -> None:
    """Serve the web app and API: several web processes and the job worker, stopped
    together by Ctrl-C or SIGTERM (requests and the job at hand end first); SIGHUP
    starts fresh web processes without dropping a request."""
    setup()
    migrate_database()
    from harmonia.operations import serving

    chosen = server or ("gunicorn" if serving.gunicorn_available() else "waitress")
    if chosen not in ("gunicorn", "waitress"):
        raise typer.BadParameter("gunicorn or waitress", param_hint="--server")
    if chosen == "gunicorn" and not serving.gunicorn_available():
        raise typer.BadParameter("gunicorn does not run on this system", param_hint="--server")
    out.print(f"Harmonia on http://{host}:{port}/ (Ctrl+C stops)")
    if chosen == "waitress":
        serving.serve_waitress(host, port, threads, jobs)
        return
    count = workers or serving.default_workers()
    sys.exit(serving.serve_processes(host, port, count, jobs, say=out.print))


@platform.command("check-deploy")
def check_deploy() -> None:
    """Report insecure settings and accounts; exits 1 while there is an error."""
    setup()
    migrate_database()
    from harmonia.deploycheck import findings, report

    items = findings()
    out.print(report(items), highlight=False, end="")
    if any(i.level == "error" for i in items):
        raise typer.Exit(1)


@id_commands.command("parse")
def id_parse(
    texts: Annotated[list[str] | None, typer.Argument(help="Identifiers (default: stdin)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """Parse identifiers: canonical form, URN and parts; exit 1 if any does not parse."""
    import dataclasses
    import json

    from harmonia.identifiers import IdentifierError, parse

    failed = 0
    for text in texts_or_stdin(texts):
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


@id_commands.command("urn")
def id_urn(
    texts: Annotated[list[str] | None, typer.Argument(help="Identifiers or URNs")] = None,
) -> None:
    """Identifier → URN, or URN → identifier."""
    from harmonia.identifiers import IdentifierError, is_urn, parse, parse_urn

    failed = 0
    for text in texts_or_stdin(texts):
        try:
            typer.echo(str(parse_urn(text)) if is_urn(text) else parse(text).urn())
        except IdentifierError as exc:
            failed += 1
            console.print(f"[bold red]error:[/] {exc}", highlight=False)
    if failed:
        raise typer.Exit(1)


def command_name(info: CommandInfo) -> str:
    """The name a command is called by (typer's rule when none is given)."""
    if info.name:
        return info.name
    assert info.callback is not None
    return info.callback.__name__.lower().replace("_", "-")


def _mount() -> None:
    sources: list[tuple[typer.Typer, dict[str, typer.Typer]]] = [
        (platform, {"id": id_commands}),
        *((module.commands, getattr(module, "groups", {})) for module in APPS),
    ]
    for _commands, groups in sources:
        unknown = set(groups) - set(GROUPS)
        if unknown:
            raise RuntimeError(f"commands for unknown groups {sorted(unknown)}: add to GROUPS")
    top = [info for commands, _groups in sources for info in commands.registered_commands]
    rank = {name: i for i, name in enumerate(ORDER)}
    top.sort(key=lambda info: rank.get(command_name(info), len(ORDER)))
    app.registered_commands.extend(top)
    for name, help_text in GROUPS.items():
        group = typer.Typer(help=help_text, no_args_is_help=True)
        for _commands, groups in sources:
            if name in groups:
                group.registered_commands.extend(groups[name].registered_commands)
        app.add_typer(group, name=name)


_mount()


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
