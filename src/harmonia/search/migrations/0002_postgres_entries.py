"""The PostgreSQL backend's tables; nothing on SQLite, where tantivy holds the index."""

from django.db import migrations

CREATE = """
CREATE EXTENSION IF NOT EXISTS pg_trgm;
CREATE TABLE IF NOT EXISTS search_entry (
    pk bigint PRIMARY KEY,
    identifier text NOT NULL,
    display text NOT NULL,
    tsv tsvector NOT NULL,
    key text NOT NULL, work text NOT NULL, base_key text NOT NULL, base_work text NOT NULL,
    adopts text[] NOT NULL, number text NOT NULL,
    intl boolean NOT NULL, main boolean NOT NULL, popularity integer NOT NULL,
    publisher text NOT NULL, doctype text NOT NULL, status text NOT NULL,
    ics text[] NOT NULL, ics_field text[] NOT NULL, committee text NOT NULL,
    year text NOT NULL, date integer NOT NULL, language text[] NOT NULL
);
CREATE INDEX IF NOT EXISTS search_entry_tsv ON search_entry USING gin (tsv);
CREATE INDEX IF NOT EXISTS search_entry_key ON search_entry (key);
CREATE INDEX IF NOT EXISTS search_entry_work ON search_entry (work);
CREATE INDEX IF NOT EXISTS search_entry_base_key ON search_entry (base_key);
CREATE INDEX IF NOT EXISTS search_entry_base_work ON search_entry (base_work);
CREATE INDEX IF NOT EXISTS search_entry_adopts ON search_entry USING gin (adopts);
CREATE INDEX IF NOT EXISTS search_entry_date ON search_entry (date);
CREATE TABLE IF NOT EXISTS search_term (word text PRIMARY KEY, n integer NOT NULL DEFAULT 1);
CREATE INDEX IF NOT EXISTS search_term_trgm ON search_term USING gin (word gin_trgm_ops);
"""
DROP = "DROP TABLE IF EXISTS search_entry; DROP TABLE IF EXISTS search_term;"


def forward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(CREATE)


def backward(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        schema_editor.execute(DROP)


class Migration(migrations.Migration):
    dependencies = [("search", "0001_initial")]
    operations = [migrations.RunPython(forward, backward)]
