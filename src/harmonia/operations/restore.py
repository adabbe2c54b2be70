"""`harmonia restore FILE`: a backup brought back into the database the settings name,
of either engine.

Every refusal comes before anything is written: a file that is not a whole Harmonia
backup, a backup of a newer schema than this code knows, a database that holds data of
its own (unless --replace, which first backs up what is there). Then the schema is
brought to the backup's migrations, the rows are written in one transaction, the
schema is migrated to this version, the files of var/ are put back and the search
index is rebuilt.
"""

from __future__ import annotations

import gzip
import json
import os
import tarfile
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.apps.registry import Apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.db.migrations.executor import MigrationExecutor

from harmonia import generation

from .archive import BadBackup, Manifest, read_manifest, safe_member_path
from .backup import make_backup
from .tables import (
    SEEDED,
    SKIPPED,
    applied_migrations,
    backed_up_models,
    columns,
    from_json,
    state_apps,
    table_names,
    tables_with_rows,
)

BATCH = 1000


class RestoreRefused(Exception):
    """Nothing was written: the reason in one line."""


@dataclass
class RestoreResult:
    manifest: Manifest
    safety_backup: Path | None
    indexed: int
    seconds: float

    def summary(self) -> str:
        made = f"made on {self.manifest.engine} by Harmonia {self.manifest.harmonia_version}"
        text = (
            f"restored {self.manifest.rows:,} rows of {len(self.manifest.tables):,} tables and "
            f"{len(self.manifest.files):,} files ({made}, {self.manifest.created}); "
            f"search index rebuilt ({self.indexed:,} documents) in {self.seconds:,.1f} s"
        )
        if self.safety_backup:
            text += f"; what the database held before is in {self.safety_backup}"
        return text


def restore(path: Path, replace: bool = False) -> RestoreResult:
    started = time.monotonic()
    try:
        tar, manifest = read_manifest(path)
    except BadBackup as exc:
        raise RestoreRefused(str(exc)) from None
    with tar:
        _check_schema(manifest)
        held = data_tables()
        if held and not replace:
            raise RestoreRefused(
                f"the database holds data ({', '.join(held[:3])}{' …' if len(held) > 3 else ''}): "
                "restore into an empty database, or add --replace (what it holds is backed "
                "up first)"
            )
        _check_files(manifest, replace)
        safety = make_backup(label="before-restore").path if held else None
        _migrate_to(manifest.migrations)
        apps = state_apps(manifest.migrations)
        try:
            with transaction.atomic():
                _empty(apps)
                _load(tar, manifest, apps)
                _reset_sequences(apps)
        except BadBackup as exc:
            raise RestoreRefused(f"{path}: {exc}; nothing was restored") from None
        call_command("migrate", interactive=False, verbosity=0)
        _write_files(tar, manifest)
    from harmonia.search.sync import rebuild

    indexed = rebuild()
    # Rows came in through COPY, which Django's cursor does not see: pages cached from
    # what was there before are let go here.
    generation.bump()
    return RestoreResult(manifest, safety, indexed, time.monotonic() - started)


def data_tables() -> list[str]:
    """The tables holding rows of their own (not what `migrate` seeds), sorted."""
    if "django_migrations" not in table_names():
        return []
    current = state_apps(applied_migrations())
    tables = [m._meta.db_table for m in backed_up_models(current)]
    existing = table_names()
    candidates = [t for t in tables if t in existing and t not in SEEDED and t not in SKIPPED]
    return sorted(tables_with_rows(candidates))


def _check_schema(manifest: Manifest) -> None:
    from django.db.migrations.loader import MigrationLoader

    from harmonia import __version__

    known = set(MigrationLoader(None, ignore_no_migrations=True).disk_migrations)
    unknown = [m for m in manifest.migrations if m not in known]
    if unknown:
        app, name = unknown[0]
        raise RestoreRefused(
            f"the backup was made by a newer Harmonia ({manifest.harmonia_version}; this is "
            f"{__version__}): its migration {app}.{name} is unknown here; install that "
            "version or a later one first"
        )


def _check_files(manifest: Manifest, replace: bool) -> None:
    root = Path(settings.VAR_DIR)
    for name in manifest.files:
        target = root / safe_member_path(name)
        if target.exists() and not replace:
            raise RestoreRefused(
                f"{target} exists already: restore into an empty var/, or add --replace"
            )


def _migrate_to(migrations: list[tuple[str, str]]) -> None:
    """The schema as the backup's migrations left it (forwards on a new database)."""
    executor = MigrationExecutor(connection)
    graph = executor.loader.graph
    applied = set(migrations)
    targets: list[tuple[str, str | None]] = []
    for node in sorted(applied):
        children = graph.node_map[node].children
        if not any(child.key in applied and child.key[0] == node[0] for child in children):
            targets.append(node)
    held_apps = {app for app, _ in applied}
    targets += [(app, None) for app in sorted(executor.loader.migrated_apps - held_apps)]
    executor.migrate(targets, plan=executor.migration_plan(targets))


def _empty(apps: Apps) -> None:
    existing = table_names()
    tables = [m._meta.db_table for m in apps.get_models(include_auto_created=True)]
    tables = [t for t in tables if t in existing]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # TRUNCATE: the audit trail's append-only trigger guards rows, not tables.
            cursor.execute(f"TRUNCATE {', '.join(quote(t) for t in tables)} RESTART IDENTITY")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {quote(table)}")  # names from the schema


def _load(tar: tarfile.TarFile, manifest: Manifest, apps: Apps) -> None:
    models = {m._meta.label_lower: m for m in backed_up_models(apps)}
    for table, entry in sorted(manifest.tables.items()):
        model = models.get(str(entry.get("model")))
        if model is None or model._meta.db_table != table:
            raise BadBackup(f"table {table} is not in the schema of the backup's migrations")
        member = tar.extractfile(str(entry["member"]))
        if member is None:
            raise BadBackup(f"{entry['member']} is missing")
        with gzip.GzipFile(fileobj=member) as lines:
            written = _load_table(model, lines, table)
        if written != int(entry["rows"]):
            raise BadBackup(f"{table}: {written:,} rows read, the manifest says {entry['rows']:,}")


def _load_table(model: Any, lines: Any, table: str) -> int:
    header = json.loads(lines.readline())
    fields = {f.attname: f for f in columns(model)}
    names = header.get("columns", [])
    if sorted(names) != sorted(fields):
        raise BadBackup(f"{table}: its columns do not match the schema of its migrations")
    ordered = [fields[n] for n in names]
    convert = [_converter(f) for f in ordered]

    def rows() -> Iterator[list[Any]]:
        for line in lines:
            row = json.loads(line)
            if len(row) != len(convert):
                raise BadBackup(f"{table}: a row of {len(row)} values for {len(convert)} columns")
            yield [v if c is None or v is None else c(v) for c, v in zip(convert, row, strict=True)]

    quote = connection.ops.quote_name
    column_list = ", ".join(quote(f.column) for f in ordered)
    written = 0
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY: one stream instead of a round trip per batch (several times faster).
            with cursor.copy(f"COPY {quote(table)} ({column_list}) FROM STDIN") as copy:
                for row in rows():
                    copy.write_row(row)
                    written += 1
            return written
        marks = ", ".join(["%s"] * len(ordered))
        sql = f"INSERT INTO {quote(table)} ({column_list}) VALUES ({marks})"
        batch: list[list[Any]] = []
        for row in rows():
            batch.append(row)
            if len(batch) == BATCH:
                cursor.executemany(sql, batch)
                written += len(batch)
                batch = []
        if batch:
            cursor.executemany(sql, batch)
            written += len(batch)
    return written


# Fields whose JSON value is already what the database driver takes.
_AS_IS = (models.CharField, models.TextField, models.IntegerField, models.BooleanField)


def _converter(field: Any) -> Callable[[Any], Any] | None:
    """How a JSON value becomes the value the driver writes; None when it is already."""
    target = field.target_field if field.is_relation else field
    if isinstance(target, _AS_IS):
        return None

    def convert(value: Any) -> Any:
        return field.get_db_prep_save(from_json(field, value), connection)

    return convert


def _reset_sequences(apps: Apps) -> None:
    models = list(apps.get_models(include_auto_created=True))
    statements = connection.ops.sequence_reset_sql(no_style(), models)
    with connection.cursor() as cursor:
        for statement in statements:
            cursor.execute(statement)


def _write_files(tar: tarfile.TarFile, manifest: Manifest) -> None:
    root = Path(settings.VAR_DIR)
    for name in manifest.files:
        target = root / safe_member_path(name)
        source = tar.extractfile(f"files/{name}")
        if source is None:
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        partial = target.with_name(target.name + ".part")
        partial.write_bytes(source.read())
        os.replace(partial, target)
