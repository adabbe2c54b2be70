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
