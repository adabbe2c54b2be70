"""The tables a backup holds, as the applied migrations define them, and how a value
travels: JSON in the file, the field's own type in the database of either engine."""

from __future__ import annotations

import base64
import datetime as dt
import decimal
import uuid
from typing import Any

from django.apps.registry import Apps
from django.db import connection, models
from django.db.migrations.loader import MigrationLoader
from django.db.migrations.recorder import MigrationRecorder
from django.utils.duration import duration_string

# Not backed up: the search index's outbox (the index is rebuilt after a restore) and
# signed-in sessions (a backup file must not let its holder act as a signed-in person;
# after a move everybody signs in again).
SKIPPED = frozenset({"search_pendingchange", "django_session"})

# Tables that `migrate` fills on a new database (vocabularies, rules, roles, content
# types). A database holding rows in no other table holds no data of its own yet, and
# a restore replaces these rows with the backup's. tests/operations pins the set.
SEEDED = frozenset(
    {
        "accounts_committeerole",
        "accounts_role",
        "adoptions_adoptionmethod",
        "adoptions_degree",
        "alerts_eventkind",
        "auth_permission",
        "ballots_ballotrule",
        "ballots_ballottype",
        "catalogue_documenttype",
        "catalogue_relationtype",
        "catalogue_stage",
        "catalogue_stagecode",
        "comments_commenttype",
        "comments_resolution",
        "committees_memberstatus",
        "django_content_type",
        "projects_stageperiod",
        "projects_stagetransition",
        "reviews_reviewoutcome",
        "reviews_reviewperiod",
        "training_feedbackcriterion",
    }
)


def applied_migrations() -> list[tuple[str, str]]:
    recorder = MigrationRecorder(connection)
    if not recorder.has_table():
        return []
    return sorted(recorder.applied_migrations())


def state_apps(migrations: list[tuple[str, str]]) -> Apps:
    """The models as the given applied migrations left them (a backup of an older
    schema is read and written with the models of its own time)."""
    loader = MigrationLoader(None, ignore_no_migrations=True)
    nodes = [m for m in migrations if m in loader.graph.nodes]
    return loader.project_state(nodes, at_end=True).apps


def backed_up_models(apps: Apps) -> list[type[models.Model]]:
    found = [
        m
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy and m._meta.db_table not in SKIPPED
    ]
    return sorted(found, key=lambda m: m._meta.db_table)


def columns(model: type[models.Model]) -> list[models.Field[Any, Any]]:
    return list(model._meta.concrete_fields)


def to_json(value: Any) -> Any:
    if value is None or isinstance(value, (bool, int, float, str, list, dict)):
        return value
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (dt.datetime, dt.date, dt.time)):
        return value.isoformat()
    if isinstance(value, dt.timedelta):
        return duration_string(value)
    if isinstance(value, (decimal.Decimal, uuid.UUID)):
        return str(value)
    raise TypeError(f"cannot back up a value of type {type(value).__name__}")


def from_json(field: models.Field[Any, Any], value: Any) -> Any:
    if value is None or isinstance(field, models.JSONField):
        return value
    return field.to_python(value)


def table_names() -> set[str]:
    return set(connection.introspection.table_names())


def tables_with_rows(tables: list[str]) -> list[str]:
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        found = []
        for table in tables:
            cursor.execute(f"SELECT 1 FROM {quote(table)} LIMIT 1")  # names from the schema
            if cursor.fetchone():
                found.append(table)
    return found
