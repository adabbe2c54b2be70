"""Which half runs a test: the PostgreSQL half keeps what touches a database."""

import pytest

from tests.conftest import uses_database


def test_a_test_without_a_database_runs_once(request):
    assert not uses_database(request.node)


def test_the_db_fixture_keeps_a_test_in_both_halves(request, db):
    assert uses_database(request.node)


@pytest.mark.django_db
def test_the_django_db_mark_keeps_a_test_in_both_halves(request):
    assert uses_database(request.node)


def test_processes_on_a_database_keep_a_test_in_both_halves(request, process_database):
    assert uses_database(request.node)


def test_the_heavy_modules_named_for_the_workers_exist():
    from tests.conftest import HEAVY_FIRST, ROOT

    missing = [path for path in HEAVY_FIRST if not (ROOT / path).is_file()]
    assert missing == []
    assert len(set(HEAVY_FIRST)) == len(HEAVY_FIRST)


def test_heavy_modules_are_dealt_first_and_the_rest_keep_their_order():
    from types import SimpleNamespace

    from tests.conftest import HEAVY_FIRST, heavy_first

    ids = ["tests/a.py::x", f"{HEAVY_FIRST[1]}::y", "tests/b.py::z", f"{HEAVY_FIRST[0]}::w",
           "tests/a.py::v", f"{HEAVY_FIRST[1]}::u"]  # fmt: skip
    items = [SimpleNamespace(nodeid=i) for i in ids]
    heavy_first(items)
    assert [i.nodeid for i in items] == [ids[3], ids[1], ids[5], ids[0], ids[2], ids[4]]
