"""Test set-up: SQLite by default, PostgreSQL when DATABASE_URL names it.

Services the tests need (PostgreSQL, Debian's chromium, ../shared/data) are skipped
with the reason when absent, unless HARMONIA_STRICT=1 (set by .ci/run), where an
absent one fails the run.
"""

from __future__ import annotations

import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import closing
from pathlib import Path
from typing import Any, TypeVar

import pytest

T = TypeVar("T")
ROOT = Path(__file__).resolve().parent.parent
STRICT = os.environ.get("HARMONIA_STRICT") == "1"
SHARED = Path(os.environ.get("HARMONIA_SHARED", ROOT.parent / "shared" / "data"))
CHROMIUM = Path(os.environ.get("HARMONIA_CHROMIUM", "/usr/bin/chromium"))

# pytest-xdist's worker (gw0, gw1, …) when the run is split over processes, else "".
WORKER = os.environ.get("PYTEST_XDIST_WORKER", "")

# Each run gets its own var/ so tests never touch a developer's files, and runs side by
# side (the test command's halves, xdist's workers) never share a search index.
if WORKER:
    os.environ["HARMONIA_VAR"] = tempfile.mkdtemp(prefix=f"harmonia-test-var-{WORKER}-")
else:
    os.environ.setdefault("HARMONIA_VAR", tempfile.mkdtemp(prefix="harmonia-test-var-"))


def worker_number() -> int:
    return int(WORKER[2:]) if WORKER.startswith("gw") else 0


def pytest_configure(config: pytest.Config) -> None:
    # pytest-django reads the settings before this file is imported.
    from django.conf import settings

    settings.VAR_DIR = Path(os.environ["HARMONIA_VAR"]).resolve()
    quick = "tests.hashers.QuickArgon2PasswordHasher"  # argon2id at the least cost
    settings.PASSWORD_HASHERS = [
        quick if name.endswith(".Argon2PasswordHasher") else name
        for name in settings.PASSWORD_HASHERS
    ]


def _postgres_problem() -> str | None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith(("postgres://", "postgresql://")):
        return None
    import psycopg

    from harmonia.dburl import parse_database_url

    cfg = parse_database_url(url)
    try:
        with psycopg.connect(
            host=cfg["HOST"],
            port=cfg["PORT"] or 5432,
            user=cfg["USER"],
            password=cfg["PASSWORD"],
            dbname="postgres",
            connect_timeout=3,
        ):
            return None
    except psycopg.Error as exc:
        return f"PostgreSQL half: no server at {cfg['HOST']}:{cfg['PORT'] or 5432} ({exc})"


def need(condition: bool, reason: str) -> None:
    """Skip (or, in strict mode, fail) when a service or data set is missing."""
    if condition:
        return
    if STRICT:
        pytest.fail(f"strict mode (HARMONIA_STRICT=1): {reason}")
    pytest.skip(reason)


def _on_postgres() -> bool:
    return os.environ.get("DATABASE_URL", "").startswith(("postgres://", "postgresql://"))


# A test touches this half's database in-process through one of these fixtures (without
# one, pytest-django refuses it the database), or in `harmonia` processes through
# `process_database`.
DATABASE_FIXTURES = frozenset(
    {"db", "transactional_db", "django_db_reset_sequences", "django_db_serialized_rollback",
     "live_server", "process_database"}
)  # fmt: skip


def uses_database(item: pytest.Item) -> bool:
    names = set(getattr(item, "fixturenames", ()))
    return bool(names & DATABASE_FIXTURES) or item.get_closest_marker("django_db") is not None


# The modules that take longest, longest first (seconds of the strict run of 2026-12-07
# on SQLite / PostgreSQL, bench/RESULTS.md). Over xdist's workers (--dist loadscope
# --no-loadscope-reorder) they are dealt first, so that the last module to end is a
# short one: dealt last, as xdist's own order (by number of tests) deals them, two of
# them ended the run with one worker idle for minutes.
HEAVY_FIRST = (
    "tests/search/test_judged.py",  # 210 / 286: `harmonia demo` and JIS's archive
    "tests/operations/test_backup_restore.py",  # 150 / 336 alone: the demo, moved
    "tests/test_full_archives.py",  # 202 / 261
    "tests/test_cli.py",  # 221 / -
    "tests/test_demo.py",  # 93 / 150
    "tests/ui/test_page_walk.py",  # 132 / -
    "tests/ui/test_browser.py",  # 103 / -
    "tests/catalogue/test_roundtrip.py",  # 75 / 78
    "tests/adoptions/test_on_the_iso_catalogue.py",  # 19 / 64
    "tests/alerts/test_worker_crash.py",  # 26 / 53
    "tests/test_demo_work.py",  # 18 / 45
    "tests/identifiers/test_pubid_cases.py",  # 38 / -
    "tests/alerts/test_cli_alerts.py",  # 3 / 24
    "tests/identifiers/test_archives.py",  # 21 / -
    "tests/committees/test_import.py",  # 18 / 21
)


def heavy_first(items: list[pytest.Item]) -> None:
    """Sort the heavy modules to the front, in HEAVY_FIRST's order; the rest, and the
    tests within each module, keep their order."""
    rank = {path: n for n, path in enumerate(HEAVY_FIRST)}
    items.sort(key=lambda item: rank.get(item.nodeid.split("::", 1)[0], len(rank)))


@pytest.hookimpl(trylast=True)  # after pytest-django's own sort of the tests
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if WORKER:
        heavy_first(items)
    problem = _postgres_problem()
    if problem is not None:
        if STRICT:
            raise pytest.UsageError(f"strict mode (HARMONIA_STRICT=1): {problem}")
        marker = pytest.mark.skip(reason=problem)
        for item in items:
            item.add_marker(marker)
        return
    if _on_postgres() and os.environ.get("HARMONIA_TEST_ALL_ON_POSTGRES") != "1":
        # The PostgreSQL half runs what touches a database; a test that touches none (the
        # identifiers, the YAML reader, the CLI on a SQLite file of its own) ran in the
        # SQLite half already and would run the same code again.
        kept = [item for item in items if uses_database(item)]
        config.hook.pytest_deselected(items=[item for item in items if not uses_database(item)])
        items[:] = kept


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item: pytest.Item, nextitem: pytest.Item | None) -> object:
    """After a transactional test with serialized rollback, put the seeded rows back (the
    roles, stage codes, ballot rules, alert kinds… that migrations write). Django puts them
    back only when the next such test starts, and counts on those tests running last;
    over xdist's workers a module of ordinary tests may come after one."""
    result = yield
    if nextitem is None:
        return result  # the session ends: its test databases are gone already
    marker = item.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction") and marker.kwargs.get("serialized_rollback"):
        from django.db import connections
        from pytest_django.plugin import blocking_manager_key

        with item.config.stash[blocking_manager_key].unblock():
            for connection in connections.all():
                contents = getattr(connection, "_test_serialized_contents", None)
                if contents:
                    connection.creation.deserialize_db_from_string(contents)
    return result


@pytest.fixture(scope="session")
def shared() -> Path:
    need(SHARED.is_dir(), f"reference data not found at {SHARED} (../shared/data)")
    return SHARED


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    need(CHROMIUM.exists(), f"Debian's chromium not found at {CHROMIUM}")
    return CHROMIUM


def _migrate(env: dict[str, str]) -> None:
    import subprocess
    import sys

    subprocess.run(
        [sys.executable, "-m", "harmonia.cli", "migrate"],
        env=env, check=True, capture_output=True, timeout=600,
    )  # fmt: skip


def copy_sqlite(source: Path, var_dir: Path) -> None:
    """`source` (a SQLite database) copied as var_dir's harmonia.sqlite3, by SQLite's
    backup: the database as committed, whatever its WAL holds."""
    import sqlite3

    var_dir.mkdir(parents=True, exist_ok=True)
    with (
        closing(sqlite3.connect(source)) as original,
        closing(sqlite3.connect(var_dir / "harmonia.sqlite3")) as copy,
    ):
        original.backup(copy)


@pytest.fixture(scope="session")
def migrated_sqlite(tmp_path_factory: pytest.TempPathFactory) -> Callable[[Path], None]:
    """`copy(var_dir)`: puts in var_dir a SQLite database that `harmonia migrate` made
    once for the session, for `harmonia` processes run on a file of their own in either
    half (what a user's first command leaves; a migrate finds nothing to do)."""
    template_var = tmp_path_factory.mktemp("sqlite-template") / "var"
    made: list[bool] = []

    def copy(var_dir: Path) -> None:
        if not made:
            env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
            _migrate({**env, "HARMONIA_VAR": str(template_var)})
            made.append(True)
        copy_sqlite(template_var / "harmonia.sqlite3", var_dir)

    return copy


def server_base() -> str:
    """DATABASE_URL without its database name: the PostgreSQL server of this half."""
    return os.environ.get("DATABASE_URL", "").rsplit("/", 1)[0]


def on_postgres_server(*statements: str) -> None:
    """Statements run on the server itself (CREATE/DROP DATABASE), outside any database
    of the tests."""
    import psycopg

    with psycopg.connect(server_base() + "/postgres", autocommit=True) as conn:
        for statement in statements:
            conn.execute(statement)


@pytest.fixture(scope="session")
def process_database(
    tmp_path_factory: pytest.TempPathFactory, migrated_sqlite: Callable[[Path], None]
) -> Callable[..., dict[str, str]]:
    """`make(var_dir, name)`: the environment for `harmonia` processes on a database of
    their own, on this half's engine (a database `name` on the PostgreSQL server, or a
    SQLite file under `var_dir`), migrated: a copy of one template that `harmonia
    migrate` made once for the session (a `migrate` the test runs finds nothing to do).
    A test that hands a database to processes asks for this fixture, which keeps it in
    the PostgreSQL half (see uses_database)."""
    suffix = f"_{WORKER}" if WORKER else ""  # xdist's workers side by side
    base = server_base()
    template_var = tmp_path_factory.mktemp("template") / "var"
    template_name = f"harmonia_template{suffix}"
    made: list[bool] = []

    def make(var_dir: Path, name: str) -> dict[str, str]:
        env = {**os.environ, "HARMONIA_VAR": str(var_dir / "var")}
        if not _on_postgres():
            env.pop("DATABASE_URL", None)
            migrated_sqlite(var_dir / "var")
            return env
        if not made:
            on_postgres_server(
                f"DROP DATABASE IF EXISTS {template_name} WITH (FORCE)",
                f"CREATE DATABASE {template_name}",
            )
            _migrate(
                {**os.environ, "HARMONIA_VAR": str(template_var),
                 "DATABASE_URL": f"{base}/{template_name}"}
            )  # fmt: skip
            made.append(True)
        name += suffix
        on_postgres_server(
            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)",
            f"CREATE DATABASE {name} TEMPLATE {template_name}",
        )
        env["DATABASE_URL"] = f"{base}/{name}"
        return env

    return make


def built_once_for_module(django_db_blocker: Any, build: Callable[[], T]) -> Iterator[T]:
    """For a module's expensive set-up: `build()` writes in a transaction that is rolled
    back when the module ends, and each test runs in a savepoint inside it (the `db`
    fixture), so what a test writes is gone before the next. Only for modules whose
    tests use the `db` fixture: a transactional test would flush the tables under it.
    A module-scoped fixture yields from it."""
    from django.db import transaction

    with django_db_blocker.unblock():
        outer = transaction.atomic()
        outer.__enter__()
        try:
            built = build()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)


@pytest.fixture(scope="module")
def iso_catalogue_of_module(django_db_setup: Any, django_db_blocker: Any) -> Iterator[str]:
    """The shipped snapshot (61,637 ISO records, ICS, bodies) loaded once for a module;
    yields what the load said."""
    from harmonia.demo.snapshot import load_snapshot

    yield from built_once_for_module(django_db_blocker, load_snapshot)


@pytest.fixture
def refused_port() -> Iterator[int]:
    """A loopback port that refuses connections for the whole test."""
    from .accounts.smtp import refusing_port

    with refusing_port() as port:
        yield port


@pytest.fixture
def smtp(settings):
    """A real SMTP server on loopback, with Django's mail sent to it; yields its inbox."""
    from .accounts.smtp import smtp_server

    with smtp_server() as (inbox, port):
        settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
        settings.EMAIL_HOST = "127.0.0.1"
        settings.EMAIL_PORT = port
        settings.EMAIL_USE_TLS = settings.EMAIL_USE_SSL = False
        yield inbox


@pytest.fixture(autouse=True)
def _interface_language_reset():
    """A request in Vietnamese leaves the language active in its thread; messages from
    services are translated, so each test starts in the default language again."""
    from django.utils import translation

    yield
    translation.activate("en")


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: the rate limits count requests per address
    in it, and a module before this one on the same worker (in whatever order xdist
    deals them) may have spent the window's allowance from 127.0.0.1."""
    from django.core.cache import cache

    cache.clear()


@pytest.fixture
def redis_url():
    """A Redis database of the tests' own (15, or HARMONIA_TEST_REDIS's; xdist's worker
    gwN takes the Nth below it), emptied; skipped (or, in strict mode, failed) without a
    Redis server."""
    import os

    from redis import Redis
    from redis.exceptions import RedisError

    base, _, number = os.environ.get("HARMONIA_TEST_REDIS", "redis://127.0.0.1:6379/15").rpartition(
        "/"
    )
    url = f"{base}/{int(number) - worker_number()}"
    try:
        Redis.from_url(url, socket_connect_timeout=2).flushdb()
        reachable = True
    except RedisError:
        reachable = False
    need(reachable, f"no Redis server at {url}")
    yield url
    Redis.from_url(url).flushdb()
