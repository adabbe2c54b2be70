"""The matrix and the national report are kept until the next committed write
(harmonia.generation.kept): asked again, they read nothing; after a write they are
computed again; while a write is pending, nothing is read from the cache or kept."""

import pytest
from django.utils import translation

from harmonia.adoptions.models import Adoption
from harmonia.analytics import indicators
from tests.committing import run_commit_hooks

pytestmark = pytest.mark.django_db


def test_kept_until_the_next_committed_write(national, django_assert_num_queries):
    vn, _th, network = national
    run_commit_hooks()
    report, table = indicators.national_report(vn), indicators.matrix(network)
    with django_assert_num_queries(0):
        assert indicators.national_report(vn) == report
        assert indicators.matrix(network) == table

    link = Adoption.objects.filter(national__publisher=vn, degree_id="IDT").first()
    link.degree_id = "NEQ"
    link.save()
    # pending: computed from what this connection sees, and not kept
    changed = indicators.national_report(vn)
    assert changed != report
    with _some_queries():
        assert indicators.national_report(vn) == changed
    run_commit_hooks()
    assert indicators.national_report(vn) == changed  # computed once more, then kept
    with django_assert_num_queries(0):
        assert indicators.national_report(vn) == changed


def test_kept_apart_for_each_reader_language(national):
    _vn, _th, network = national
    run_commit_hooks()
    english = indicators.matrix(network)
    with translation.override("vi"):
        vietnamese = indicators.matrix(network)
    countries = {m["body"]: m["country"] for m in english["members"]}
    in_vietnamese = {m["body"]: m["country"] for m in vietnamese["members"]}
    assert countries["STAMEQ"] != in_vietnamese["STAMEQ"]


class _some_queries:
    """At least one query runs inside the block."""

    def __enter__(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.capture = CaptureQueriesContext(connection)
        self.capture.__enter__()

    def __exit__(self, *exc):
        self.capture.__exit__(*exc)
        assert len(self.capture.captured_queries) > 0
