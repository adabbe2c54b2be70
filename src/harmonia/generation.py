"""The change generation: a number in the shared cache that moves on after every
committed write to the database, in any process (web, worker, CLI).

Anything derived from the database (a cached page, an ETag) is keyed on it, so a change
is visible on the very next request, whichever process answers. Writes are seen where
they happen, in Django's cursor: every INSERT, UPDATE or DELETE (the ORM's, bulk ones,
raw SQL) marks its transaction, and the generation moves on when it commits. Tables
that no kept page shows (UNSEEN_TABLES) are left out, or the worker's heartbeat would
empty every cache each second.
"""

from __future__ import annotations

import hashlib
import re
import time
from collections.abc import Callable
from typing import Any, TypeVar

from django.core.cache import cache
from django.db import connections, transaction
from django.db.backends.signals import connection_created

KEY = "harmonia:generation"
T = TypeVar("T")
# Tables no kept page shows: bookkeeping, and what only signed-in pages (never kept)
# read. A token's last use is written once a minute and a mail burst writes a
# delivery row per e-mail: neither should let go of every kept page.
UNSEEN_TABLES = frozenset(
    {
        "django_session",
        "alerts_job",
        "alerts_tick",
        "alerts_delivery",
        "alerts_notification",
        "accounts_loginfailure",
        "accounts_apitoken",
    }
)
_WRITE = re.compile(r'\s*(?:INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(\w+)"?', re.IGNORECASE)


def current(key: str = KEY) -> int:
    value = cache.get(key)
    if value is None:
        # A new epoch (the cache was emptied or evicted the key): a number nothing was
        # cached under before.
        cache.add(key, time.time_ns(), timeout=None)
        value = cache.get(key, 0)
    return int(value)


def advance(key: str) -> None:
    try:
        cache.incr(key)
    except ValueError:
        cache.add(key, time.time_ns(), timeout=None)


def bump() -> None:
    advance(KEY)


def kept(what: tuple[Any, ...], compute: Callable[[], T], timeout: int = 3600) -> T:
    """compute(), or what it returned before under the same `what` (a tuple naming the
    computation and its arguments, repr-able) and the same generation: for what is
    derived from the whole database (indicators over the catalogue), which every
    committed write may change. A connection with uncommitted writes neither reads nor
    keeps anything."""
    if pending():
        return compute()
    digest = hashlib.blake2b(repr(what).encode(), digest_size=16).hexdigest()
    key = f"kept:{current()}:{digest}"
    value = cache.get(key, _MISSING)
    if value is _MISSING:
        value = compute()
        cache.set(key, value, timeout)
    return value  # type: ignore[no-any-return]


_MISSING = object()


def pending(alias: str = "default") -> bool:
    """Whether this connection has written in a transaction not yet committed: what it
    reads now is not what other processes see, so nothing read may be cached."""
    return any(func is bump for _sids, func, _robust in connections[alias].run_on_commit)


def _track(execute: Any, sql: Any, params: Any, many: bool, context: Any) -> Any:
    result = execute(sql, params, many, context)
    if isinstance(sql, str):
        match = _WRITE.match(sql)
        if match and match[1].lower() not in UNSEEN_TABLES:
            connection = context["connection"]
            if not connection.in_atomic_block:
                bump()
            else:
                hooks = connection.run_on_commit
                # Once per run of writes: an import's thousands of statements bump once.
                if not hooks or hooks[-1][1] is not bump:
                    transaction.on_commit(bump, using=connection.alias)
    return result


def _install(sender: Any, connection: Any, **kwargs: Any) -> None:
    if _track not in connection.execute_wrappers:
        connection.execute_wrappers.append(_track)


def install() -> None:
    """Watch every database connection, those opened already and those to come."""
    connection_created.connect(_install, dispatch_uid="harmonia.generation")
    for connection in connections.all(initialized_only=True):
        _install(None, connection)
