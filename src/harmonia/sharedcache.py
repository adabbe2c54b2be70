"""A Django cache shared by every process on one machine, kept in its own SQLite file
(var/cache/shared.sqlite3 by default) — the embedded set-up's answer to Redis.

Why not Django's DatabaseCache: its `incr` is a read then a write, so two processes
counting the same rate limit lose each other's hits; and in the main SQLite database
every counted request would wait behind an import holding the write lock. Here an
increment is one UPDATE … RETURNING, atomic across processes, in a file nothing else
writes. Nothing in it needs keeping: it is left out of backups and may be deleted.
"""

from __future__ import annotations

import os
import pickle
import random
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any

from django.core.cache.backends.base import DEFAULT_TIMEOUT, BaseCache

_SCHEMA = """
CREATE TABLE IF NOT EXISTS entry (
    key TEXT PRIMARY KEY,
    value BLOB NOT NULL,
    expires REAL  -- NULL: never
) WITHOUT ROWID
"""
_LIVE = "(expires IS NULL OR expires > ?)"


def _encode(value: Any) -> Any:
    # Integers stay integers so that incr can add to them inside SQLite.
    if type(value) is int and -(2**63) <= value < 2**63:
        return value
    return pickle.dumps(value, pickle.HIGHEST_PROTOCOL)


def _decode(stored: Any) -> Any:
    return stored if isinstance(stored, int) else pickle.loads(stored)


class SharedFileCache(BaseCache):
    """LOCATION: the file (default: settings.VAR_DIR / "cache" / "shared.sqlite3",
    read when first used so that a changed VAR_DIR is followed)."""

    def __init__(self, location: str, params: dict[str, Any]) -> None:
        super().__init__(params)
        self._location = location
        self._local = threading.local()

    @property
    def path(self) -> Path:
        if self._location:
            return Path(self._location)
        from django.conf import settings

        return Path(settings.VAR_DIR) / "cache" / "shared.sqlite3"

    def _db(self) -> sqlite3.Connection:
        # One connection per thread and per process: a forked child opens its own. The
        # file is looked up again only when VAR_DIR changes (tests change it).
        from django.conf import settings

        local = self._local
        if getattr(local, "pid", None) != os.getpid() or local.var is not settings.VAR_DIR:
            path = self.path
            path.parent.mkdir(parents=True, exist_ok=True)
            db = sqlite3.connect(path, timeout=10, isolation_level=None)
            db.execute("PRAGMA journal_mode=WAL")
            # Counters lost in a power cut cost nothing: no fsync on each write.
            db.execute("PRAGMA synchronous=OFF")
            db.execute(_SCHEMA)
            local.db, local.pid, local.var = db, os.getpid(), settings.VAR_DIR
        return local.db  # type: ignore[no-any-return]

    def _expiry(self, timeout: Any) -> float | None:
        return self.get_backend_timeout(timeout)  # type: ignore[no-any-return]

    def _prune_now_and_then(self, db: sqlite3.Connection) -> None:
        if random.random() < 0.01:
            db.execute("DELETE FROM entry WHERE expires <= ?", (time.time(),))

    def get(self, key: Any, default: Any = None, version: Any = None) -> Any:
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute(f"SELECT value FROM entry WHERE key = ? AND {_LIVE}", (key, time.time()))
            .fetchone()
        )
        return default if row is None else _decode(row[0])

    def _put(self, key: str, value: Any, expires: float | None, only_over_expired: bool) -> bool:
        # One statement, so two processes adding the same key cannot both succeed.
        condition = " WHERE entry.expires IS NOT NULL AND entry.expires <= ?"
        db = self._db()
        cursor = db.execute(
            "INSERT INTO entry (key, value, expires) VALUES (?, ?, ?) ON CONFLICT(key) "
            "DO UPDATE SET value = excluded.value, expires = excluded.expires"
            + (condition if only_over_expired else ""),
            (key, _encode(value), expires, *((time.time(),) if only_over_expired else ())),
        )
        self._prune_now_and_then(db)
        return cursor.rowcount == 1

    def set(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> None:
        key = self.make_and_validate_key(key, version=version)
        expires = self._expiry(timeout)
        if expires is not None and expires <= time.time():
            self._db().execute("DELETE FROM entry WHERE key = ?", (key,))
            return
        self._put(key, value, expires, only_over_expired=False)

    def add(
        self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None
    ) -> bool:
        """Takes the place of an expired entry, never of a live one."""
        key = self.make_and_validate_key(key, version=version)
        return self._put(key, value, self._expiry(timeout), only_over_expired=True)

    def incr(self, key: Any, delta: int = 1, version: Any = None) -> int:
        key = self.make_and_validate_key(key, version=version)
        db, now = self._db(), time.time()
        row = db.execute(
            f"UPDATE entry SET value = value + ? WHERE key = ? AND {_LIVE} "
            "AND typeof(value) = 'integer' RETURNING value",
            (delta, key, now),
        ).fetchone()
        if row is not None:
            return int(row[0])
        if db.execute(f"SELECT 1 FROM entry WHERE key = ? AND {_LIVE}", (key, now)).fetchone():
            raise TypeError(f"the cached value of {key!r} is not an integer")
        raise ValueError(f"Key '{key}' not found")

    def count(self, key: Any, timeout: float) -> int:
        """One more in a counter that starts at 1 and lasts `timeout` seconds: one
        statement (a rate limit counts every request)."""
        key = self.make_and_validate_key(key)
        now = time.time()
        row = (
            self._db()
            .execute(
                "INSERT INTO entry (key, value, expires) VALUES (?, 1, ?) ON CONFLICT(key) "
                "DO UPDATE SET value = CASE WHEN entry.expires <= ? OR typeof(entry.value) "
                "!= 'integer' THEN 1 ELSE entry.value + 1 END, expires = CASE WHEN "
                "entry.expires <= ? THEN excluded.expires ELSE entry.expires END "
                "RETURNING value",
                (key, now + timeout, now, now),
            )
            .fetchone()
        )
        return int(row[0])

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: Any = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        cursor = self._db().execute(
            f"UPDATE entry SET expires = ? WHERE key = ? AND {_LIVE}",
            (self._expiry(timeout), key, time.time()),
        )
        return cursor.rowcount == 1

    def delete(self, key: Any, version: Any = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        return self._db().execute("DELETE FROM entry WHERE key = ?", (key,)).rowcount == 1

    def has_key(self, key: Any, version: Any = None) -> bool:
        key = self.make_and_validate_key(key, version=version)
        row = (
            self._db()
            .execute(f"SELECT 1 FROM entry WHERE key = ? AND {_LIVE}", (key, time.time()))
            .fetchone()
        )
        return row is not None

    def clear(self) -> None:
        self._db().execute("DELETE FROM entry")

    def close(self, **kwargs: Any) -> None:
        # Kept open between requests: opening a file per request would cost more than
        # the cache saves. Closed with the thread or the process.
        pass
