"""`harmonia` as separate processes, for the worker tests, on a database of their own made
by the `process_database` fixture (tests/conftest.py)."""

from __future__ import annotations

import subprocess
import sys
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
