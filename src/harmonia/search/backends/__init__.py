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

    def search(self, plan: Plan, request: SearchRequest) -> Found: ...


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
