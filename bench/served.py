"""The app under gunicorn on loopback, for the benchmarks that go through HTTP.

The bench settings add one trivial JSON view (`/bench/ping`) to the product's URLs:
the ceiling that the real pages are compared with, through the same middleware.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

BENCH = Path(__file__).resolve().parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextmanager
def gunicorn(workers: int = 2) -> Iterator[str]:
    """Yield the base URL of a gunicorn serving Harmonia with `workers` sync workers on
    the database and var/ of this process's environment."""
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="bench_settings", HARMONIA_DEBUG="0")
    command = [
        str(Path(sys.executable).with_name("gunicorn")),
        "--workers", str(workers), "--bind", f"127.0.0.1:{port}",
        "--pythonpath", str(BENCH), "--log-level", "warning", "--timeout", "120",
        "harmonia.wsgi:application",
    ]  # fmt: skip
    proc = subprocess.Popen(command, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/bench/ping", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise SystemExit(f"gunicorn did not start on {base}") from None
                time.sleep(0.2)
        yield base
    finally:
        proc.terminate()
        proc.wait(timeout=30)
