"""`harmonia backup` and `harmonia restore` as an operator runs them: processes on
databases of their own, on this half's engine, and (in the PostgreSQL half) from one
engine to the other. The source is the demo data set, built once for the module."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest

from harmonia.operations.archive import read_manifest

from ..conftest import WORKER, _on_postgres, on_postgres_server, server_base


def run(env, *args, ok=True, **kwargs):
    result = subprocess.run(
        [sys.executable, "-m", "harmonia.cli", *args],
        env=env, capture_output=True, text=True, timeout=900, **kwargs,
    )  # fmt: skip
    if ok:
        assert result.returncode == 0, result.stdout + result.stderr
    return result


def said(result):
    return " ".join((result.stdout + result.stderr).split())


def backup(env, to):
    run(env, "backup", "--to", str(to))
    return max(to.glob("harmonia-backup-*.tar"))


def manifest_of(path):
    tar, manifest = read_manifest(path)
    tar.close()
    return manifest


def sums(path):
    """Each table's member checksum: equal sums, equal rows (the same rows give the
    same bytes)."""
    manifest = manifest_of(path)
    return {t: manifest.sha256[e["member"]] for t, e in manifest.tables.items()}


def export(env, path):
    run(env, "export", "jsonl", str(path))
    return path.read_bytes()


def empty_database(tmp_path, name, engine=None):
    """Environment for a database that has never been migrated: a new var/ on SQLite,
    a new database on the PostgreSQL server."""
    engine = engine or ("postgresql" if _on_postgres() else "sqlite")
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["HARMONIA_VAR"] = str(tmp_path / name / "var")
    if engine == "postgresql":
        name = f"{name}_{WORKER or 'main'}"
        on_postgres_server(
            f"DROP DATABASE IF EXISTS {name} WITH (FORCE)", f"CREATE DATABASE {name}"
        )
        env["DATABASE_URL"] = f"{server_base()}/{name}"
    return env


@pytest.fixture(scope="module")
def source(tmp_path_factory, process_database):
    """The demo data set in a database of its own, and one backup of it."""
    where = tmp_path_factory.mktemp("backup-source")
    env = process_database(where, "harmonia_backup_source")
    run(env, "demo")
    return env, backup(env, where / "backups"), where


@pytest.fixture(scope="module")
def restored(source, tmp_path_factory):
    """The source's backup restored into a database on SQLite that was never migrated
    (in the PostgreSQL half, that is the move down), and a backup of it taken at once:
    the environment, what the restore said, and that backup."""
    _, made, _ = source
    where = tmp_path_factory.mktemp("restored")
    target = empty_database(where, "restored", engine="sqlite")
    said_by_restore = said(run(target, "restore", str(made)))
    return target, said_by_restore, backup(target, where / "again")


def test_a_backup_restores_into_an_empty_database_with_the_same_export(source, restored):
    env, made, where = source
    target, restore_said, again = restored
    assert stat.S_IMODE(made.stat().st_mode) == 0o600  # the operator's alone
    manifest = manifest_of(made)
    assert manifest.rows > 100_000 and "accounts_auditevent" in manifest.tables
    assert "django_session" not in manifest.tables  # signed-in sessions stay behind
    assert "search index rebuilt" in restore_said
    assert export(target, where / "after.jsonl") == export(env, where / "before.jsonl")
    # Every table came back row for row, timestamps, audit trail and files included.
    assert sums(again) == sums(made)
    assert manifest_of(again).files == manifest.files
    # The restored database serves searches and takes new rows (sequences follow).
    assert "TCVN" in run(target, "search", "do luong", "--limit", "1").stdout
    run(target, "createuser", "after-restore", "--password-stdin", input="a-long-password-1\n")


@pytest.mark.parametrize(
    ("damage", "reason"),
    [
        ("truncate", "truncated"),
        ("alter", "does not match its checksum"),
        ("foreign", "not a Harmonia backup"),
        ("newer", "made by a newer Harmonia"),
    ],
)
def test_a_bad_file_is_refused_and_nothing_is_written(source, tmp_path, damage, reason):
    _, made, _ = source
    bad = tmp_path / "bad.tar"
    data = made.read_bytes()
    if damage == "truncate":
        bad.write_bytes(data[: len(data) // 2])
    elif damage == "alter":
        with tarfile.open(made) as tar:
            member = tar.getmember("tables/catalogue_document.jsonl.gz")
        spot = member.offset_data + member.size // 2
        bad.write_bytes(data[:spot] + bytes([data[spot] ^ 0xFF]) + data[spot + 1 :])
    elif damage == "foreign":
        bad.write_bytes(b"PK\x03\x04 a zip file, or anything else\n" * 100)
    else:
        newer_backup(made, bad)
    target = empty_database(tmp_path, "harmonia_refused")
    result = run(target, "restore", str(bad), ok=False)
    assert result.returncode == 1
    assert reason in said(result) and "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) <= 3  # one line, wrapped at most
    assert tables_of(target) == []  # nothing written: not even a migration


def newer_backup(made, bad):
    """The backup as a newer Harmonia would write it: one migration more."""
    import io
    import json

    with tarfile.open(made) as source, tarfile.open(bad, "w:") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(data)
                manifest["migrations"].append(["catalogue", "9999_from_the_future"])
                manifest["harmonia_version"] = "99.0"
                data = json.dumps(manifest).encode()
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))


def tables_of(env):
    if "DATABASE_URL" not in env:
        import sqlite3

        path = Path(env["HARMONIA_VAR"]) / "harmonia.sqlite3"
        if not path.exists():
            return []
        with sqlite3.connect(path) as db:
            return [r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    import psycopg

    with psycopg.connect(env["DATABASE_URL"]) as conn:
        rows = conn.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public'")
        return [r[0] for r in rows.fetchall()]


WRITER = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
django.setup()
from django.contrib.auth import get_user_model
from django.db import transaction
with transaction.atomic():
    get_user_model().objects.create_user("written-meanwhile", "w@example.org", "a-long-password-1")
    print("holding", flush=True)
    sys.stdin.readline()
print("committed", flush=True)
"""


def test_a_backup_is_taken_while_a_writer_holds_its_transaction(source, tmp_path):
    """The site keeps writing: the backup neither waits for a writer nor holds what it
    has not committed; the writer commits afterwards."""
    env, made, _ = source
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER], env=env, text=True,
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )  # fmt: skip
    try:
        assert writer.stdout.readline().strip() == "holding", writer.stderr.read()
        during = backup(env, tmp_path / "during")
    finally:
        out, err = writer.communicate("\n", timeout=120)
    assert writer.returncode == 0 and "committed" in out, err
    assert sums(during) == sums(made)
    assert sums(backup(env, tmp_path / "after"))["auth_user"] != sums(made)["auth_user"]


def test_a_database_holding_data_is_refused_unless_replace(source, tmp_path):
    env, made, _ = source
    refused = run(env, "restore", str(made), ok=False)
    assert refused.returncode == 1
    assert "the database holds data" in said(refused) and "--replace" in said(refused)
    # A person added after the backup: --replace takes them away, and keeps them in the
    # backup it takes first.
    run(env, "createuser", "added-later", "--password-stdin", input="a-long-password-1\n")
    replaced = run(env, "restore", "--replace", str(made))
    safety = Path(said(replaced).rsplit("is in ", 1)[1].strip())
    assert safety.is_file() and "before-restore" in safety.name
    assert sums(safety)["auth_user"] != sums(made)["auth_user"]
    assert sums(backup(env, tmp_path / "after"))["auth_user"] == sums(made)["auth_user"]


@pytest.mark.skipif(
    not _on_postgres(), reason="the move needs PostgreSQL (the PostgreSQL half runs it)"
)
def test_moving_from_postgresql_to_sqlite_and_back(source, restored, tmp_path):
    """Down: the PostgreSQL source restored on SQLite (the `restored` fixture, whose
    export and rows the first test compares); and back up, from SQLite's own backup."""
    env, made, where = source
    _, _, down = restored
    assert (manifest_of(made).engine, manifest_of(down).engine) == ("postgresql", "sqlite")
    postgres = empty_database(tmp_path, "harmonia_moved_up")
    run(postgres, "restore", str(down))
    assert export(postgres, tmp_path / "postgres.jsonl") == export(env, where / "before-move.jsonl")
    assert sums(backup(postgres, tmp_path / "up")) == sums(made)
    run(postgres, "createuser", "after-move", "--password-stdin", input="a-long-password-1\n")


@pytest.mark.skipif(
    not _on_postgres(), reason="the move needs PostgreSQL (the PostgreSQL half runs it)"
)
def test_a_catalogue_born_on_sqlite_exports_the_same_on_postgresql(tmp_path, process_database):
    """JSON written on SQLite keeps its keys as written; PostgreSQL's jsonb reorders
    them: the export, and the backup's rows, must not show it. (process_database keeps
    the test in the PostgreSQL half.)"""
    from tests.catalogue.samples import write_dir

    sqlite = empty_database(tmp_path, "born_on_sqlite", engine="sqlite")
    run(sqlite, "import", "relaton", str(write_dir(tmp_path / "records")))
    made = backup(sqlite, tmp_path / "sqlite")
    postgres = empty_database(tmp_path, "harmonia_from_sqlite")
    run(postgres, "restore", str(made))
    assert export(postgres, tmp_path / "pg.jsonl") == export(sqlite, tmp_path / "sqlite.jsonl")
    assert sums(backup(postgres, tmp_path / "pg")) == sums(made)
