"""`harmonia comments …`: drafts under comment in the ISO commenting template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from harmonia.accounts.acting import acting_user, as_username, require
from harmonia.commandline import (
    fail,
    out,
)

commands = typer.Typer()
comments_commands = typer.Typer()
groups = {"comments": comments_commands}


def _comment_set(pk: int) -> Any:
    from harmonia.comments.models import CommentSet

    cs = CommentSet.objects.select_related("body", "committee").filter(pk=pk).first()
    if cs is None:
        fail(f"--set: no draft under comment {pk} (harmonia comments list)")
    return cs


@comments_commands.command("list")
def comments_list() -> None:
    """Drafts under comment, with their numbers for --set."""
    from harmonia.comments import services
    from harmonia.comments.models import CommentSet

    actor = acting_user()
    qs = CommentSet.objects.select_related("body", "committee").order_by("pk")
    if actor is not None:
        qs = services.visible_sets(actor, qs)
    for cs in qs:
        s = services.summary(cs)
        typer.echo(
            f"{cs.pk}\t{cs.body.code}\t{cs.reference}\t{cs.state}\t"
            f"{s['total']} comments, {s['accepted']} accepted"
        )


@comments_commands.command("import")
def comments_import(
    path: Annotated[Path, typer.Argument(help="A .docx or .xlsx commenting template.")],
    set_id: Annotated[int, typer.Option("--set", help="The draft under comment.")],
) -> None:
    """Add every row of a template file to a draft's comments (all rows or none)."""
    from harmonia.comments import iso_template, services

    cs = _comment_set(set_id)
    actor = acting_user()
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        # Without --as, the operator: any draft, whoever may comment on it.
        n = services.import_file(actor, cs, path, check=actor is not None)
    except (iso_template.TemplateError, services.CommentError) as exc:
        fail(str(exc))
    except PermissionError as exc:
        fail(f"--as {as_username()}: {exc}")
    out.print(f"{n} comments imported into {cs.reference}")


@comments_commands.command("export")
def comments_export(
    path: Annotated[Path, typer.Argument(help="Where to write: a .docx or .xlsx file.")],
    set_id: Annotated[int, typer.Option("--set", help="The draft under comment.")],
    position: Annotated[
        bool, typer.Option("--position", help="Only the body's comments (accepted, by clause).")
    ] = False,
) -> None:
    """Write a draft's comments in the ISO template."""
    from harmonia.accounts import policy
    from harmonia.comments import services

    cs = _comment_set(set_id)
    actor = acting_user()
    if actor is not None:
        require(policy.can_view_comments(actor, cs), f"read the comments on {cs.reference}")
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("docx", "xlsx"):
        fail(f"{path}: the file name must end in .docx or .xlsx")
    data = services.export(cs, fmt, "position" if position else "all")
    try:
        path.write_bytes(data)
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")
    out.print(f"wrote {path} ({services.summary(cs)['total']} comments on {cs.reference})")
