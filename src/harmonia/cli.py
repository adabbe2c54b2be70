"""The `harmonia` command: one entry point for set-up, imports, exports and serving."""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    ProgressColumn,
    SpinnerColumn,
    Task,
    TextColumn,
    TimeElapsedColumn,
)
from rich.text import Text

app = typer.Typer(
    help="Harmonia: standards catalogue and harmonization platform for national bodies.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
import_app = typer.Typer(help="Import catalogues and reference data.", no_args_is_help=True)
app.add_typer(import_app, name="import")
id_app = typer.Typer(help="Parse identifiers and URNs (no database needed).", no_args_is_help=True)
app.add_typer(id_app, name="id")
analyze_app = typer.Typer(
    help="Harmonization indicators of a body or a network (add --json for machines).",
    no_args_is_help=True,
)
app.add_typer(analyze_app, name="analyze")
ballot_app = typer.Typer(
    help="Ballots: the rule calculator, closing periods.", no_args_is_help=True
)
app.add_typer(ballot_app, name="ballot")
console = Console(stderr=True)
out = Console()


class Failure(Exception):
    """A one-line error for the user; the command exits with status 1."""


def setup() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
    import django

    django.setup()


# Who runs the command, for permission checks and the audit trail (see _as_user).
_AS_USERNAME: str | None = None


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
    global _AS_USERNAME
    setup()
    _AS_USERNAME = as_user
    from harmonia.accounts import audit

    # Reset when the command ends: tests run many commands in one process.
    token = audit.act_as(None, "cli")
    ctx.call_on_close(lambda: audit.stop_acting(token))


def _user(username: str, *, active: bool = False, what: str = "") -> Any:
    from django.contrib.auth import get_user_model

    users = get_user_model().objects.filter(username=username)
    if active:
        users = users.filter(is_active=True)
    user = users.first()
    if user is None:
        fail(f"{what}no {'active ' if active else ''}user {username!r}")
    return user


def _as_user() -> Any:
    """The --as user (checked and put on record), or None for the operator."""
    if not _AS_USERNAME:
        return None
    from harmonia.accounts import audit

    user = _user(_AS_USERNAME, active=True, what="--as: ")
    audit.act_as(user, "cli")  # undone with the command's own token, set first
    return user


def _require(allowed: bool, what: str) -> None:
    if not allowed:
        fail(f"--as {_AS_USERNAME}: not allowed to {what}")


def fail(message: str) -> None:
    console.print(f"[bold red]error:[/] {message}", highlight=False, soft_wrap=True)
    raise typer.Exit(1)


class RateColumn(ProgressColumn):
    def render(self, task: Task) -> Text:
        speed = task.finished_speed or task.speed
        return Text(f"{speed:,.0f}/s" if speed else "–/s", style="progress.data.speed")


@contextmanager
def progress_bar(label: str, total: int | None = None) -> Iterator[Callable[[int], None]]:
    columns = [
        SpinnerColumn(),
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        RateColumn(),
        TimeElapsedColumn(),
    ]
    with Progress(*columns, console=console, transient=False, disable=not console.is_terminal) as p:
        task = p.add_task(label, total=total)
        yield lambda n: p.advance(task, n)


def _migrate(verbose: bool = False) -> None:
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=1 if verbose else 0)


@app.command()
def migrate() -> None:
    """Create or upgrade the database (SQLite under var/, or DATABASE_URL)."""
    setup()
    _migrate(verbose=True)
    from django.db import connection

    out.print(f"database ready: {connection.vendor} {connection.settings_dict['NAME']}")


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
    _migrate()
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
        with progress_bar(f"import {kind}") as advance:
            report = import_items(
                kind,
                [str(p) for p in paths],
                items(),
                parse,
                keep_going=keep_going,
                progress=advance,
                workers=workers,
            )
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


@import_app.command("relaton")
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


@import_app.command("jsonl")
def import_jsonl(
    paths: Annotated[list[Path], typer.Argument(help="jsonl files (.jsonl, .jsonl.xz, .gz).")],
    keep_going: KeepGoing = False,
    errors: ErrorsFile = None,
    workers: Workers = None,
) -> None:
    """Import Harmonia's native jsonl (as written by `harmonia export jsonl`)."""
    from harmonia.catalogue.importers.jsonl import iter_lines, parse_jsonl

    _run_import("jsonl", paths, iter_lines, parse_jsonl, keep_going, errors, workers)


@import_app.command("ics")
def import_ics(
    path: Annotated[Path, typer.Argument(help="ISO Open Data ICS.csv or ics-ed7.tar.xz")],
) -> None:
    """Import the ICS tree (International Classification for Standards)."""
    setup()
    _migrate()
    from harmonia.catalogue.reference_data import ReferenceDataError
    from harmonia.catalogue.reference_data import import_ics as load

    try:
        n = load(path)
    except ReferenceDataError as exc:
        fail(f"{exc}; nothing was imported")
    out.print(f"ICS: {n:,} codes loaded")


@import_app.command("bodies")
def import_bodies(
    path: Annotated[Path, typer.Argument(help="iso_member_bodies_derived.csv")],
) -> None:
    """Seed the standards bodies (ISO members) from the derived members file."""
    setup()
    _migrate()
    from harmonia.catalogue.reference_data import ReferenceDataError
    from harmonia.catalogue.reference_data import import_bodies as load

    try:
        n = load(path)
    except ReferenceDataError as exc:
        fail(f"{exc}; nothing was imported")
    out.print(f"bodies: {n:,} rows seeded")


@import_app.command("committees")
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
    _migrate()
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


@import_app.command("survey")
def import_survey(
    path: Annotated[Path, typer.Argument(help="iso_survey_country_certificates_2009_2020.csv")],
) -> None:
    """Import the ISO Survey certificate figures (per country and year)."""
    setup()
    _migrate()
    from harmonia.analytics.survey import SurveyError
    from harmonia.analytics.survey import import_survey as load

    try:
        n, unmatched = load(path)
    except (OSError, SurveyError) as exc:
        fail(f"{exc}; nothing was imported")
    out.print(f"ISO Survey: {n:,} figures loaded; countries not matched: {len(unmatched)}")


@import_app.command("national")
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
    _migrate()
    from harmonia.accounts import policy
    from harmonia.adoptions.national import NationalFileError
    from harmonia.adoptions.services import AdoptionError, import_national, resolve_body

    if not path.exists():
        fail(f"{path}: no such file or directory")
    user = _as_user()
    try:
        target = resolve_body(body)
        if user is not None:
            _require(policy.can_import_national(user, target), f"import {target.code}'s catalogue")
        report = import_national(target, path, propose_missing=propose)
    except (AdoptionError, NationalFileError) as exc:
        fail(f"{exc}; nothing was imported")
    if as_json:
        _echo_json(report.as_dict())
        return
    links = ", ".join(f"{n:,} {k}" for k, n in sorted(report.links.items())) or "none"
    out.print(
        f"{target.code}: {report.rows:,} rows: {report.created:,} created, "
        f"{report.updated:,} updated, {report.unchanged:,} unchanged; adoption links: {links}; "
        f"{report.proposals:,} proposals to review"
    )
    for item in report.unresolved[:20]:
        out.print(f"  adopted document not in the catalogue (kept as text): {item}")


def _echo_json(data: Any) -> None:
    import json

    typer.echo(json.dumps(data, ensure_ascii=False, indent=2))


BodyOption = Annotated[str, typer.Option("--body", help="Body: code, acronym or country code.")]
JsonFlag = Annotated[bool, typer.Option("--json", help="Print JSON.")]
IcsOption = Annotated[
    list[str] | None, typer.Option("--ics", help="Restrict to ICS fields (repeatable).")
]


def _body(code: str) -> Any:
    from harmonia.adoptions.services import AdoptionError, resolve_body

    try:
        return resolve_body(code)
    except AdoptionError as exc:
        fail(str(exc))


@analyze_app.command("harmonization")
def analyze_harmonization(body: BodyOption, as_json: JsonFlag = False) -> None:
    """Share of current national documents adopting an international one (by degree,
    ICS field, committee and year)."""
    from harmonia.analytics import indicators

    data = indicators.harmonization(_body(body))
    if as_json:
        _echo_json(data)
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


@analyze_app.command("coverage")
def analyze_coverage(
    body: BodyOption, ics: IcsOption = None, as_json: JsonFlag = False,
    priority: Annotated[
        Path | None, typer.Option("--priority", help="File of identifiers, one a line.")
    ] = None,
) -> None:  # fmt: skip
    """Share of current ISO/IEC documents (in scope) that the body has adopted."""
    from harmonia.analytics import indicators

    wanted = priority.read_text("utf-8").split("\n") if priority else []
    data = indicators.coverage(_body(body), ics or [], [w.strip() for w in wanted])
    if as_json:
        _echo_json(data)
        return
    out.print(
        f"{data['body']}: {data['adopted_any_edition']:,} of {data['international_current']:,} "
        f"current international documents adopted ({data['rate']:.1%}); in their current "
        f"edition {data['adopted_current_edition']:,} ({data['rate_current_edition']:.1%})"
    )


@analyze_app.command("outdated")
def analyze_outdated(body: BodyOption, as_json: JsonFlag = False) -> None:
    """Current national documents whose adopted edition was revised, withdrawn or amended."""
    from harmonia.analytics import indicators

    items = indicators.outdated(_body(body))
    if as_json:
        _echo_json([o.as_dict() for o in items])
        return
    for o in items:
        days = f"{o.days:,} days" if o.days is not None else "date unknown"
        out.print(
            f"{o.reason:<9} {o.national}: adopts {o.adopted}; current {o.current or '—'} "
            f"since {o.since or '?'} ({days})"
        )
    out.print(f"{len(items):,} outdated adoptions")


@analyze_app.command("gaps")
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
    data = indicators.gaps(_body(body), ics or [], net, limit)
    if as_json:
        _echo_json(data)
        return
    out.print(
        f"{data['body']}: {data['not_adopted']:,} current international documents not adopted"
    )
    for item in data["items"]:
        out.print(f"  {item['adopted_by']:>2} peers  {item['identifier']}  {item['title'][:60]}")


@analyze_app.command("matrix")
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
        _echo_json(data)
        return
    for m in data["members"]:
        out.print(f"{m['body']:<8} {m['adopting']:>6,}/{m['current']:<6,} {m['rate']:.1%}")
    out.print("most adopted:")
    for r in data["most_adopted"][:10]:
        out.print(f"  {r['bodies']:>2} bodies  {r['identifier']}")


@analyze_app.command("uptake")
def analyze_uptake(body: BodyOption, as_json: JsonFlag = False) -> None:
    """ISO Survey certificates beside the body's adoption of ISO 9001, 14001, 27001."""
    from harmonia.analytics import indicators

    data = indicators.uptake(_body(body))
    if as_json:
        _echo_json(data)
        return
    for s in data["standards"]:
        last = s["certificates"][-1] if s["certificates"] else None
        adopted = ", ".join(a["national"] for a in s["adoptions"]) or "not adopted"
        figure = f"{last['certificates']:,} certificates in {last['year']}" if last else "no data"
        out.print(f"{s['standard']:<14} {figure}; {adopted}")


@app.command()
def propose(
    body: BodyOption,
    limit: Annotated[int | None, typer.Option(help="At most this many documents.")] = None,
) -> None:
    """Propose adoption links for the body's documents that have none (for review)."""
    setup()
    from harmonia.accounts import policy
    from harmonia.adoptions.proposer import propose_for_body

    target = _body(body)
    user = _as_user()
    if user is not None:
        _require(policy.can_edit(user, target), f"propose links for {target.code}")
    n = propose_for_body(target, limit=limit)
    out.print(f"{n:,} proposals added to the review queue")


@app.command("export")
def export(
    fmt: Annotated[str, typer.Argument(metavar="FORMAT", help="relaton, jsonl or csv")],
    path: Annotated[Path, typer.Argument(help="File (jsonl, csv) or directory (relaton).")],
) -> None:
    """Export the catalogue: jsonl (lossless), Relaton YAML (a directory) or CSV."""
    _migrate()
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


@app.command()
def demo() -> None:
    """Create the database and load the demo data set: the shipped ISO catalogue, ICS,
    bodies and committees, the invented national catalogues of 16 NSBs, ISO Survey
    figures, and an invented work programme with ballots for Vietnam's body."""
    setup()
    _migrate()
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


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="Address to listen on.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="Port.")] = 8000,
    threads: Annotated[int, typer.Option(help="Worker threads.")] = 8,
    jobs: Annotated[
        bool,
        typer.Option(
            "--jobs/--no-jobs",
            help="Run the background jobs (alert e-mails, digests, deadlines) in this "
            "process too; use --no-jobs when `harmonia worker` runs apart.",
        ),
    ] = True,
) -> None:
    """Serve the web app and API (waitress, a production WSGI server)."""
    setup()
    _migrate()
    from waitress import serve as waitress_serve

    from harmonia.wsgi import application

    if jobs:
        import threading

        from harmonia.alerts import queue

        # One machine, zero set-up: the jobs run beside the web app unless told not to.
        threading.Thread(target=queue.work, name="harmonia-jobs", daemon=True).start()
    out.print(f"Harmonia on http://{host}:{port}/ (Ctrl+C stops)")
    waitress_serve(application, host=host, port=port, threads=threads, ident="harmonia")


@app.command()
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
    _migrate()
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


@app.command("check-deploy")
def check_deploy() -> None:
    """Report insecure settings and accounts; exits 1 while there is an error."""
    setup()
    _migrate()
    from harmonia.deploycheck import findings, report

    items = findings()
    out.print(report(items), highlight=False, end="")
    if any(i.level == "error" for i in items):
        raise typer.Exit(1)


@app.command("remove-person")
def remove_person(
    username: Annotated[str, typer.Argument(help="The account to pseudonymize.")],
) -> None:
    """Remove a person, keeping their votes, comments and decisions under a neutral name."""
    setup()
    from harmonia.accounts import policy
    from harmonia.accounts.services import pseudonymize

    person = _user(username)
    actor = _as_user()
    if actor is not None:
        _require(policy.can_remove_person(actor, person), f"remove {username}")
    pseudonymize(actor, person)
    out.print(f"{username} removed; their past work is kept as removed-{person.pk}")


@app.command("reset-two-factor")
def reset_two_factor(
    username: Annotated[str, typer.Argument(help="Whose authenticator to remove.")],
) -> None:
    """Remove a person's authenticator (a lost phone); they set up a new one next time."""
    setup()
    from harmonia.accounts.models import TOTPDevice

    user = _user(username)
    actor = _as_user()
    if actor is not None:
        _require(actor.is_superuser, f"reset {username}'s two-factor sign-in")
    removed = 0
    for device in TOTPDevice.objects.filter(user=user):
        device.delete()
        removed += 1
    out.print(f"{username}: {'authenticator removed' if removed else 'had no authenticator'}")


@app.command("token")
def token_command(
    username: Annotated[str, typer.Argument(help="Whose token.")],
    name: Annotated[str, typer.Option(help="What the token is for.")],
    scope: Annotated[list[str], typer.Option(help="read and/or write (repeatable).")],
    days: Annotated[int, typer.Option(help="Valid for this many days (1-365).")] = 90,
) -> None:
    """Make an API token for a user (printed once; only its digest is kept)."""
    setup()
    from harmonia.accounts.tokens import TokenError, create_token

    user = _user(username, active=True)
    actor = _as_user()
    if actor is not None:
        _require(actor.pk == user.pk, f"make tokens for {username}")
    try:
        _token, raw = create_token(user, name, scope, days)
    except TokenError as exc:
        fail(str(exc))
    out.print(raw)


@app.command("adoptions")
def adoptions_command(
    body: BodyOption,
    status: Annotated[str | None, typer.Option(help="confirmed, proposed or rejected.")] = None,
    as_json: JsonFlag = False,
) -> None:
    """A body's adoption links; proposed and rejected ones are for its members (--as)."""
    setup()
    from harmonia.accounts import policy
    from harmonia.adoptions.models import Adoption

    target = _body(body)
    user = _as_user()
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
        _echo_json(rows)
        return
    for r in rows:
        out.print(f"{r['national']}\t{r['degree'] or '-'}\t{r['adopted']}\t{r['status']}")


@app.command("audit")
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
        events = audit.events_for(_as_user(), body=body).order_by("at", "id")
    except audit.NotAnAuditReader:
        fail(f"--as {_AS_USERNAME}: not allowed to read the audit trail")
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


Count = Annotated[int, typer.Option(min=0, max=100_000)]


@ballot_app.command("evaluate")
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
    _migrate()
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
        _echo_json(
            {
                "approved": outcome.approved,
                "explanation": outcome.explanation,
                "checks": outcome.checks,
            }
        )
        return
    out.print(outcome.explanation, highlight=False, markup=False, soft_wrap=True)


@ballot_app.command("pending")
def ballot_pending() -> None:
    """Record that ballots past their closing date are pending (for cron)."""
    setup()
    _migrate()
    from harmonia.ballots.services import mark_pending

    out.print(f"{mark_pending()} ballot(s) now pending the secretary's review")


@app.command("search")
def search_command(
    query: Annotated[str, typer.Argument(help="Words, an identifier or a URN.")],
    limit: Annotated[int, typer.Option(help="How many results.", min=1, max=100)] = 20,
    lang: Annotated[
        str, typer.Option(help="Titles in this language where held (en, vi), else English.")
    ] = "en",
    as_json: JsonFlag = False,
) -> None:
    """Ranked identifiers and titles for a query (identifier-aware, typo-tolerant)."""
    setup()
    from harmonia.search.service import SearchRequest, search

    found = search(SearchRequest(q=query, per_page=limit, facets=False, lang=lang.lower()))
    if as_json:
        _echo_json(
            [
                {
                    "identifier": r.hit.identifier,
                    "title": r.hit.title,
                    "score": round(r.hit.score, 4),
                    "publisher": r.hit.publisher,
                    "status": r.hit.status,
                }
                for r in found.results
            ]
        )
        return
    for r in found.results:
        out.print(
            f"{r.hit.identifier}  {r.hit.title}", markup=False, highlight=False, soft_wrap=True
        )
    console.print(f"{found.total:,} documents match")


@app.command()
def reindex() -> None:
    """Rebuild the search index from the catalogue."""
    setup()
    _migrate()
    from harmonia.catalogue.models import Document
    from harmonia.search.backends import backend_name
    from harmonia.search.sync import rebuild

    with progress_bar(f"search index ({backend_name()})", Document.objects.count()) as advance:
        n = rebuild(advance)
    out.print(f"indexed {n:,} documents")


@app.command("search-eval")
def search_eval(
    path: Annotated[Path, typer.Argument(help="Judged queries (TSV).")],
    as_json: JsonFlag = False,
) -> None:
    """Top-1 accuracy and nDCG@10 of the search on a judged query set."""
    setup()
    from harmonia.search.evaluation import evaluate, read_judged

    try:
        judged = read_judged(path)
    except (OSError, ValueError) as exc:
        fail(f"{path}: {exc}")
    report = evaluate(judged)
    if as_json:
        _echo_json(report.as_dict())
        return
    out.print(report.summary(), markup=False, highlight=False)


@app.command()
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


def _texts(texts: list[str] | None) -> list[str]:
    return texts if texts else [line.strip() for line in sys.stdin if line.strip()]


@id_app.command("parse")
def id_parse(
    texts: Annotated[list[str] | None, typer.Argument(help="Identifiers (default: stdin)")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="One JSON object a line.")] = False,
) -> None:
    """Parse identifiers: canonical form, URN and parts; exit 1 if any does not parse."""
    import dataclasses
    import json

    from harmonia.identifiers import IdentifierError, parse

    failed = 0
    for text in _texts(texts):
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


@id_app.command("urn")
def id_urn(
    texts: Annotated[list[str] | None, typer.Argument(help="Identifiers or URNs")] = None,
) -> None:
    """Identifier → URN, or URN → identifier."""
    from harmonia.identifiers import IdentifierError, is_urn, parse, parse_urn

    failed = 0
    for text in _texts(texts):
        try:
            typer.echo(str(parse_urn(text)) if is_urn(text) else parse(text).urn())
        except IdentifierError as exc:
            failed += 1
            console.print(f"[bold red]error:[/] {exc}", highlight=False)
    if failed:
        raise typer.Exit(1)


# -- comments -----------------------------------------------------------------------------

comments_app = typer.Typer(
    help="Comments on drafts in the ISO commenting template (.docx or .xlsx).",
    no_args_is_help=True,
)
app.add_typer(comments_app, name="comments")


def _comment_set(pk: int) -> Any:
    from harmonia.comments.models import CommentSet

    cs = CommentSet.objects.select_related("body", "committee").filter(pk=pk).first()
    if cs is None:
        fail(f"--set: no draft under comment {pk} (harmonia comments list)")
    return cs


@comments_app.command("list")
def comments_list() -> None:
    """Drafts under comment, with their numbers for --set."""
    from harmonia.comments import services
    from harmonia.comments.models import CommentSet

    actor = _as_user()
    qs = CommentSet.objects.select_related("body", "committee").order_by("pk")
    if actor is not None:
        qs = services.visible_sets(actor, qs)
    for cs in qs:
        s = services.summary(cs)
        typer.echo(
            f"{cs.pk}\t{cs.body.code}\t{cs.reference}\t{cs.state}\t"
            f"{s['total']} comments, {s['accepted']} accepted"
        )


@comments_app.command("import")
def comments_import(
    path: Annotated[Path, typer.Argument(help="A .docx or .xlsx commenting template.")],
    set_id: Annotated[int, typer.Option("--set", help="The draft under comment.")],
) -> None:
    """Add every row of a template file to a draft's comments (all rows or none)."""
    from harmonia.comments import iso_template, services

    cs = _comment_set(set_id)
    actor = _as_user()
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        # Without --as, the operator: any draft, whoever may comment on it.
        n = services.import_file(actor, cs, path, check=actor is not None)
    except (iso_template.TemplateError, services.CommentError) as exc:
        fail(str(exc))
    except PermissionError as exc:
        fail(f"--as {_AS_USERNAME}: {exc}")
    out.print(f"{n} comments imported into {cs.reference}")


@comments_app.command("export")
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
    actor = _as_user()
    if actor is not None:
        _require(policy.can_view_comments(actor, cs), f"read the comments on {cs.reference}")
    fmt = path.suffix.lower().lstrip(".")
    if fmt not in ("docx", "xlsx"):
        fail(f"{path}: the file name must end in .docx or .xlsx")
    data = services.export(cs, fmt, "position" if position else "all")
    try:
        path.write_bytes(data)
    except OSError as exc:
        fail(f"{path}: {exc.strerror or exc}")
    out.print(f"wrote {path} ({services.summary(cs)['total']} comments on {cs.reference})")


# -- capacity building -------------------------------------------------------------------

training_app = typer.Typer(help="Capacity building: training programmes.", no_args_is_help=True)
app.add_typer(training_app, name="training")


@training_app.command("remind")
def training_remind(
    today: Annotated[
        str | None, typer.Option(help="the day to remind for, YYYY-MM-DD (default: today)")
    ] = None,
    dry_run: Annotated[bool, typer.Option("--dry-run", help="list, send nothing")] = False,
) -> None:
    """Mail the deadlines due (nominations, assessments, feedback, follow-ups); run it
    daily: a reminder already sent is never sent again."""
    import datetime as dt

    setup()
    _migrate()
    from harmonia.training import reminders

    try:
        day = dt.date.fromisoformat(today) if today else None
    except ValueError:
        fail(f"--today: {today!r} is not a date (YYYY-MM-DD)")
    if dry_run:
        from django.utils import timezone

        for due in reminders.due(day or timezone.localdate()):
            out.print(f"{due.key}\t{due.email}\t{due.subject}", highlight=False, markup=False)
        return
    sent = reminders.send_due(day)
    for due in sent:
        out.print(f"sent {due.key} to {due.email}", highlight=False, markup=False)
    out.print(f"{len(sent)} reminder(s) sent")


# -- alerts and the background worker ----------------------------------------------------

alerts_app = typer.Typer(
    help="Stakeholder alerts: follows, events, deliveries.", no_args_is_help=True
)
app.add_typer(alerts_app, name="alerts")


@app.command("worker")
def worker_command(
    burst: Annotated[
        bool, typer.Option("--burst", help="Stop once no job is due (for cron and tests).")
    ] = False,
    poll: Annotated[float, typer.Option(help="Seconds to wait when no job is due.")] = 1.0,
) -> None:
    """Run the background jobs: alert e-mails and digests, the scan for stage changes and
    deadlines, training reminders. Jobs wait in the database, or in Redis when
    HARMONIA_QUEUE_URL names one. Stop it with Ctrl-C or SIGTERM: the job at hand ends
    first; a worker killed mid-job leaves it to the next one, which sends no mail twice."""
    import signal

    setup()
    _migrate()
    from harmonia.alerts import queue

    stopping: list[int] = []

    def stop(signum: int, _frame: Any) -> None:
        stopping.append(signum)

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    where = "Redis " + queue.settings.QUEUE_URL if queue.using_redis() else "the database"
    out.print(
        f"worker {queue.worker_name()}: jobs from {where}",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )
    # What a worker that died left half done is queued again first.
    queue.enqueue("alerts.sweep")
    ran = queue.work(burst=burst, poll=poll, should_stop=lambda: bool(stopping))
    out.print(f"{ran} job(s) run", highlight=False, markup=False, soft_wrap=True)


@alerts_app.command("scan")
def alerts_scan() -> None:
    """Record the events found now (stage changes, adoptions, enquiries and ballots
    opening or closing, reviews and training deadlines); the worker sends them."""
    setup()
    _migrate()
    from harmonia.alerts import events

    found = events.scan()
    for event in found:
        out.print(f"{event.kind_id}\t{event.title}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"{len(found)} new event(s)", highlight=False, markup=False, soft_wrap=True)


@alerts_app.command("follow-list")
def alerts_follow_list(
    path: Annotated[Path, typer.Argument(help="CSV or Excel .xlsx file of identifiers.")],
    user: Annotated[str, typer.Option("--user", help="Whose list it is (username).")],
    name: Annotated[str, typer.Option("--name", help="Name of the list.")] = "",
    any_edition: Annotated[
        bool, typer.Option("--any-edition", help="Follow every edition of each.")
    ] = False,
    as_json: JsonFlag = False,
) -> None:
    """Follow every standard of an organisation's list; the rows that match nothing are
    listed with their line. Nothing is written unless the whole list is read."""
    setup()
    _migrate()
    from harmonia.alerts import follows

    person = _user(user, active=True, what="--user: ")
    if not path.is_file():
        fail(f"{path}: no such file")
    try:
        rows = follows.read_rows(path)
    except follows.FollowError as exc:
        fail(str(exc))
    report = follows.import_list(person, name, path.name, rows, any_edition=any_edition)
    if as_json:
        _echo_json(
            {
                "list": report.follow_list.pk if report.follow_list else None,
                "rows": report.rows,
                "matched": report.matched,
                "already_followed": report.already,
                "unmatched": report.unmatched,
            }
        )
        return
    for row in report.unmatched:
        out.print(
            f"{path}, line {row['line']}: {row['value']}: {row['reason']}",
            highlight=False,
            markup=False,
            soft_wrap=True,
        )
    out.print(
        f"{report.rows} row(s): {report.matched} followed, {len(report.unmatched)} unmatched",
        highlight=False,
        markup=False,
        soft_wrap=True,
    )


@alerts_app.command("status")
def alerts_status(as_json: JsonFlag = False) -> None:
    """The queue and the e-mails: how many jobs and deliveries are in each state."""
    setup()
    _migrate()
    from django.db.models import Count

    from harmonia.alerts.models import Delivery, Event, Job

    data = {
        "jobs": dict(Job.objects.values_list("state").annotate(n=Count("pk")).order_by()),
        "deliveries": dict(
            Delivery.objects.values_list("state").annotate(n=Count("pk")).order_by()
        ),
        "events": Event.objects.count(),
        "unconfirmed": Delivery.objects.filter(unconfirmed=True).count(),
    }
    if as_json:
        _echo_json(data)
        return
    for part in ("jobs", "deliveries"):
        counts = ", ".join(f"{k} {v}" for k, v in sorted(data[part].items())) or "none"
        out.print(f"{part}: {counts}", highlight=False, markup=False, soft_wrap=True)
    out.print(f"events: {data['events']}", highlight=False, markup=False, soft_wrap=True)


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
