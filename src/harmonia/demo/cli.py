"""`harmonia demo`: the demo data set."""

from __future__ import annotations

import typer

from harmonia.commandline import (
    migrate_database,
    out,
    progress_bar,
    setup,
)

commands = typer.Typer()


@commands.command()
def demo() -> None:
    """Create the database and load the demo data set: the shipped ISO catalogue, ICS,
    bodies and committees, the invented national catalogues of 16 NSBs, ISO Survey
    figures, and an invented work programme with ballots for Vietnam's body."""
    setup()
    migrate_database()
    from harmonia.analytics.survey import load_shipped_survey
    from harmonia.demo.national import load_demo_catalogues
    from harmonia.demo.people import load_demo_people
    from harmonia.demo.snapshot import load_snapshot

    with progress_bar("load demo snapshot") as advance:
        summary = load_snapshot(progress=advance)
    out.print(summary)
    with progress_bar("demo national catalogues (invented)") as advance:
        out.print(load_demo_catalogues(progress=advance))
    out.print(load_shipped_survey())
    out.print(load_demo_people())
    from harmonia.demo.work import load_committees, load_demo_work

    out.print(load_committees())
    out.print(load_demo_work())
    from harmonia.demo.comments import load_demo_comments
    from harmonia.demo.reviews import load_demo_reviews

    out.print(load_demo_comments())
    out.print(load_demo_reviews())
    from harmonia.demo.training import load_demo_training

    out.print(load_demo_training())
    from harmonia.demo.alerts import load_demo_alerts

    out.print(load_demo_alerts())
