"""Search backends: tantivy (embedded, the default) and PostgreSQL full text.

`backend()` picks the one the settings name (HARMONIA_SEARCH_BACKEND), else PostgreSQL
full text when the database is PostgreSQL (several app servers share it), else tantivy.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..entries import Entry
from ..query import Plan, SearchRequest

FACET_VALUES = 200  # the most values a facet lists
# Facets a document can hold several values of (ICS fields, languages): both backends
# index them as one "+"-joined set a document, which counts much faster than a
# multi-valued column, and sum the counts per member afterwards.
SET_FACETS = frozenset({"ics", "language"})


def facet_values(name: str, counts: Iterable[tuple[str, int]]) -> list[tuple[str, int]]:
    """A facet's (value, count) pairs, most frequent first, at most FACET_VALUES; a set
    facet's counts of sets become counts of their members."""
    totals: dict[str, int] = {}
    for value, n in counts:
        for member in value.split("+") if name in SET_FACETS else (value,):
            if member:
                totals[member] = totals.get(member, 0) + n
    return sorted(totals.items(), key=lambda item: (-item[1], item[0]))[:FACET_VALUES]


@dataclass
class Hit:
    pk: int
    identifier: str
    title: str
    publisher: str
    doctype: str
    status: str
    year: int
    score: float


@dataclass
class Found:
    hits: list[Hit]
    total: int
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)


class Backend(Protocol):
    name: str

    def rebuild(self, entries: Iterable[Entry], progress: Callable[[int], None] | None) -> int: ...

    def upsert(self, entries: list[Entry]) -> None: ...

    def delete(self, pks: list[int]) -> None: ...

    def count(self) -> int: ...

    def search(self, plan: Plan, request: SearchRequest, count: bool = True) -> Found:
        """The page of hits; with `count`, also the total and (if asked) the facets."""
        ...


_backends: dict[str, Backend] = {}


def backend_name() -> str:
    from django.conf import settings
    from django.db import connection

    chosen = getattr(settings, "SEARCH_BACKEND", "")
    if chosen:
        return str(chosen)
    return "postgres" if connection.vendor == "postgresql" else "tantivy"


def backend() -> Backend:
    from django.conf import settings
    from django.db import connection

    name = backend_name()
    db_name = str(connection.settings_dict["NAME"])
    cache_key = f"{name}:{db_name}"
    found = _backends.get(cache_key)
    if found is None:
        if name == "postgres":
            from .postgres import PostgresBackend

            found = PostgresBackend()
        elif name == "tantivy":
            from .tantivy_index import TantivyBackend

            found = TantivyBackend(settings.VAR_DIR / "search" / _slug(db_name))
        else:
            raise ValueError(f"HARMONIA_SEARCH_BACKEND: unknown search backend {name!r}")
        _backends[cache_key] = found
    return found


def _slug(db_name: str) -> str:
    """One index per database, so a test database never reads the developer's index."""
    import hashlib

    name = db_name
    return "tantivy-" + hashlib.sha1(name.encode()).hexdigest()[:12]
