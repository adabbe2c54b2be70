"""Requests per second under load: document detail and search against the ceiling,
`/healthz` (no database, never cached: the least a request costs through the same
middleware), all served by gunicorn (2 sync workers) on loopback and driven by wrk, in
the same run.

    HARMONIA_VAR=var .venv/bin/python bench/api_load.py [--seconds 15] [--connections 8]

Needs a database loaded with `harmonia demo` (or DATABASE_URL for PostgreSQL) and
`wrk` (Debian: `apt-get install wrk`). Each target rotates over many URLs (200
documents, the 266 judged queries) so that no single row or query is measured alone;
anonymous readers, so public answers come from the response cache once seen.
Goals (issue 23): document detail and page ≥ 60 % of the ceiling, API search ≥ 50 %,
the web search page ≥ 40 %.
"""

from __future__ import annotations

import argparse
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import urllib.parse
import urllib.request
from pathlib import Path

import django

sys.path.insert(0, str(Path(__file__).resolve().parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
django.setup()

from served import gunicorn  # noqa: E402

from harmonia.catalogue.models import Document  # noqa: E402
from harmonia.search.evaluation import read_judged  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent


def lua_rotating(paths: list[str]) -> str:
    quoted = ",\n".join('"' + p.replace("\\", "\\\\").replace('"', '\\"') + '"' for p in paths)
    return (
        "local paths = {\n" + quoted + "\n}\nlocal i = 0\n"
        "request = function()\n  i = i % #paths + 1\n"
        '  return wrk.format("GET", paths[i])\nend\n'
    )


def run_wrk(base: str, paths: list[str], seconds: int, connections: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as f:
        f.write(lua_rotating(paths))
    # Every URL once before measuring, which also checks that each answers: the steady
    # state of a catalogue whose pages are asked for again and again. Pages let go when
    # the minute turns (see harmonia/responsecache.py) are still rendered inside the run.
    for p in paths:
        with urllib.request.urlopen(base + p, timeout=30) as r:
            assert r.status == 200, (p, r.status)
    out = subprocess.run(
        ["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", f.name, base],
        capture_output=True, text=True, check=True,
    ).stdout  # fmt: skip
    os.unlink(f.name)

    def number(pattern: str) -> float:
        m = re.search(pattern, out)
        return float(m.group(1)) if m else 0.0

    def ms(pattern: str) -> float:
        m = re.search(pattern + r"\s+([\d.]+)(us|ms|s)\b", out)
        if not m:
            return 0.0
        scale = {"us": 0.001, "ms": 1.0, "s": 1000.0}[m.group(2)]
        return float(m.group(1)) * scale

    return {
        "rps": number(r"Requests/sec:\s+([\d.]+)"),
        "p50": ms(r"\n\s+50%"),
        "p99": ms(r"\n\s+99%"),
        "errors": number(r"Non-2xx or 3xx responses:\s+(\d+)"),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--connections", type=int, default=8)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is not installed (Debian: apt-get install wrk)")

    rng = random.Random(5)
    idents = list(
        Document.objects.filter(publisher__code="ISO").values_list("identifier", flat=True)
    )
    if not idents:
        raise SystemExit("the database is empty: run `harmonia demo` first")
    docs = rng.sample(idents, 200)
    queries = [j.query for j in read_judged(ROOT / "tests" / "search" / "judged.tsv")]

    def quoted(s: str) -> str:
        return urllib.parse.quote(s, safe="")

    targets = [
        ("ceiling: `/healthz` (no database, never cached)", ["/healthz"]),
        ("API document detail `/api/v1/documents/{id}`",
         [f"/api/v1/documents/{urllib.parse.quote(d)}" for d in docs]),
        ("web document page `/documents/{id}/`",
         [f"/documents/{urllib.parse.quote(d)}/" for d in docs]),
        ("API search `/api/v1/search?q=` (top 20 and facets)",
         [f"/api/v1/search?q={quoted(q)}" for q in queries]),
        ("web search page `/search/?q=`", [f"/search/?q={quoted(q)}" for q in queries]),
    ]  # fmt: skip
    from django.db import connection

    print(
        f"{platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}, "
        f"{connection.vendor}; gunicorn 2 sync workers; wrk -t2 -c{args.connections} "
        f"-d{args.seconds}s on the same machine"
    )
    print("| target | requests/s | % of ceiling | p50 ms | p99 ms | non-2xx |")
    print("|---|---|---|---|---|---|")
    with gunicorn(workers=2) as base:
        ceiling = 0.0
        for label, paths in targets:
            r = run_wrk(base, paths, args.seconds, args.connections)
            ceiling = ceiling or r["rps"]
            share = 100 * r["rps"] / ceiling
            print(
                f"| {label} | {r['rps']:,.0f} | {share:.0f} % | {r['p50']:.1f} | "
                f"{r['p99']:.1f} | {r['errors']:.0f} |",
                flush=True,
            )


if __name__ == "__main__":
    main()
