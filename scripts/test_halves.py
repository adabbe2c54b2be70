"""The test command's two halves side by side: the whole suite on SQLite (with the
browser tests) and, on PostgreSQL, every test that touches a database, again.

Each half is split over two pytest-xdist workers (a module stays on one worker, so its
set-up is built once), and the database server works in processes of its own: on a
machine of two cores the work overlaps instead of queueing, and whichever half ends
first leaves both cores to the other. The SQLite half writes to this terminal as it
goes; the PostgreSQL half to var/test-logs/postgresql.log, printed when it ends. Each
process has its own Redis database (15 and 14 on SQLite; 11 and 10 on PostgreSQL) and
its own var/ (tests/conftest.py).
Each half prints its 10 slowest tests; at the end, each half's wall time, and the exit
status is the first failure's.

Usage: python scripts/test_halves.py [PG_URL]
"""

from __future__ import annotations

import os
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTEST = [sys.executable, "-m", "pytest"]
SLOWEST = ["--durations=10"]
# A module stays on one worker; the heavy ones are dealt first (tests/conftest.py).
WORKERS = ["-n", "2", "--dist", "loadscope", "--no-loadscope-reorder"]


def main() -> int:
    pg_url = sys.argv[1] if len(sys.argv) > 1 else "postgres://postgres@127.0.0.1:5432/harmonia"
    logs = ROOT / "var" / "test-logs"
    logs.mkdir(parents=True, exist_ok=True)
    sqlite_env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    sqlite_env.setdefault("HARMONIA_TEST_REDIS", "redis://127.0.0.1:6379/15")
    pg_env = dict(os.environ, DATABASE_URL=pg_url)
    pg_env["HARMONIA_TEST_REDIS"] = "redis://127.0.0.1:6379/11"
    started = time.monotonic()
    pg_log = (logs / "postgresql.log").open("w")
    postgresql = subprocess.Popen(
        # Its own pytest cache would race the other half's: none.
        [*PYTEST, *SLOWEST, *WORKERS, "-m", "not browser", "-p", "no:cacheprovider"],
        cwd=ROOT,
        env=pg_env,
        stdout=pg_log,
        stderr=subprocess.STDOUT,
    )
    # The PostgreSQL half's own end, even when it ends while the SQLite half still runs.
    pg_ended: list[float] = []
    watcher = threading.Thread(
        target=lambda: (postgresql.wait(), pg_ended.append(time.monotonic())), daemon=True
    )
    watcher.start()
    sqlite = subprocess.run([*PYTEST, *SLOWEST, *WORKERS], cwd=ROOT, env=sqlite_env, check=False)
    sqlite_seconds = time.monotonic() - started
    watcher.join()
    pg_seconds = pg_ended[0] - started
    pg_log.close()
    print("\n===== PostgreSQL half (var/test-logs/postgresql.log) =====", flush=True)
    sys.stdout.write((logs / "postgresql.log").read_text(errors="replace"))
    print(f"\nSQLite half: {_clock(sqlite_seconds)}, exit {sqlite.returncode}")
    print(f"PostgreSQL half: {_clock(pg_seconds)}, exit {postgresql.returncode}")
    print(f"Both, side by side: {_clock(max(sqlite_seconds, pg_seconds))}")
    return sqlite.returncode or postgresql.returncode


def _clock(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


if __name__ == "__main__":
    sys.exit(main())
