"""Benchmark: import all of relaton-data-iso.tar.xz into a fresh SQLite database.

    python bench/import_relaton.py [--archive PATH] [--verify]

Prints, from one run on this machine:
  baseline   PyYAML's C loader just parsing every file of the archive (one core),
  import     Harmonia's full import: read, parse, validate, commit rows with indexes,
  reimport   the same archive again (unchanged: nothing is written),
  memory     peak resident memory of the importer and of its parser processes.
With --verify it also checks, file by file, that the fast parser gives PyYAML's result.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import sys
import tarfile
import tempfile
import time
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
LOADER = yaml.CSafeLoader


def baseline(archive: Path) -> tuple[float, int]:
    started = time.perf_counter()
    count = 0
    with tarfile.open(archive) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith((".yaml", ".yml")):
                yaml.load(tar.extractfile(member).read(), Loader=LOADER)
                count += 1
    return time.perf_counter() - started, count


def verify(archive: Path) -> int:
    from harmonia.catalogue.importers.yamlparse import parse_document, parse_pyyaml

    differing = 0
    with tarfile.open(archive) as tar:
        for member in tar:
            if member.isfile() and member.name.endswith((".yaml", ".yml")):
                data = tar.extractfile(member).read()
                if parse_document(data) != parse_pyyaml(data):
                    differing += 1
                    print(f"  differs: {member.name}")
    return differing


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument(
        "--archive", type=Path, default=ROOT.parent / "shared/data/relaton-data-iso.tar.xz"
    )
    parser.add_argument("--verify", action="store_true")
    args = parser.parse_args()
    if not args.archive.exists():
        print(f"error: {args.archive} not found", file=sys.stderr)
        return 1
    print(
        f"machine: {platform.node()} {platform.machine()}, {os.cpu_count()} cores, "
        f"Python {platform.python_version()}, {time.strftime('%Y-%m-%d')}"
    )

    tmp = tempfile.mkdtemp(prefix="harmonia-bench-")
    os.environ["HARMONIA_VAR"] = tmp
    os.environ.pop("DATABASE_URL", None)
    os.environ["DJANGO_SETTINGS_MODULE"] = "harmonia.settings"
    import django

    django.setup()
    from django.core.management import call_command

    from harmonia.catalogue.importers import digests
    from harmonia.catalogue.importers.relaton import parse_relaton
    from harmonia.catalogue.importers.sources import iter_path
    from harmonia.catalogue.loading import default_workers, import_items
    from harmonia.catalogue.models import Document

    call_command("migrate", verbosity=0)

    base_seconds, files = baseline(args.archive)
    print(
        f"baseline  PyYAML CSafeLoader, parse only, 1 core: {base_seconds:7.1f} s "
        f"({files:,} files, {files / base_seconds:,.0f}/s)"
    )

    # As `harmonia import relaton` runs it: the archive's list of record hashes is kept
    # after the import (importers.digests), and looked for first.
    started = time.perf_counter()
    lists = digests.ArchiveLists([args.archive])
    report = import_items(
        "relaton", [str(args.archive)], iter_path(args.archive), parse_relaton,
        known=lists.known(),
    )  # fmt: skip
    lists.keep(report.read_hashes)
    seconds = time.perf_counter() - started
    print(
        f"import    full import, {default_workers()} parser processes:      {seconds:7.1f} s "
        f"= {seconds / base_seconds:.3f} x baseline (goal <= 0.16); "
        f"{Document.objects.count():,} documents from {report.read:,} records"
    )

    started = time.perf_counter()
    lists = digests.ArchiveLists([args.archive])
    again = import_items(
        "relaton", [str(args.archive)], iter_path(args.archive), parse_relaton,
        known=lists.known(),
    )  # fmt: skip
    lists.keep(again.read_hashes)
    re_seconds = time.perf_counter() - started
    print(
        f"reimport  unchanged data (the archive's record hashes kept): {re_seconds:7.1f} s "
        f"(goal <= 2 s); {again.created + again.updated} rows changed"
    )
    started = time.perf_counter()
    read = import_items("relaton", [str(args.archive)], iter_path(args.archive), parse_relaton)
    read_seconds = time.perf_counter() - started
    print(
        f"reimport  unchanged data, the archive read again:             {read_seconds:7.1f} s; "
        f"{read.created + read.updated} rows changed"
    )

    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
    print(
        f"memory    peak RSS: importer {own:,.0f} MiB, largest parser process {children:,.0f} MiB"
    )
    size = Path(tmp, "harmonia.sqlite3").stat().st_size / 2**20
    print(f"database  {size:,.0f} MiB on disk")
    if args.verify:
        differing = verify(args.archive)
        print(f"verify    fast parser vs PyYAML: {differing} of {files:,} files differ")
    return 0


if __name__ == "__main__":
    sys.exit(main())
