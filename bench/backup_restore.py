"""Benchmark: `harmonia backup` and `harmonia restore` on the demo data set, each beside
a baseline measured in the same run.

    python bench/backup_restore.py [--postgres postgres://…/name] [--jis]

It loads the demo data set (and, with --jis, JIS's archive from ../shared/data) into a
SQLite database in a temporary directory, as `harmonia` processes, then:

- backup: `harmonia backup` of that database. Baseline: `harmonia export jsonl`, a full
  read of the catalogue alone, the floor of any copy.
- restore into a new SQLite database, and with --postgres into that (new, empty)
  PostgreSQL database, the move up. Baseline: `harmonia reindex` on the restored
  database, which every restore ends with.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

SHARED = Path(__file__).resolve().parents[2] / "shared" / "data"


SAID: list[str] = []  # what the last command printed


def harmonia(env: dict[str, str], *args: str) -> float:
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "harmonia.cli", *args], env=env, check=True,
                         capture_output=True, text=True)  # fmt: skip
    SAID[:] = [" ".join(run.stdout.split())]
    return time.perf_counter() - started


def env_for(var: Path, url: str = "") -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env["HARMONIA_VAR"] = str(var)
    if url:
        env["DATABASE_URL"] = url
    return env


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--postgres", default="", help="an empty PostgreSQL database")
    parser.add_argument("--jis", action="store_true", help="JIS's archive too")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="harmonia-bench-backup-"))
    source = env_for(work / "source")
    print(f"set-up: demo in {harmonia(source, 'demo'):.1f} s")
    if args.jis:
        took = harmonia(source, "import", "relaton", str(SHARED / "relaton-data-jis.tar.xz"))
        print(f"set-up: JIS's archive in {took:.1f} s")
    backup = harmonia(source, "backup", "--to", str(work / "backups"))
    print(SAID[0])
    export = harmonia(source, "export", "jsonl", str(work / "export.jsonl"))
    made = max((work / "backups").glob("*.tar"))
    print(f"backup: {backup:.1f} s, {made.stat().st_size / 1e6:.1f} MB "
          f"(baseline: export jsonl {export:.1f} s)")  # fmt: skip
    targets = [("SQLite", env_for(work / "restored"))]
    if args.postgres:
        targets.append(("PostgreSQL", env_for(work / "restored-pg", args.postgres)))
    for name, env in targets:
        restore = harmonia(env, "restore", str(made))
        reindex = harmonia(env, "reindex")
        print(f"restore into {name}: {restore:.1f} s (baseline: reindex alone {reindex:.1f} s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
