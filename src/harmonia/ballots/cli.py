"""`harmonia ballot …`: the rule calculator and closing periods."""

from __future__ import annotations

from typing import Annotated

import typer

from harmonia.commandline import (
    JsonFlag,
    echo_json,
    fail,
    migrate_database,
    out,
    setup,
)

commands = typer.Typer()
ballot_commands = typer.Typer()
groups = {"ballot": ballot_commands}


Count = Annotated[int, typer.Option(min=0, max=100_000)]


@ballot_commands.command("evaluate")
def ballot_evaluate(
    type_: Annotated[str, typer.Option("--type", help="Ballot type: np, cd, dis, fdis, sr, ...")],
    p_approve: Count = 0,
    p_disapprove: Count = 0,
    p_abstain: Count = 0,
    approve: Annotated[int, typer.Option(min=0, max=100_000, help="All members' votes.")] = 0,
    disapprove: Count = 0,
    abstain: Count = 0,
    p_disapprove_unjustified: Annotated[
        int, typer.Option(min=0, max=100_000, help="P negatives without technical reasons.")
    ] = 0,
    disapprove_unjustified: Count = 0,
    participants: Annotated[
        int | None, typer.Option(min=0, help="NP: P-members committed to take part.")
    ] = None,
    p_members: Annotated[
        int | None, typer.Option(min=0, help="NP: the committee's P-members.")
    ] = None,
    as_json: JsonFlag = False,
) -> None:
    """What a ballot type's rule says of these counts (unprefixed counts: all members,
    the P-members included)."""
    setup()
    migrate_database()
    from harmonia.ballots.rules import Counts
    from harmonia.ballots.services import evaluate_counts

    counts = Counts(
        p_approve=p_approve,
        p_disapprove=p_disapprove,
        p_abstain=p_abstain,
        approve=approve,
        disapprove=disapprove,
        abstain=abstain,
        p_disapprove_unjustified=p_disapprove_unjustified,
        disapprove_unjustified=disapprove_unjustified,
        participants=participants,
        p_members=p_members,
    )
    try:
        outcome = evaluate_counts(type_, counts)
    except ValueError as exc:
        fail(str(exc))
    if as_json:
        echo_json(
            {
                "approved": outcome.approved,
                "explanation": outcome.explanation,
                "checks": outcome.checks,
            }
        )
        return
    out.print(outcome.explanation, highlight=False, markup=False, soft_wrap=True)


@ballot_commands.command("pending")
def ballot_pending() -> None:
    """Record that ballots past their closing date are pending (for cron)."""
    setup()
    migrate_database()
    from harmonia.ballots.services import mark_pending

    out.print(f"{mark_pending()} ballot(s) now pending the secretary's review")
