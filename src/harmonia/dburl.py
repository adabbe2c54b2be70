"""Turn a DATABASE_URL into Django's DATABASES entry (SQLite or PostgreSQL)."""

from __future__ import annotations

from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, unquote, urlsplit


class DatabaseUrlError(ValueError):
    pass


def sqlite_config(path: Path) -> dict[str, Any]:
    path.parent.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": str(path),
        # WAL lets the web app read while an import writes; IMMEDIATE avoids
        # "database is locked" upgrades from read to write transactions.
        "OPTIONS": {
            "init_command": (
                "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
            ),
            "transaction_mode": "IMMEDIATE",
            "timeout": 30,
        },
    }


def parse_database_url(url: str) -> dict[str, Any]:
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:///relative/path or sqlite:////absolute/path
        raw = unquote(parts.path)
        if raw.startswith("/"):
            raw = raw[1:]
        if not raw:
            raise DatabaseUrlError("DATABASE_URL: sqlite URL needs a file path")
        return sqlite_config(Path(raw))
    if scheme in {"postgres", "postgresql", "pgsql"}:
        name = unquote(parts.path.lstrip("/"))
        if not name:
            raise DatabaseUrlError("DATABASE_URL: PostgreSQL URL needs a database name")
        options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": name,
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "OPTIONS": options,
            "CONN_MAX_AGE": 60,
            # A connection kept between requests is checked before reuse: after the
            # server restarts, the next request reconnects instead of failing.
            "CONN_HEALTH_CHECKS": True,
        }
    raise DatabaseUrlError(
        f"DATABASE_URL: unsupported scheme {scheme!r} (use sqlite:/// or postgres://)"
    )


def parse_smtp_url(url: str) -> dict[str, Any]:
    """HARMONIA_SMTP_URL (smtp://user:password@host:port?tls=1|ssl=1) as EMAIL_* settings."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in {"smtp", "smtps"} or not parts.hostname:
        raise DatabaseUrlError("HARMONIA_SMTP_URL: use smtp://[user:password@]host[:port]")
    options = {k: v[-1] for k, v in parse_qs(parts.query).items()}
    ssl = parts.scheme.lower() == "smtps" or options.get("ssl") == "1"
    return {
        "EMAIL_HOST": parts.hostname,
        "EMAIL_PORT": parts.port or (465 if ssl else 25),
        "EMAIL_HOST_USER": unquote(parts.username or ""),
        "EMAIL_HOST_PASSWORD": unquote(parts.password or ""),
        "EMAIL_USE_TLS": options.get("tls") == "1",
        "EMAIL_USE_SSL": ssl,
    }
