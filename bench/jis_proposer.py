"""Precision and recall of the adoption proposer on the hand-labelled JIS sample.

    .venv/bin/python bench/jis_proposer.py [--shared ../shared/data]

Imports the ISO, IEC and JIS archives of ../shared/data into a fresh SQLite database
under a temporary directory, then proposes an ISO/IEC counterpart for each of the 108
labelled JIS documents (bench/jis_sample/labels.csv) and compares the top proposal
with the label. Prints precision, recall and the misses.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--shared", type=Path, default=HERE.parent.parent / "shared" / "data")
    args = parser.parse_args()
    os.environ["HARMONIA_VAR"] = tempfile.mkdtemp(prefix="harmonia-jis-")
    os.environ.pop("DATABASE_URL", None)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
    import django

    django.setup()
    from django.core.management import call_command

    from harmonia.adoptions.evaluation import evaluate, read_labels
    from harmonia.adoptions.proposer import Pool
    from harmonia.catalogue.importers.relaton import parse_relaton
    from harmonia.catalogue.importers.sources import iter_path
    from harmonia.catalogue.loading import import_items

    call_command("migrate", verbosity=0)
    for name in ("relaton-data-iso.tar.xz", "relaton-data-iec.tar.xz", "relaton-data-jis.tar.xz"):
        path = args.shared / name
        started = time.perf_counter()
        report = import_items("relaton", [str(path)], iter_path(path), parse_relaton)
        print(
            f"imported {name}: {report.created:,} documents, {time.perf_counter() - started:.1f} s"
        )
    labels = read_labels((HERE / "jis_sample" / "labels.csv").read_text("utf-8"))
    started = time.perf_counter()
    pool = Pool()
    built = time.perf_counter() - started
    started = time.perf_counter()
    result = evaluate(labels, pool)
    took = time.perf_counter() - started
    print(f"pool: {len(pool.works):,} ISO/IEC works in {built:.1f} s; proposals in {took:.2f} s")
    print(
        f"labelled {result.labelled} ({result.with_counterpart} with an ISO/IEC counterpart, "
        f"{result.labelled - result.with_counterpart} none); not in the archive: {result.missing}"
    )
    print(
        f"top proposal made for {result.proposed}; correct {result.correct}: "
        f"precision {result.precision:.1%}, recall {result.recall:.1%}; "
        f"counterpart among the top 3: {result.recall_top3:.1%}"
    )
    if result.unknown_works:
        print(f"labels naming no published work held: {result.unknown_works}")
    for e in result.errors:
        print(f"  {e['jis']}: labelled {e['truth']}, proposed {e['top']} (score {e['score']})")
    print("threshold sweep (top proposal kept when its score is at least t):")
    for t in (0.45, 0.5, 0.55, 0.6, 0.65, 0.7):
        kept = [ok for score, ok in result.scores if score >= t]
        correct = sum(kept)
        precision = correct / len(kept) if kept else 0.0
        recall = correct / result.with_counterpart if result.with_counterpart else 0.0
        print(f"  t={t:.2f}: precision {precision:.1%}, recall {recall:.1%}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
