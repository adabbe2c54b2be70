"""The PostgreSQL backend: full text (tsvector, GIN) and pg_trgm for typos.

For deployments where several app servers share one database: the index is a table,
written after commit like the tantivy files. Words are the tokens of `search.text`
(folded in Python, CJK bigrams), stored with the `simple` configuration so PostgreSQL
neither stems nor drops them; the folding is the same as tantivy's, so `unaccent` is
not needed. Identifier tiers and bonuses are the constants of `search.query`.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from typing import Any

from django.db import connection, transaction

from .. import answers
from ..entries import Entry
from ..query import (
    ADOPTION,
    EDITION,
    EXACT,
    NUMBER,
    SUPPLEMENT,
    Plan,
    SearchRequest,
)
from . import Found, Hit, facet_values

COLUMNS = (
    "pk", "identifier", "display", "key", "work", "base_key", "base_work", "adopts", "number",
    "intl", "main", "popularity", "publisher", "doctype", "status", "ics", "ics_field",
    "committee", "year", "date", "language", "ics_set", "language_set", "prior",
)  # fmt: skip
# facet → column
FACETS = {
    "publisher": "publisher",
    "type": "doctype",
    "status": "status",
    "ics": "ics_set",
    "committee": "committee",
    "year": "year",
    "language": "language_set",
}
# A filter on ICS accepts any depth (03, 03.120, 03.120.10); its facet counts fields.
# filter → (column, is an array)
FILTERS = {name: (column, False) for name, column in FACETS.items()} | {
    "ics": ("ics", True),
    "language": ("language", True),
}
# ts_rank is between 0 and 1; scaled to weigh like tantivy's BM25 inside a tier.
TEXT_WEIGHT = 60.0


def _row(e: Entry) -> tuple[Any, ...]:
    return (
        e.pk, e.identifier, e.suggest, e.key, e.work, e.base_key, e.base_work, e.adopts,
        e.number, e.international, e.main, len(e.popularity), e.publisher, e.doctype,
        e.status, e.ics, e.ics_field, e.committee, str(e.year) if e.year else "", e.date,
        e.languages, "+".join(sorted(e.ics_field)), "+".join(sorted(e.languages)), e.prior,
        e.ident_text, e.title_text,
    )  # fmt: skip


class PostgresBackend:
    name = "postgres"

    def _write(self, entries: Iterable[Entry], progress: Callable[[int], None] | None) -> int:
        cols = ", ".join(COLUMNS)
        values = ", ".join(["%s"] * len(COLUMNS))
        sql = (
            f"INSERT INTO search_entry ({cols}, tsv) VALUES ({values}, "
            "setweight(to_tsvector('simple', %s), 'A') || "
            "setweight(to_tsvector('simple', %s), 'B'))"
            f" ON CONFLICT (pk) DO UPDATE SET "
            + ", ".join(f"{c} = EXCLUDED.{c}" for c in (*COLUMNS[1:], "tsv"))
        )
        n = 0
        batch: list[tuple[Any, ...]] = []
        words: set[str] = set()
        with connection.cursor() as cursor:
            for e in entries:
                batch.append(_row(e))
                words.update(e.title_text.split())
                if len(batch) >= 2000:
                    cursor.executemany(sql, batch)
                    n += len(batch)
                    if progress:
                        progress(len(batch))
                    batch = []
            if batch:
                cursor.executemany(sql, batch)
                n += len(batch)
                if progress:
                    progress(len(batch))
            cursor.execute(
                "INSERT INTO search_term (word) SELECT unnest(%s::text[]) ON CONFLICT DO NOTHING",
                [sorted(words)],
            )
        answers.index_changed(committed=False)
        return n

    def rebuild(self, entries: Iterable[Entry], progress: Callable[[int], None] | None) -> int:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("TRUNCATE search_entry, search_term")
            n = self._write(entries, progress)
            # Statistics for the planner now, not when autovacuum comes by: a table just
            # filled from empty is otherwise planned as if it were still empty.
            cursor.execute("ANALYZE search_entry, search_term")
            return n

    def upsert(self, entries: list[Entry]) -> None:
        with transaction.atomic():
            self._write(entries, None)

    def delete(self, pks: list[int]) -> None:
        if pks:
            with connection.cursor() as cursor:
                cursor.execute("DELETE FROM search_entry WHERE pk = ANY(%s)", [pks])
            answers.index_changed(committed=False)

    def count(self) -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM search_entry")
            return int(cursor.fetchone()[0])

    # -- reading ---------------------------------------------------------------------
    def _tsquery(self, plan: Plan, cursor: Any) -> str:
        words = list(plan.words)
        cursor.execute(
            "SELECT word FROM search_term WHERE word = ANY(%s)",
            [[w for w in words if len(w) >= 4 and not w.isdigit()]],
        )
        known = {r[0] for r in cursor.fetchall()}
        parts = []
        for i, w in enumerate(words):
            alternatives = [f"'{w}'"]
            if plan.prefix and i == len(words) - 1 and w == plan.prefix:
                alternatives.append(f"'{w}':*")
            elif len(w) >= 4 and not w.isdigit() and w not in known:
                # A word no title holds is taken as a typo of the nearest words.
                cursor.execute(
                    "SELECT word FROM search_term WHERE word %% %s "
                    "ORDER BY word <-> %s, word LIMIT 3",
                    [w, w],
                )
                alternatives += [f"'{r[0]}'" for r in cursor.fetchall()]
            parts.append("(" + " | ".join(alternatives) + ")")
        return " & ".join(parts)

    def search(self, plan: Plan, request: SearchRequest, count: bool = True) -> Found:
        """The page of hits; with `count`, also the total and (if asked) the facets."""
        with connection.cursor() as cursor:
            return self._search(plan, request, cursor, count)

    def _search(self, plan: Plan, request: SearchRequest, cursor: Any, count: bool) -> Found:
        params: dict[str, Any] = {
            "key": plan.key,
            "work": plan.work,
            "keys": [k for k in (plan.key, plan.work) if k],
            "numbers": list(plan.numbers),
        }
        tsquery = self._tsquery(plan, cursor) if plan.words else ""
        params["q"] = tsquery
        match: list[str] = []
        if tsquery:
            match.append("tsv @@ to_tsquery('simple', %(q)s)")
        if plan.key:
            match += ["key = %(key)s", "base_key = %(key)s", "adopts && %(keys)s::text[]"]
        if plan.work:
            match += ["work = %(work)s", "base_work = %(work)s"]
        match_sql = "(" + " OR ".join(match) + ")" if match else "TRUE"
        filters: dict[str, str] = {}
        for name, values in request.filters.items():
            if name not in FILTERS or not values:
                continue
            column, is_array = FILTERS[name]
            params[f"f_{name}"] = list(values)
            filters[name] = (
                f"{column} && %(f_{name})s::text[]" if is_array else f"{column} = ANY(%(f_{name})s)"
            )
        # The tiers a query can give (as tantivy's const-score clauses), then the
        # document's own prior; with no words and no identifier the score is the prior
        # alone, and a browse reads its first page from the prior's index.
        tiers = []
        if plan.key:
            tiers.append(f"(CASE WHEN key = %(key)s THEN {EXACT} ELSE 0 END)")
        if plan.work:
            tiers.append(f"(CASE WHEN work = %(work)s THEN {EDITION} ELSE 0 END)")
        if plan.key or plan.work:
            supplement = " OR ".join(
                [*(["base_key = %(key)s"] if plan.key else []),
                 *(["base_work = %(work)s"] if plan.work else [])]
            )  # fmt: skip
            tiers += [
                f"(CASE WHEN {supplement} THEN {SUPPLEMENT} ELSE 0 END)",
                f"(CASE WHEN adopts && %(keys)s::text[] THEN {ADOPTION} ELSE 0 END)",
            ]
        if plan.numbers:
            tiers.append(f"(CASE WHEN number = ANY(%(numbers)s) THEN {NUMBER} ELSE 0 END)")
        if tsquery:
            tiers.append(f"ts_rank(tsv, to_tsquery('simple', %(q)s)) * {TEXT_WEIGHT}")
        score = " + ".join([*tiers, "prior"])
        order = {
            "newest": "date DESC, pk",
            "oldest": "date ASC, pk",
        }.get(request.sort, "score DESC, pk")
        params["limit"] = request.per_page
        params["offset"] = request.offset
        where = " AND ".join([match_sql, *filters.values()])
        columns = "pk, identifier, display, publisher, doctype, status, year"
        if not count:
            cursor.execute(
                f"SELECT {columns}, {score} AS score FROM search_entry WHERE {where} "
                f"ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s",
                params,
            )
            return Found(hits=[_hit(r) for r in cursor.fetchall()], total=0)
        counts = _count_queries(match_sql, filters, request.facets)
        # One statement: the matches are found (and scored) once, into `m`; the page of
        # hits, the total and the facets' counts are read from there. The page is sorted
        # with its LIMIT (a top-N sort in memory), and put in order again when aggregated.
        cursor.execute(
            f"WITH m AS MATERIALIZED (SELECT pk, identifier, display, publisher, doctype, "
            f"status, year, date, ics_set, committee, language_set, {score} AS score "
            f"FROM search_entry WHERE {where}), "
            f"page AS (SELECT pk, identifier, display, publisher, doctype, status, year, date, "
            f"score FROM m ORDER BY {order} LIMIT %(limit)s OFFSET %(offset)s) "
            "SELECT (SELECT coalesce(json_agg(json_build_array(pk, identifier, display, "
            f"publisher, doctype, status, year, score) ORDER BY {order}), '[]') FROM page), "
            "(SELECT json_agg(json_build_array(facet, value, n)) FROM ("
            + " UNION ALL ".join(counts)
            + ") c)",
            params,
        )
        page, count_rows = cursor.fetchone()
        hits = [_hit(r) for r in _json(page)]
        total = 0
        facets: dict[str, list[tuple[str, int]]] = (
            {name: [] for name in FACETS} if request.facets else {}
        )
        for facet, value, n in _json(count_rows):
            if facet == "":
                total = int(n)
            elif value:
                facets[facet].append((value, int(n)))
        for name, values in facets.items():
            facets[name] = facet_values(name, values)
        return Found(hits=hits, total=total, facets=facets)


def _hit(r: Any) -> Hit:
    return Hit(
        pk=r[0],
        identifier=r[1],
        title=r[2],
        publisher=r[3],
        doctype=r[4],
        status=r[5],
        year=int(r[6]) if r[6] else 0,
        score=float(r[7]),
    )


def _count_queries(match_sql: str, filters: dict[str, str], with_facets: bool) -> list[str]:
    """Rows (facet, value, n); facet '' is the total. `m` holds the matches with every
    filter applied: the total and the facets no filter touches are counted from it in one
    pass (grouping sets). A facet with a selection is counted from the table apart,
    without its own selection, so that a second value of it can be added."""
    plain = [(n, c) for n, c in FACETS.items() if with_facets and n not in filters]
    facet = " ".join(f"WHEN GROUPING({c}) = 0 THEN '{n}'" for n, c in plain)
    value = " ".join(f"WHEN GROUPING({c}) = 0 THEN {c}" for _, c in plain)
    sets = ", ".join(["()", *(f"({c})" for _, c in plain)])
    queries = [
        f"SELECT CASE {facet} ELSE '' END AS facet, coalesce(CASE {value} END, '') AS value, "
        f"count(*) AS n FROM m GROUP BY GROUPING SETS ({sets})"
        if plain
        else "SELECT '' AS facet, '' AS value, count(*) AS n FROM m"
    ]
    for name, column in FACETS.items():
        if with_facets and name in filters:
            where = " AND ".join([match_sql, *(f for o, f in filters.items() if o != name)])
            queries.append(
                f"SELECT '{name}', {column}, count(*) FROM search_entry WHERE {where} GROUP BY 2"
            )
    return queries


def _json(value: Any) -> Any:
    # psycopg decodes json itself; a driver that does not hands over the text.
    return json.loads(value) if isinstance(value, str) else (value or [])
