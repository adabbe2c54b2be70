"""Search from the command line: a query, rebuilding the index, evaluating the ranking."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from harmonia.commandline import (
    JsonFlag,
    console,
    echo_json,
    fail,
    migrate_database,
    out,
    progress_bar,
    setup,
)

commands = typer.Typer()


@commands.command("search")
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
        echo_json(
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


@commands.command()
def reindex() -> None:
    """Rebuild the search index from the catalogue."""
    setup()
    migrate_database()
    from harmonia.catalogue.models import Document
    from harmonia.search.backends import backend_name
    from harmonia.search.sync import rebuild

    with progress_bar(f"search index ({backend_name()})", Document.objects.count()) as advance:
        n = rebuild(advance)
    out.print(f"indexed {n:,} documents")


@commands.command("search-eval")
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
        echo_json(report.as_dict())
        return
    out.print(report.summary(), markup=False, highlight=False)
