"""Search answers kept per query and search generation (harmonia.search.answers): the
same answers as computed, a change seen by the very next search, in this process and in
another, and nothing kept from a connection whose writes are not committed."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import asdict

import pytest

from harmonia.catalogue.models import Body, Document, DocumentType
from harmonia.search import answers, sync
from harmonia.search.backends import backend
from harmonia.search.query import SearchRequest, plan
from tests.committing import run_commit_hooks as commit

pytestmark = pytest.mark.django_db


class Recording:
    """The real backend, with the `count` of every search it is asked for noted."""

    def __init__(self, engine):
        self.engine, self.name, self.calls = engine, engine.name, []

    def search(self, plan, request, count=True):
        self.calls.append(count)
        return self.engine.search(plan, request, count=count)


@pytest.fixture
def committed(indexed):
    commit()
    return indexed


def as_dict(found):
    return {
        "hits": [asdict(h) for h in found.hits],
        "total": found.total,
        "facets": found.facets,
    }


REQUESTS = [
    SearchRequest(q="management"),
    SearchRequest(q="management", page=2, per_page=3),
    SearchRequest(q="management", sort="newest", per_page=5),
    SearchRequest(q="management", filters={"publisher": ("ISO", "TISI")}),
    SearchRequest(q="management", filters={"publisher": ("ISO",), "status": ("current",)}),
    SearchRequest(q="ISO 9001:2015"),
    SearchRequest(q="food saf", prefix=True, per_page=8, facets=False),
    SearchRequest(q=""),
    SearchRequest(q="", filters={"publisher": ("ISO",)}, sort="oldest", page=2, per_page=4),
    SearchRequest(q="xyzzy"),
]


def test_kept_answers_are_the_answers_computed(committed):
    engine = backend()
    for request in REQUESTS:
        computed = as_dict(engine.search(plan(request), request))
        first = as_dict(answers.answer(engine, plan(request), request))
        again = as_dict(answers.answer(engine, plan(request), request))
        assert first == computed == again, request


def test_another_page_of_a_kept_query_counts_nothing_again(committed):
    engine = Recording(backend())
    first = SearchRequest(q="management", per_page=3)
    second = SearchRequest(q="management", per_page=3, page=2)
    one = answers.answer(engine, plan(first), first)
    two = answers.answer(engine, plan(second), second)
    answers.answer(engine, plan(second), second)
    # counted once; the second page's hits computed once; the third ask kept whole
    assert engine.calls == [True, False]
    assert two.total == one.total > 3 and two.facets == one.facets
    assert not {h.pk for h in one.hits} & {h.pk for h in two.hits}


def test_an_index_change_is_seen_by_the_next_search(committed):
    engine = backend()
    request = SearchRequest(q="zygomorphic")
    assert answers.answer(engine, plan(request), request).total == 0
    Document.objects.create(
        identifier="ISO 77777:2026", key="ISO 77777:2026", publisher=Body.objects.get(code="ISO"),
        doctype=DocumentType.objects.first(), title="Zygomorphic widgets",
    )  # fmt: skip
    commit()
    found = answers.answer(engine, plan(request), request)
    assert found.total == 1 and [h.identifier for h in found.hits] == ["ISO 77777:2026"]


def test_nothing_is_read_or_kept_while_a_write_is_pending(committed):
    engine = Recording(backend())
    request = SearchRequest(q="management")
    answers.answer(engine, plan(request), request)
    assert engine.calls == [True]
    changed = Document.objects.filter(identifier="ISO 9001:2015")
    changed.update(title="Changed, not committed")
    sync.changed(changed.values_list("pk", flat=True))  # to the search outbox
    answers.answer(engine, plan(request), request)
    answers.answer(engine, plan(request), request)
    assert engine.calls == [True, True, True]
    commit()
    answers.answer(engine, plan(request), request)
    answers.answer(engine, plan(request), request)
    # committed: the index changed, so the answer is computed again, then kept
    assert engine.calls == [True, True, True, True]


def test_a_change_made_by_another_process_is_seen_by_the_next_search(
    tmp_path, process_database, request
):
    """Three kinds of process share only the database and the shared cache (the file
    cache, or Redis in the PostgreSQL half): a search keeps its answer, an import in
    another process changes the index, and the next search, in a third, sees it."""
    from tests.alerts.records import record, write

    env = process_database(tmp_path, "harmonia_search_kept")
    if os.environ.get("DATABASE_URL", "").startswith("postgres"):
        env["HARMONIA_REDIS_URL"] = request.getfixturevalue("redis_url")

    def harmonia(*args: str) -> str:
        done = subprocess.run(
            [sys.executable, "-m", "harmonia.cli", *args],
            env=env, capture_output=True, text=True, timeout=180,
        )  # fmt: skip
        assert done.returncode == 0, done.stdout + done.stderr
        return done.stdout

    def found() -> list[str]:
        return [r["identifier"] for r in json.loads(harmonia("search", "zygomorphic", "--json"))]

    one = write(tmp_path / "one", record("ISO 9999:2015", "2015-03-01", title="Zygomorphic things"))
    harmonia("import", "relaton", str(one))
    assert found() == ["ISO 9999:2015"]
    assert found() == ["ISO 9999:2015"]  # now from the shared cache
    kept = subprocess.run(
        [sys.executable, "-c", _COUNT_KEPT], env=env, capture_output=True, text=True, timeout=60
    )
    assert int(kept.stdout.strip() or 0) >= 2, kept.stderr  # a page and its counts
    two = write(tmp_path / "two", record("ISO 9998:2016", "2016-03-01", title="Zygomorphic others"))
    harmonia("import", "relaton", str(two))
    assert sorted(found()) == ["ISO 9998:2016", "ISO 9999:2015"]


# Counts the kept search entries of the shared cache of the process's settings.
_COUNT_KEPT = """
import os
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
import django
django.setup()
from django.core.cache import caches
cache = caches["default"]
from harmonia.sharedcache import SharedFileCache
if isinstance(cache, SharedFileCache):
    rows = cache._db().execute("SELECT count(*) FROM entry WHERE key LIKE '%search:%:%'")
    print(rows.fetchone()[0])
else:
    print(len(cache._cache.get_client().keys("*search:*")))
"""
