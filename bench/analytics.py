"""Benchmark: the regional adoption matrix and a full national report, on SQLite.

    python bench/analytics.py [--var DIR] [--repeat 15]

Data: the demo data set (`harmonia demo`: the full ISO catalogue of 61,637 documents,
the 16 invented national catalogues of the capacity-building cohort, about 17,000
documents and 13,000 adoptions). Without --var a fresh database is built in a temporary
directory first (about 30 s). Measures, in the same run:

- floor: `SELECT COUNT(*)` over the adoption table (the issue's floor), and reading the
  rows the matrix needs (current ISO/IEC documents, the members' adoptions) with no logic;
- matrix: the 16 bodies × every current ISO document (about 25,000 rows), with members'
  rates, the most adopted standards and the different editions;
- national report: Viet Nam's harmonization (by degree, ICS, committee, year), coverage,
  outdated adoptions and uptake.

Goals (issue 4): matrix ≤ 500 ms, national report ≤ 200 ms.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any


def timed(fn: Callable[[], Any], repeat: int) -> tuple[list[float], Any]:
    times = []
    result = None
    for _ in range(repeat):
        started = time.perf_counter()
        result = fn()
        times.append((time.perf_counter() - started) * 1000)
    return times, result


def line(label: str, times: list[float], goal: float | None, floor: float | None) -> str:
    median = statistics.median(times)
    worst = max(times)
    parts = [f"{label:<16} median {median:9.3f} ms   max {worst:9.3f} ms"]
    if floor:
        parts.append(f"{median / floor:7.1f} x floor")
    if goal is not None:
        parts.append(f"goal ≤ {goal:.0f} ms: {'met' if median <= goal else 'MISSED'}")
    return "   ".join(parts)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--var", type=Path, help="Use the database in this var/ directory.")
    parser.add_argument("--repeat", type=int, default=15)
    parser.add_argument("--database-url", help="Run on this PostgreSQL database instead.")
    args = parser.parse_args()
    os.environ.pop("DATABASE_URL", None)
    if args.database_url:
        os.environ["DATABASE_URL"] = args.database_url
    os.environ["HARMONIA_VAR"] = str(args.var or tempfile.mkdtemp(prefix="harmonia-bench-"))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from harmonia.adoptions.models import Adoption
    from harmonia.analytics import indicators
    from harmonia.analytics.models import Network
    from harmonia.catalogue.models import Body, Document

    call_command("migrate", verbosity=0)
    if not Network.objects.filter(slug="iso-capacity-building-2025").exists():
        from harmonia.analytics.survey import load_shipped_survey
        from harmonia.demo.national import load_demo_catalogues
        from harmonia.demo.snapshot import load_snapshot

        started = time.perf_counter()
        load_snapshot()
        load_demo_catalogues()
        load_shipped_survey()
        print(f"demo data loaded in {time.perf_counter() - started:.1f} s")
    network = Network.objects.get(slug="iso-capacity-building-2025")
    vn = Body.objects.get(country_code="VN", kind="national")
    if connection.vendor == "sqlite":
        engine = f"SQLite {connection.Database.sqlite_version}"
    else:
        engine = f"PostgreSQL {connection.pg_version // 10000}"
    print(
        f"machine: {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}, {engine}; "
        f"{Document.objects.count():,} documents, {Adoption.objects.count():,} adoptions, "
        f"{network.members.count()} bodies in the network"
    )

    def count() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT COUNT(*) FROM adoptions_adoption")
            return int(cursor.fetchone()[0])

    def read_rows() -> int:
        # The rows the matrix needs, read with no logic: a second, more telling floor.
        scope = indicators._international_current().values_list("identifier", "work", "title")
        links = Adoption.objects.filter(national__publisher__in=network.members.all()).values_list(
            "national__publisher_id", "national__identifier", "degree_id", "adopted__identifier"
        )
        return len(list(scope)) + len(list(links))

    floor_times, n = timed(count, args.repeat)
    rows_times, _ = timed(read_rows, args.repeat)
    floor = statistics.median(floor_times)
    today = datetime.date.today()
    # computed every time (what a first look after a write costs) ...
    matrix_times, matrix = timed(lambda: indicators.compute_matrix(network, (), False), args.repeat)
    report_times, report = timed(lambda: indicators.compute_national_report(vn, today), args.repeat)
    # ... and as the pages ask for them: kept until the next committed write
    indicators.matrix(network), indicators.national_report(vn)
    kept_matrix, _ = timed(lambda: indicators.matrix(network), args.repeat)
    kept_report, _ = timed(lambda: indicators.national_report(vn), args.repeat)
    print(line("floor COUNT(*)", floor_times, None, None) + f"   ({n:,} rows)")
    print(line("read rows only", rows_times, None, floor))
    print(
        line("matrix", matrix_times, 500, floor)
        + f"   {statistics.median(matrix_times) / statistics.median(rows_times):.1f} x rows"
    )
    print(line("national report", report_times, 200, floor))
    print(line("matrix, kept", kept_matrix, 500, floor))
    print(line("national report, kept", kept_report, 200, floor))
    print(
        f"matrix: {len(matrix['rows']):,} current ISO/IEC documents × {len(matrix['bodies'])} "
        f"bodies, {sum(len(r['cells']) for r in matrix['rows']):,} filled cells; report: "
        f"{report['harmonization']['current']:,} current national documents, "
        f"{len(report['outdated']):,} outdated"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
