"""schemathesis against /api/v1/openapi.json: generated requests for every operation,
anonymous and with a body admin's token. No answer may be a server error, and every
answer must match the schema it documents."""

from __future__ import annotations

import copy

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
)

from harmonia.wsgi import application
from tests.accounts.conftest import tenants_of_module  # noqa: F401

pytestmark = pytest.mark.django_db


@pytest.fixture
def tenants(db, tenants_of_module):  # noqa: F811
    """Built once for the module (see tenants_of_module), a copy per test."""
    return copy.deepcopy(tenants_of_module)


EXAMPLES = 15  # a bound per operation and caller, so the suite stays minutes long

schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application)


CALLS: list[str] = []  # what ran, for the count the closing note reports
CHECKS = [not_a_server_error, response_schema_conformance, content_type_conformance]


@pytest.fixture
def open_limits(settings):
    settings.RATE_LIMITS = {k: (0, 60) for k in settings.RATE_LIMITS}


@pytest.fixture
def keep_connection():
    """schemathesis calls the WSGI app itself, whose end of request closes the database
    connection, and with it the test's transaction (Django's test client does this too)."""
    from django.core import signals
    from django.db import close_old_connections

    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    derandomize=True,
)
@pytest.mark.parametrize("caller", ["anonymous", "admin"])
def test_api_conforms(case, caller, tenants, open_limits, keep_connection):
    headers = tenants.headers(caller)
    auth = {"Authorization": headers["HTTP_AUTHORIZATION"]} if headers else {}
    case.call_and_validate(headers=auth, checks=CHECKS)
    CALLS.append(case.operation.label)


def test_examples_ran():
    """Runs after the generated tests (same module): how many requests were made."""
    if not CALLS:
        pytest.skip("run with the generated tests to count them")
    print(f"schemathesis: {len(CALLS)} requests over {len(set(CALLS))} operations")
    assert len(set(CALLS)) == len(list(schema.get_all_operations()))
