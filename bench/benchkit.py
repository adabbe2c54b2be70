"""What the database benchmarks share: a best-of timer, and a Django set up on a
database of its own (SQLite in a temporary directory, or a PostgreSQL database named by
DATABASE_URL, dropped and created afresh), with the machine line every result starts
with."""

from __future__ import annotations

import datetime as dt
import os
import platform
import tempfile
import time
from collections.abc import Callable
from typing import Any


def best_of(fn: Callable[[], Any], repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t)
    return best


def fresh_postgres(url: str) -> None:
    import psycopg

    from harmonia.dburl import parse_database_url

    cfg = parse_database_url(url)
    with psycopg.connect(
        host=cfg["HOST"], port=cfg["PORT"] or 5432, user=cfg["USER"], dbname="postgres",
        password=cfg["PASSWORD"], autocommit=True,
    ) as conn:  # fmt: skip
        conn.execute(f'DROP DATABASE IF EXISTS "{cfg["NAME"]}" WITH (FORCE)')
        conn.execute(f'CREATE DATABASE "{cfg["NAME"]}"')


def django_on_a_fresh_database(prefix: str) -> None:
    """Set Django up on an empty, migrated database and print the machine line."""
    os.environ.setdefault("HARMONIA_VAR", tempfile.mkdtemp(prefix=prefix))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        fresh_postgres(url)
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", verbosity=0)
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"
        f", database {connection.vendor}; {dt.date.today()}"
    )
