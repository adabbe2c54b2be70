"""The indicators' commands: `harmonia analyze …` and `harmonia import survey`."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harmonia.catalogue.cli import body_named
from harmonia.commandline import (
    BodyOption,
    IcsOption,
    JsonFlag,
    echo_json,
    fail,
    migrate_database,
    out,
    setup,
)

commands = typer.Typer()
imports = typer.Typer()
analyze_commands = typer.Typer()
groups = {"import": imports, "analyze": analyze_commands}


@imports.command("survey")
def import_survey(
    path: Annotated[Path, typer.Argument(help="iso_survey_country_certificates_2009_2020.csv")],
) -> None:
    """Import the ISO Survey certificate figures (per country and year)."""
    setup()
    migrate_database()
    from harmonia.analytics.survey import SurveyError
    from harmonia.analytics.survey import import_survey as load

    try:
        n, unmatched = load(path)
    except (OSError, SurveyError) as exc:
        fail(f"{exc}; nothing was imported")
    out.print(f"ISO Survey: {n:,} figures loaded; countries not matched: {len(unmatched)}")


@analyze_commands.command("harmonization")
def analyze_harmonization(body: BodyOption, as_json: JsonFlag = False) -> None:
    """Share of current national documents adopting an international one (by degree,
    ICS field, committee and year)."""
    from harmonia.analytics import indicators

    data = indicators.harmonization(body_named(body))
    if as_json:
        echo_json(data)
        return
    d = data["by_degree"]
    out.print(
        f"{data['body']}: {data['adopting']:,} of {data['current']:,} current documents adopt "
        f"an international one ({data['rate']:.1%}): IDT {d['IDT']:,}, MOD {d['MOD']:,}; "
        f"NEQ {d['NEQ']:,}; no link {d['none']:,}"
    )
    for row in data["by_ics"][:40]:
        out.print(
            f"  {row['field'] or '—':<4} {row['title'][:50]:<50} "
            f"{row['adopting']:>6,}/{row['current']:<6,} {row['rate']:.0%}"
        )


@analyze_commands.command("coverage")
def analyze_coverage(
    body: BodyOption, ics: IcsOption = None, as_json: JsonFlag = False,
    priority: Annotated[
        Path | None, typer.Option("--priority", help="File of identifiers, one a line.")
    ] = None,
) -> None:  # fmt: skip
    """Share of current ISO/IEC documents (in scope) that the body has adopted."""
    from harmonia.analytics import indicators

    wanted = priority.read_text("utf-8").split("\n") if priority else []
    data = indicators.coverage(body_named(body), ics or [], [w.strip() for w in wanted])
    if as_json:
        echo_json(data)
        return
    out.print(
        f"{data['body']}: {data['adopted_any_edition']:,} of {data['international_current']:,} "
        f"current international documents adopted ({data['rate']:.1%}); in their current "
        f"edition {data['adopted_current_edition']:,} ({data['rate_current_edition']:.1%})"
    )


@analyze_commands.command("outdated")
def analyze_outdated(body: BodyOption, as_json: JsonFlag = False) -> None:
    """Current national documents whose adopted edition was revised, withdrawn or amended."""
    from harmonia.analytics import indicators

    items = indicators.outdated(body_named(body))
    if as_json:
        echo_json([o.as_dict() for o in items])
        return
    for o in items:
        days = f"{o.days:,} days" if o.days is not None else "date unknown"
        out.print(
            f"{o.reason:<9} {o.national}: adopts {o.adopted}; current {o.current or '—'} "
            f"since {o.since or '?'} ({days})"
        )
    out.print(f"{len(items):,} outdated adoptions")


@analyze_commands.command("gaps")
def analyze_gaps(
    body: BodyOption, ics: IcsOption = None, as_json: JsonFlag = False,
    network: Annotated[str | None, typer.Option(help="Network slug (default: its first).")] = None,
    limit: Annotated[int, typer.Option(help="How many to list.")] = 50,
) -> None:  # fmt: skip
    """Current international standards the body has not adopted, ranked by its network."""
    from harmonia.analytics import indicators
    from harmonia.analytics.models import Network

    net = None
    if network:
        net = Network.objects.filter(slug=network).first()
        if net is None:
            fail(f"network: no network {network!r}")
    data = indicators.gaps(body_named(body), ics or [], net, limit)
    if as_json:
        echo_json(data)
        return
    out.print(
        f"{data['body']}: {data['not_adopted']:,} current international documents not adopted"
    )
    for item in data["items"]:
        out.print(f"  {item['adopted_by']:>2} peers  {item['identifier']}  {item['title'][:60]}")


@analyze_commands.command("matrix")
def analyze_matrix(
    network: Annotated[str, typer.Argument(help="Network slug.")],
    ics: IcsOption = None, as_json: JsonFlag = False,
) -> None:  # fmt: skip
    """The adoption matrix of a network: members × current international documents."""
    from harmonia.analytics import indicators
    from harmonia.analytics.models import Network

    net = Network.objects.filter(slug=network).first()
    if net is None:
        fail(f"network: no network {network!r}")
    data = indicators.matrix(net, ics or [], only_adopted=True)
    if as_json:
        echo_json(data)
        return
    for m in data["members"]:
        out.print(f"{m['body']:<8} {m['adopting']:>6,}/{m['current']:<6,} {m['rate']:.1%}")
    out.print("most adopted:")
    for r in data["most_adopted"][:10]:
        out.print(f"  {r['bodies']:>2} bodies  {r['identifier']}")


@analyze_commands.command("uptake")
def analyze_uptake(body: BodyOption, as_json: JsonFlag = False) -> None:
    """ISO Survey certificates beside the body's adoption of ISO 9001, 14001, 27001."""
    from harmonia.analytics import indicators

    data = indicators.uptake(body_named(body))
    if as_json:
        echo_json(data)
        return
    for s in data["standards"]:
        last = s["certificates"][-1] if s["certificates"] else None
        adopted = ", ".join(a["national"] for a in s["adoptions"]) or "not adopted"
        figure = f"{last['certificates']:,} certificates in {last['year']}" if last else "no data"
        out.print(f"{s['standard']:<14} {figure}; {adopted}")
