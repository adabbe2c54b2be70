"""`harmonia backup`: one file holding a consistent snapshot of the database, taken
while the site keeps serving and writing, and the files of var/ that cannot be rebuilt.

The snapshot is one read transaction: on SQLite (WAL) the reads see the database as it
was at the first of them while writers go on; on PostgreSQL the transaction is
REPEATABLE READ, READ ONLY. Rows are written as JSON, so a backup made on one engine
restores into the other.
"""

from __future__ import annotations

import datetime as dt
import gzip
import hashlib
import io
import json
import os
import tarfile
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from django.conf import settings
from django.db import connection, transaction

from harmonia import __version__

from .archive import MANIFEST, Manifest, sha256_of
from .tables import applied_migrations, backed_up_models, columns, state_apps, to_json

# What var/ holds that is rebuilt, or is the database itself: not in a backup.
REBUILT = ("search", "static", "backups", "test-logs", "cache", "run")
DATABASE_FILES = ("harmonia.sqlite3", "harmonia.sqlite3-wal", "harmonia.sqlite3-shm")


@dataclass
class BackupResult:
    path: Path
    manifest: Manifest
    seconds: float

    def summary(self) -> str:
        size = self.path.stat().st_size
        return (
            f"backup: {self.path} ({size / 1e6:,.1f} MB; {len(self.manifest.tables):,} "
            f"tables, {self.manifest.rows:,} rows, {len(self.manifest.files):,} files) "
            f"in {self.seconds:,.1f} s"
        )


def default_dir() -> Path:
    configured = settings.BACKUP_DIR
    return Path(configured) if configured else Path(settings.VAR_DIR) / "backups"


def var_files(exclude: Path | None = None) -> list[Path]:
    """The files of var/ a backup holds, relative to var/."""
    root = Path(settings.VAR_DIR)
    if not root.is_dir():
        return []
    found = []
    for path in sorted(root.rglob("*")):
        relative = path.relative_to(root)
        if not path.is_file() or path.is_symlink():
            continue
        if relative.parts[0] in REBUILT or relative.name in DATABASE_FILES:
            continue
        if relative.name.endswith(".part") or (exclude and path.is_relative_to(exclude)):
            continue
        found.append(relative)
    return found


def make_backup(to: Path | None = None, label: str = "") -> BackupResult:
    """Write harmonia-backup-<UTC time>[-label].tar into `to` (default: the backup
    directory); a file is there only once it is whole."""
    started = time.monotonic()
    directory = (to or default_dir()).resolve()
    directory.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.UTC)
    name = f"harmonia-backup-{now:%Y%m%dT%H%M%S%fZ}{'-' + label if label else ''}.tar"
    final = directory / name
    partial = directory / (name + ".part")
    try:
        # Readable by the operator alone: the file holds password hashes and personal data.
        partial.touch(mode=0o600)
        partial.chmod(0o600)
        with tarfile.open(partial, "w:", format=tarfile.PAX_FORMAT) as tar:
            manifest = _write_database(tar, directory, now)
            for relative in var_files(exclude=directory):
                member = f"files/{relative.as_posix()}"
                # Read once: the bytes summed are the bytes stored, if the file changes.
                data = (Path(settings.VAR_DIR) / relative).read_bytes()
                manifest.sha256[member] = hashlib.sha256(data).hexdigest()
                _add_bytes(tar, member, data)
                manifest.files.append(relative.as_posix())
            _add_bytes(tar, MANIFEST, manifest.to_json())
        with partial.open("rb") as done:
            os.fsync(done.fileno())
        partial.rename(final)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return BackupResult(final, manifest, time.monotonic() - started)


@contextmanager
def _snapshot() -> Iterator[None]:
    """One read transaction that sees the database as of its first read."""
    if connection.vendor != "sqlite":
        with transaction.atomic():
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            yield
        return
    # Not Django's atomic(): on SQLite it begins IMMEDIATE (settings), which takes the
    # write lock and would hold every writer off for the whole backup. A DEFERRED
    # transaction reads a snapshot while writers go on (WAL).
    connection.ensure_connection()
    with connection.cursor() as cursor:
        cursor.execute("BEGIN DEFERRED")
    try:
        yield
    finally:
        with connection.cursor() as cursor:
            cursor.execute("ROLLBACK")


def _write_database(tar: tarfile.TarFile, scratch: Path, now: dt.datetime) -> Manifest:
    with _snapshot():
        migrations = applied_migrations()
        manifest = Manifest(
            harmonia_version=__version__,
            created=now.isoformat(),
            engine=connection.vendor,
            migrations=migrations,
        )
        for model in backed_up_models(state_apps(migrations)):
            table = model._meta.db_table
            member = f"tables/{table}.jsonl.gz"
            with tempfile.TemporaryFile(dir=scratch) as packed:
                rows = _dump_table(model, packed)
                size = packed.tell()
                packed.seek(0)
                manifest.sha256[member] = sha256_of(packed)
                packed.seek(0)
                _add(tar, member, packed, size)
            manifest.tables[table] = {
                "model": model._meta.label_lower,
                "rows": rows,
                "member": member,
            }
    return manifest


def _dump_table(model, packed) -> int:  # type: ignore[no-untyped-def]
    fields = columns(model)
    header = {"model": model._meta.label_lower, "columns": [f.attname for f in fields]}
    rows = 0
    # mtime 0: the same rows give the same bytes.
    with gzip.GzipFile(fileobj=packed, mode="wb", compresslevel=5, mtime=0) as out:
        out.write(json.dumps(header).encode("utf-8") + b"\n")
        for row in _rows(model, [f.attname for f in fields]):
            # Keys sorted: PostgreSQL (jsonb) keeps them in its own order, SQLite as written.
            line = json.dumps([to_json(v) for v in row], ensure_ascii=False, sort_keys=True)
            out.write(line.encode("utf-8"))
            out.write(b"\n")
            rows += 1
    return rows


def _rows(model, attnames: list[str]) -> Iterator[tuple]:  # type: ignore[no-untyped-def,type-arg]
    query = model._base_manager.order_by("pk").values_list(*attnames)
    yield from query.iterator(chunk_size=5000)


def _add_bytes(tar: tarfile.TarFile, name: str, data: bytes) -> None:
    _add(tar, name, io.BytesIO(data), len(data))


def _add(tar: tarfile.TarFile, name: str, stream: IO[bytes], size: int) -> None:
    info = tarfile.TarInfo(name)
    info.size = size
    info.mtime = int(time.time())
    tar.addfile(info, stream)
