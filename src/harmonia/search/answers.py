"""Search answers kept in the shared cache, per query and per search generation.

A word as common as "part" matches a third of the catalogue: ranking all of it and
counting it into seven facets costs milliseconds, while the same few common words are
what people search for again and again. The answer of the backend is therefore kept in
two parts: the counts (total and facets: one entry per query and filters, whatever the
page or the order) and the page of hits (one entry per page and order). Both are keyed
on the search generation, a number in the shared cache that moves on every time the
index changes (`index_changed`): a change is visible on the very next search, in every
process. A connection holding uncommitted writes neither reads nor keeps anything (what
it sees is not what the index holds for everyone else).
"""

from __future__ import annotations

import hashlib
from typing import TYPE_CHECKING

from django.core.cache import cache
from django.db import connection, transaction

from harmonia import generation

from .query import Plan, SearchRequest

if TYPE_CHECKING:
    from .backends import Backend, Found

GENERATION_KEY = "harmonia:search-generation"
KEEP_SECONDS = 3600  # entries of older generations are never read again: let them go


def current() -> int:
    return generation.current(GENERATION_KEY)


def index_changed(committed: bool) -> None:
    """The index has changed (`committed`: the change is visible to other processes now),
    or will when the transaction of the database connection commits (PostgreSQL's index
    is a table)."""
    if committed:
        generation.advance(GENERATION_KEY)
    else:
        transaction.on_commit(lambda: generation.advance(GENERATION_KEY))


def _base(engine: Backend, plan: Plan, request: SearchRequest, gen: int) -> str:
    """What decides which documents match: the plan's words, keys and prefix, and the
    filters (the numbers only rank)."""
    filters = sorted((name, tuple(sorted(v))) for name, v in request.filters.items() if v)
    what = repr(
        (
            engine.name,
            str(connection.settings_dict["NAME"]),
            plan.words,
            plan.key,
            plan.work,
            plan.prefix,
            filters,
        )
    )
    return f"{gen}:{hashlib.blake2b(what.encode(), digest_size=16).hexdigest()}"


def answer(engine: Backend, plan: Plan, request: SearchRequest) -> Found:
    """The backend's answer, from the cache where it holds it."""
    if generation.pending():
        return engine.search(plan, request, count=True)
    base = _base(engine, plan, request, current())
    page_key = f"search:page:{base}:{request.sort}:{request.offset}:{request.per_page}"
    counts_key = f"search:counts:{base}:{int(request.facets)}"
    kept = cache.get_many([page_key, counts_key])
    hits, counts = kept.get(page_key), kept.get(counts_key)
    if hits is not None and counts is not None:
        from .backends import Found

        return Found(hits=hits, total=counts[0], facets=counts[1])
    found = engine.search(plan, request, count=counts is None)
    if counts is None:
        counts = (found.total, found.facets)
    else:
        found.total, found.facets = counts
    cache.set_many({page_key: found.hits, counts_key: counts}, timeout=KEEP_SECONDS)
    return found
