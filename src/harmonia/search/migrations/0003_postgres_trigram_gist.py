"""Typo lookup by nearest trigram distance through a GiST index: on the 65k words of the
full data, `word % x ORDER BY word <-> x LIMIT 3` takes about 7 ms where the GIN index
and `ORDER BY similarity()` took about 65 ms (every candidate above the threshold was
scored). Nothing on SQLite."""

from django.db import migrations

FORWARD = """
CREATE INDEX IF NOT EXISTS search_term_trgm_gist ON search_term USING gist (word gist_trgm_ops);
DROP INDEX IF EXISTS search_term_trgm;
"""
BACKWARD = """
CREATE INDEX IF NOT EXISTS search_term_trgm ON search_term USING gin (word gin_trgm_ops);
DROP INDEX IF EXISTS search_term_trgm_gist;
"""


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(FORWARD)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(BACKWARD)


class Migration(migrations.Migration):
    dependencies = [("search", "0002_postgres_entries")]
    operations = [migrations.RunPython(forward, backward)]
