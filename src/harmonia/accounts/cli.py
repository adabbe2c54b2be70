"""People and access: create and remove people, two-factor resets, API tokens, the audit trail."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Annotated

import typer

from harmonia.accounts.acting import acting_user, as_username, require, user_named
from harmonia.commandline import (
    fail,
    migrate_database,
    out,
    setup,
)

commands = typer.Typer()


@commands.command()
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
    migrate_database()
    from harmonia.accounts.services import AccountError, create_user

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = typer.prompt("password", hide_input=True, confirmation_prompt=True)
    try:
        create_user(
            username, password, email=email, superuser=superuser, body=body, role=role.lower()
        )
    except AccountError as exc:
        fail(str(exc))
    out.print(f"user {username} created")


@commands.command("remove-person")
def remove_person(
    username: Annotated[str, typer.Argument(help="The account to pseudonymize.")],
) -> None:
    """Remove a person, keeping their votes, comments and decisions under a neutral name."""
    setup()
    from harmonia.accounts import policy
    from harmonia.accounts.services import pseudonymize

    person = user_named(username)
    actor = acting_user()
    if actor is not None:
        require(policy.can_remove_person(actor, person), f"remove {username}")
    pseudonymize(actor, person)
    out.print(f"{username} removed; their past work is kept as removed-{person.pk}")


@commands.command("reset-two-factor")
def reset_two_factor(
    username: Annotated[str, typer.Argument(help="Whose authenticator to remove.")],
) -> None:
    """Remove a person's authenticator (a lost phone); they set up a new one next time."""
    setup()
    from harmonia.accounts.models import TOTPDevice

    user = user_named(username)
    actor = acting_user()
    if actor is not None:
        require(actor.is_superuser, f"reset {username}'s two-factor sign-in")
    removed = 0
    for device in TOTPDevice.objects.filter(user=user):
        device.delete()
        removed += 1
    out.print(f"{username}: {'authenticator removed' if removed else 'had no authenticator'}")


@commands.command("token")
def token_command(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    name: Annotated[str, typer.Option(help="What the token is for.")],
    scope: Annotated[list[str], typer.Option(help="read and/or write (repeatable).")],
    days: Annotated[int, typer.Option(help="Valid for this many days (1-365).")] = 90,
) -> None:
    """Make an API token for a user (printed once; only its digest is kept)."""
    setup()
    from harmonia.accounts.tokens import TokenError, create_token

    user = user_named(username, active=True)
    actor = acting_user()
    if actor is not None:
        require(actor.pk == user.pk, f"make tokens for {username}")
    try:
        _token, raw = create_token(user, name, scope, days)
    except TokenError as exc:
        fail(str(exc))
    out.print(raw)


@commands.command("audit")
def audit_command(
    path: Annotated[Path, typer.Argument(help="CSV or .xlsx file to write.")],
    body: Annotated[str | None, typer.Option(help="Only this body's events.")] = None,
) -> None:
    """Export the audit trail (with --as: of the bodies that user administers)."""
    setup()
    from harmonia import spreadsheets
    from harmonia.accounts import audit
    from harmonia.accounts.views import AUDIT_COLUMNS, _row

    try:
        events = audit.events_for(acting_user(), body=body).order_by("at", "id")
    except audit.NotAnAuditReader:
        fail(f"--as {as_username()}: not allowed to read the audit trail")
    fmt = "xlsx" if path.suffix.lower() == ".xlsx" else "csv"
    rows = [_row(e) for e in events.iterator()]
    data = (
        spreadsheets.xlsx_bytes(AUDIT_COLUMNS, rows, sheet="audit")
        if fmt == "xlsx"
        else spreadsheets.csv_bytes(AUDIT_COLUMNS, rows)
    )
    try:
        path.write_bytes(data)
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")
    out.print(f"{len(rows):,} events written to {path}")
