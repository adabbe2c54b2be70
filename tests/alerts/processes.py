"""`harmonia` as separate processes on a database of their own (a file under the test's
var/ on SQLite, a database of its own on PostgreSQL), for the worker tests."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Any

SETUP = """
import os, sys, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
django.setup()
from django.contrib.auth import get_user_model
from harmonia.alerts import follows
for i in range(int(sys.argv[1])):
    user = get_user_model().objects.create_user(
        f"p{i:02}", f"p{i:02}@example.org", "a-long-password-1")
    follows.follow(user, follows.document_target(sys.argv[2]))
"""


def environment(tmp_path: Path, name: str) -> dict[str, str]:
    env = {**os.environ, "HARMONIA_VAR": str(tmp_path / "var")}
    url = os.environ.get("DATABASE_URL", "")
    if url.startswith(("postgres://", "postgresql://")):
        import psycopg

        base = url.rsplit("/", 1)[0]
        with psycopg.connect(base + "/postgres", autocommit=True) as conn:
            conn.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            conn.execute(f"CREATE DATABASE {name}")
        env["DATABASE_URL"] = f"{base}/{name}"
    else:
        env.pop("DATABASE_URL", None)
    return env


def harmonia(env: dict[str, str], *args: str, **kwargs: Any) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "harmonia.cli", *args],
        env=env,
        capture_output=True,
        text=True,
        timeout=kwargs.pop("timeout", 300),
        **kwargs,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    return result


def followers(env: dict[str, str], count: int, identifier: str) -> None:
    result = subprocess.run(
        [sys.executable, "-c", SETUP, str(count), identifier],
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


def start_worker(env: dict[str, str], *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "harmonia.cli", "worker", *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
