"""Seed the committee roles, rename two body roles, and make the audit table append-only
in the database itself: an UPDATE is refused on both engines, a DELETE on PostgreSQL.
(SQLite's flush between tests deletes rows, so there the app refuses deletes itself;
TRUNCATE, which PostgreSQL's test flush uses, is for the database owner only.)"""

from django.db import migrations


def seed(apps, schema_editor):
    from harmonia.accounts.services import seed_committee_roles, seed_roles

    seed_roles(apps)
    seed_committee_roles(apps)


def triggers(apps, schema_editor):
    table = "accounts_auditevent"
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(
            f"CREATE TRIGGER {table}_no_update BEFORE UPDATE ON {table} "
            "BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END"
        )
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(
            "CREATE OR REPLACE FUNCTION harmonia_audit_append_only() RETURNS trigger AS $$ "
            "BEGIN RAISE EXCEPTION 'the audit log is append-only'; END; $$ LANGUAGE plpgsql"
        )
        schema_editor.execute(
            f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
            "FOR EACH ROW EXECUTE FUNCTION harmonia_audit_append_only()"
        )


def drop_triggers(apps, schema_editor):
    table = "accounts_auditevent"
    if schema_editor.connection.vendor == "sqlite":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_no_update")
    elif schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(f"DROP TRIGGER IF EXISTS {table}_append_only ON {table}")


class Migration(migrations.Migration):
    dependencies = [("accounts", "0003_security")]
    operations = [
        migrations.RunPython(seed, migrations.RunPython.noop),
        migrations.RunPython(triggers, drop_triggers),
    ]
