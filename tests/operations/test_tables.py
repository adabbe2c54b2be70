"""What a backup holds, in-process: the seeded tables, the files of var/, values."""

import datetime as dt
import decimal

import pytest
from django.db import models

from harmonia.operations.backup import var_files
from harmonia.operations.restore import data_tables
from harmonia.operations.tables import (
    SEEDED,
    SKIPPED,
    applied_migrations,
    backed_up_models,
    from_json,
    state_apps,
    tables_with_rows,
    to_json,
)


@pytest.mark.django_db
def test_a_migrated_database_holds_rows_only_in_the_seeded_tables():
    tables = [m._meta.db_table for m in backed_up_models(state_apps(applied_migrations()))]
    assert set(tables_with_rows(tables)) - SKIPPED == SEEDED
    assert data_tables() == []


@pytest.mark.django_db
def test_a_person_makes_the_database_hold_data():
    from django.contrib.auth import get_user_model

    get_user_model().objects.create_user("someone", "s@example.org", "a-long-password-1")
    assert data_tables() == ["accounts_auditevent", "auth_user"]  # and its audit entry


def test_var_files_leave_out_what_is_rebuilt(settings, tmp_path):
    settings.VAR_DIR = tmp_path
    for name in ("harmonia.sqlite3", "harmonia.sqlite3-wal", "search/x/meta.json",
                 "static/app.css", "backups/old.tar", "mail/1.eml", "import-errors-1.txt",
                 "mail/2.eml.part"):  # fmt: skip
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text("x")
    assert [p.as_posix() for p in var_files()] == ["import-errors-1.txt", "mail/1.eml"]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        (models.BinaryField(), b"\x00\xffdraft"),
        (models.DateTimeField(), dt.datetime(2026, 12, 7, 18, 0, 1, 123456, tzinfo=dt.UTC)),
        (models.DateField(), dt.date(2026, 2, 28)),
        (models.DecimalField(max_digits=5, decimal_places=2), decimal.Decimal("12.50")),
        (models.DurationField(), dt.timedelta(days=2, seconds=5)),
        (models.JSONField(), {"a": [1, "x", None]}),
        (models.JSONField(), "a string in JSON"),
        (models.BooleanField(), False),
        (models.CharField(), "Tiêu chuẩn quốc gia"),
    ],
)
def test_a_value_travels_through_json_unchanged(field, value):
    import json

    assert from_json(field, json.loads(json.dumps(to_json(value)))) == value
