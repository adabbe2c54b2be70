"""The embedded backend: a tantivy index in files under var/search/.

Text fields hold the tokens of `search.text` (folded, CJK bigrams) joined by spaces and
split again by tantivy's whitespace tokenizer, so the index and the PostgreSQL backend
see the same words. One process writes at a time (tantivy's lock file); readers see a
commit of another process by the index's meta file changing.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import tantivy

from .. import answers
from ..entries import POPULARITY, Entry
from ..query import (
    ADOPTION,
    CURRENT,
    EDITION,
    EXACT,
    INTERNATIONAL,
    MAIN,
    NUMBER,
    POPULAR,
    SUPPLEMENT,
    Plan,
    SearchRequest,
)
from . import FACET_VALUES, SET_FACETS, Found, Hit, facet_values

# Raised when the fields or what entries put in them change: an older index is rebuilt.
SCHEMA_VERSION = "6"
RAW = ("key", "work", "base_key", "base_work", "adopts", "number", "prior")
FACET_FIELDS = {
    "publisher": "publisher",
    "type": "doctype",
    "status": "status",
    "ics": "ics_set",
    "committee": "committee",
    "year": "year",
    "language": "language_set",
}
# A filter on ICS accepts any depth (03, 03.120, 03.120.10); its facet counts fields.
FILTER_FIELDS = {**FACET_FIELDS, "ics": "ics", "language": "language"}
# Every prior a document can have (see `Entry.prior`): one const-score clause each.
PRIORS = sorted(
    {
        c + i + m + POPULAR * n
        for c in (0, CURRENT)
        for i in (0, INTERNATIONAL)
        for m in (0, MAIN)
        for n in range(len(POPULARITY) + 1)
    }
    - {0}
)
WRITER_HEAP = 128_000_000


def _schema() -> tantivy.Schema:
    sb = tantivy.SchemaBuilder()
    sb.add_unsigned_field("pk", stored=True, indexed=True, fast=True)
    sb.add_text_field("identifier", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("display", stored=True, tokenizer_name="raw", index_option="basic")
    sb.add_text_field("ident", tokenizer_name="whitespace", index_option="freq")
    sb.add_text_field("title", tokenizer_name="whitespace", index_option="freq")
    for name in RAW:
        sb.add_text_field(name, tokenizer_name="raw", index_option="basic")
    for name in sorted(set(FACET_FIELDS.values()) | set(FILTER_FIELDS.values())):
        sb.add_text_field(name, stored=True, tokenizer_name="raw", index_option="basic", fast=True)
    sb.add_unsigned_field("date", fast=True)
    return sb.build()


def _document(e: Entry) -> tantivy.Document:
    d = tantivy.Document()
    d.add_unsigned("pk", e.pk)
    d.add_text("identifier", e.identifier)
    d.add_text("display", e.suggest)
    d.add_text("ident", e.ident_text)
    d.add_text("title", e.title_text)
    for name, value in (
        ("key", e.key),
        ("work", e.work),
        ("base_key", e.base_key),
        ("base_work", e.base_work),
        ("number", e.number),
        ("prior", str(e.prior)),
        ("publisher", e.publisher),
        ("ics_set", "+".join(sorted(e.ics_field))),
        ("language_set", "+".join(sorted(e.languages))),
        ("doctype", e.doctype),
        ("status", e.status),
        ("committee", e.committee),
        ("year", str(e.year) if e.year else ""),
    ):
        if value:
            d.add_text(name, value)
    for name, values in (
        ("adopts", e.adopts),
        ("ics", e.ics),
        ("language", e.languages),
    ):
        for value in values:
            d.add_text(name, value)
    d.add_unsigned("date", e.date)
    return d


class TantivyBackend:
    name = "tantivy"

    def __init__(self, path: Path) -> None:
        self.path = path
        self.schema = _schema()
        self._index: tantivy.Index | None = None
        self._seen: tuple[int, int] = (0, 0)

    # -- opening ---------------------------------------------------------------------
    def _version_file(self) -> Path:
        return self.path / "HARMONIA_SCHEMA"

    def exists(self) -> bool:
        return (self.path / "meta.json").exists() and (
            self._version_file().exists()
            and self._version_file().read_text().strip() == SCHEMA_VERSION
        )

    def _open(self) -> tantivy.Index:
        if self._index is None:
            if not self.exists():
                self._create()
            self._index = tantivy.Index(self.schema, path=str(self.path), reuse=True)
            self._seen = self._meta_time()
        else:
            changed = self._meta_time()
            if changed != self._seen:
                # Another process (or this one) committed: read the new segments.
                self._index.reload()
                self._seen = changed
        return self._index

    def _meta_time(self) -> tuple[int, int]:
        # tantivy replaces meta.json by a rename at each commit: a new inode even when
        # two commits fall within one tick of the file system's clock.
        try:
            meta = os.stat(self.path / "meta.json")
        except FileNotFoundError:
            return (0, 0)
        return (meta.st_mtime_ns, meta.st_ino)

    def _create(self) -> None:
        if self.path.exists():
            shutil.rmtree(self.path)
        self.path.mkdir(parents=True)
        tantivy.Index(self.schema, path=str(self.path), reuse=False)
        self._version_file().write_text(SCHEMA_VERSION)
        self._index = None

    @contextlib.contextmanager
    def _writer(self, threads: int = 1) -> Any:
        index = self._open()
        writer = None
        for attempt in range(100):
            try:
                writer = index.writer(WRITER_HEAP, threads)
                break
            except ValueError:
                # Another process holds the writer lock: it is committing; wait for it.
                time.sleep(0.05 * min(attempt + 1, 10))
        if writer is None:
            raise RuntimeError(f"search index {self.path} is locked by another writer")
        try:
            yield writer
            writer.commit()
            writer.wait_merging_threads()
        except BaseException:
            writer.rollback()
            raise
        finally:
            del writer
        index.reload()
        answers.index_changed(committed=True)

    # -- writing ---------------------------------------------------------------------
    def rebuild(self, entries: Iterable[Entry], progress: Callable[[int], None] | None) -> int:
        self._index = None
        self._create()
        n = 0
        with self._writer(threads=2) as writer:
            for e in entries:
                writer.add_document(_document(e))
                n += 1
                if progress and n % 1000 == 0:
                    progress(1000)
        if progress:
            progress(n % 1000)
        return n

    def upsert(self, entries: list[Entry]) -> None:
        if not entries:
            return
        with self._writer() as writer:
            for e in entries:
                writer.delete_documents_by_query(self._pk(e.pk))
                writer.add_document(_document(e))

    def delete(self, pks: list[int]) -> None:
        if not pks:
            return
        with self._writer() as writer:
            for pk in pks:
                writer.delete_documents_by_query(self._pk(pk))

    def _pk(self, pk: int) -> tantivy.Query:
        # delete_documents_by_term takes a Python int as a signed term, which never
        # matches the unsigned field: a term query does.
        return tantivy.Query.term_query(self.schema, "pk", pk)

    def count(self) -> int:
        return int(self._open().searcher().num_docs)

    # -- reading ---------------------------------------------------------------------
    def search(self, plan: Plan, request: SearchRequest, count: bool = True) -> Found:
        """The page of hits; with `count`, also the total and (if asked) the facets."""
        index = self._open()
        searcher = index.searcher()
        q = _Queries(self.schema, searcher)
        match = q.match(plan)
        filters = {
            name: q.any_of(FILTER_FIELDS[name], values)
            for name, values in request.filters.items()
            if name in FILTER_FIELDS and values
        }
        filtered = q.all_of([match, *filters.values()])
        ranked = q.ranked(filtered, plan)
        limit = request.per_page
        if request.sort in {"newest", "oldest"}:
            order = tantivy.Order.Desc if request.sort == "newest" else tantivy.Order.Asc
            result = searcher.search(
                filtered,
                limit,
                count=count,
                order_by_field="date",
                offset=request.offset,
                order=order,
            )
        else:
            result = searcher.search(ranked, limit, count=count, offset=request.offset)
        hits = [_hit(searcher.doc(addr), score) for score, addr in result.hits]
        facets = self._facets(q, match, filters) if count and request.facets else {}
        return Found(hits=hits, total=int(result.count or 0), facets=facets)

    def _facets(
        self, q: _Queries, match: tantivy.Query, filters: dict[str, tantivy.Query]
    ) -> dict[str, list[tuple[str, int]]]:
        """Counts per facet value; a facet's own selection is left out of its counts, so
        a user can add a second value of the same facet."""
        out: dict[str, list[tuple[str, int]]] = {}
        plain = [name for name in FACET_FIELDS if name not in filters]
        groups: list[tuple[list[str], tantivy.Query]] = [
            (plain, q.all_of([match, *filters.values()]))
        ]
        for name in filters:
            others = [f for other, f in filters.items() if other != name]
            groups.append(([name], q.all_of([match, *others])))
        for names, query in groups:
            if not names:
                continue
            aggs = {
                name: {
                    "terms": {
                        "field": FACET_FIELDS[name],
                        "size": 10_000 if name in SET_FACETS else FACET_VALUES,
                    }
                }
                for name in names
            }
            result = q.searcher.aggregate(query, aggs)
            for name in names:
                buckets = result.get(name, {}).get("buckets", [])
                counts = [(str(b["key"]), int(b["doc_count"])) for b in buckets]
                out[name] = facet_values(name, counts)
        return out


def _hit(doc: tantivy.Document, score: Any) -> Hit:
    def first(name: str) -> Any:
        value = doc.get_first(name)
        return "" if value is None else value

    year = first("year")
    return Hit(
        pk=int(first("pk")),
        identifier=first("identifier"),
        title=first("display"),
        publisher=first("publisher"),
        doctype=first("doctype"),
        status=first("status"),
        year=int(year) if year else 0,
        score=float(score) if isinstance(score, float) else 0.0,
    )


class _Queries:
    """Builds tantivy queries for one plan against one searcher."""

    Q = tantivy.Query
    MUST = tantivy.Occur.Must
    SHOULD = tantivy.Occur.Should

    def __init__(self, schema: tantivy.Schema, searcher: tantivy.Searcher) -> None:
        self.schema = schema
        self.searcher = searcher

    def term(self, field: str, value: str) -> tantivy.Query:
        return self.Q.term_query(self.schema, field, value)

    def const(self, query: tantivy.Query, score: float) -> tuple[Any, tantivy.Query]:
        return (self.SHOULD, self.Q.const_score_query(query, score))

    def any_of(self, field: str, values: Iterable[str]) -> tantivy.Query:
        return self.Q.const_score_query(
            self.Q.term_set_query(self.schema, field, list(values)), 0.0
        )

    def all_of(self, queries: list[tantivy.Query]) -> tantivy.Query:
        if len(queries) == 1:
            return queries[0]
        return self.Q.boolean_query([(self.MUST, q) for q in queries])

    def word(self, word: str, prefix: bool) -> tantivy.Query:
        clauses: list[tuple[Any, tantivy.Query]] = [
            (self.SHOULD, self.term("title", word)),
            (self.SHOULD, self.Q.boost_query(self.term("ident", word), 2.0)),
        ]
        if prefix:
            for field in ("title", "ident"):
                terms = [t for t, _ in self.searcher.terms_with_prefix(field, word, limit=64)]
                if terms:
                    clauses.append(
                        self.const(self.Q.term_set_query(self.schema, field, terms), 0.5)
                    )
        elif self._unknown(word):
            # A word no document holds is taken as a typo of the words nearest to it.
            distance = 1 if len(word) < 8 else 2
            clauses.append(
                (
                    self.SHOULD,
                    self.Q.boost_query(
                        self.Q.fuzzy_term_query(self.schema, "title", word, distance=distance),
                        0.5,
                    ),
                )
            )
        return self.Q.boolean_query(clauses)

    def _unknown(self, word: str) -> bool:
        if len(word) < 4 or word.isdigit():
            return False
        return not (self.searcher.doc_freq("title", word) or self.searcher.doc_freq("ident", word))

    def match(self, plan: Plan) -> tantivy.Query:
        if plan.empty:
            return self.Q.all_query()
        clauses: list[tuple[Any, tantivy.Query]] = []
        if plan.words:
            words = [
                (self.MUST, self.word(w, prefix=(w == plan.prefix and i == len(plan.words) - 1)))
                for i, w in enumerate(plan.words)
            ]
            clauses.append((self.SHOULD, self.Q.boolean_query(words)))
        if plan.key:
            clauses.append(self.const(self.term("key", plan.key), EXACT))
            clauses.append(self.const(self.term("base_key", plan.key), SUPPLEMENT))
            clauses.append(
                self.const(
                    self.Q.term_set_query(self.schema, "adopts", [plan.key, plan.work]), ADOPTION
                )
            )
        if plan.work:
            clauses.append(self.const(self.term("work", plan.work), EDITION))
            clauses.append(self.const(self.term("base_work", plan.work), SUPPLEMENT))
        return self.Q.boolean_query(clauses)

    def ranked(self, query: tantivy.Query, plan: Plan) -> tantivy.Query:
        clauses: list[tuple[Any, tantivy.Query]] = [
            (self.MUST, query),
            *(self.const(self.term("prior", str(p)), float(p)) for p in PRIORS),
        ]
        if plan.numbers:
            clauses.append(
                self.const(self.Q.term_set_query(self.schema, "number", list(plan.numbers)), NUMBER)
            )
        return self.Q.boolean_query(clauses)
