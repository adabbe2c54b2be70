"""Test set-up: SQLite by default, PostgreSQL when DATABASE_URL names it.

Services the tests need (PostgreSQL, Debian's chromium, ../shared/data) are skipped
with the reason when absent, unless HARMONIA_STRICT=1 (set by .ci/run), where an
absent one fails the run.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
STRICT = os.environ.get("HARMONIA_STRICT") == "1"
SHARED = Path(os.environ.get("HARMONIA_SHARED", ROOT.parent / "shared" / "data"))
CHROMIUM = Path(os.environ.get("HARMONIA_CHROMIUM", "/usr/bin/chromium"))

# Each run gets its own var/ so tests never touch a developer's files, and two runs side
# by side (the test command's halves) never share a search index.
os.environ.setdefault("HARMONIA_VAR", tempfile.mkdtemp(prefix="harmonia-test-var-"))


def pytest_configure(config: pytest.Config) -> None:
    # pytest-django reads the settings before this file is imported.
    from django.conf import settings

    settings.VAR_DIR = Path(os.environ["HARMONIA_VAR"]).resolve()


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


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    problem = _postgres_problem()
    if problem is None:
        return
    if STRICT:
        raise pytest.UsageError(f"strict mode (HARMONIA_STRICT=1): {problem}")
    marker = pytest.mark.skip(reason=problem)
    for item in items:
        item.add_marker(marker)


@pytest.fixture(scope="session")
def shared() -> Path:
    need(SHARED.is_dir(), f"reference data not found at {SHARED} (../shared/data)")
    return SHARED


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    need(CHROMIUM.exists(), f"Debian's chromium not found at {CHROMIUM}")
    return CHROMIUM


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
