"""Benchmark: parse + render of real identifiers, one core.

    python bench/identifiers.py [--shared ../shared/data]

Inputs: the `parses` cases of pubid-iso and every primary identifier of the ISO
Relaton archive. Prints identifiers per second and the round-trip rate on the archive
(render(parse(x)) == x). The Ruby peer (pubid-iso) does about 232 identifiers/s here.
"""

from __future__ import annotations

import argparse
import json
import platform
import sys
import time
from pathlib import Path

from harmonia.catalogue.importers.relaton import iter_docids
from harmonia.identifiers import IdentifierError, parse

ROOT = Path(__file__).resolve().parent.parent
PEER = 232.0


def run(label: str, ids: list[str]) -> None:
    started = time.perf_counter()
    failed = 0
    same = 0
    for text in ids:
        try:
            if str(parse(text)) == text:
                same += 1
        except IdentifierError:
            failed += 1
    seconds = time.perf_counter() - started
    rate = len(ids) / seconds
    print(
        f"{label}: {len(ids):,} ids in {seconds:.2f} s = {rate:,.0f} ids/s "
        f"({rate / PEER:,.0f} x the peer's {PEER:.0f}/s; goal 50,000/s); "
        f"{failed:,} not parsed, {same:,} rendered back identically"
    )


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    args = parser.parse_args()
    print(f"machine: {platform.machine()}, Python {platform.python_version()}, one core")
    cases = args.shared / "pubid-cases" / "pubid_cases_public.jsonl"
    rows = [json.loads(line) for line in cases.read_text().splitlines()]
    parses = [row["input"] for row in rows if row["kind"] == "parses"]
    run("pubid-iso parses cases", parses * 2)
    archive = args.shared / "relaton-data-iso.tar.xz"
    run("ISO archive primary ids", [primary for primary, _ in iter_docids(archive)])
    return 0


if __name__ == "__main__":
    sys.exit(main())
