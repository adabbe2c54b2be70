"""The proposer on the hand-labelled JIS sample (bench/jis_sample), against the real
ISO, IEC and JIS catalogues. Measured 2026-11-24: top proposal precision 83.9 %,
recall 98.7 % (79 of 108 JIS documents have an ISO/IEC counterpart)."""

from pathlib import Path

import pytest

from harmonia.adoptions.evaluation import evaluate, read_labels
from harmonia.catalogue.importers.relaton import parse_relaton
from harmonia.catalogue.importers.sources import iter_path
from harmonia.catalogue.loading import import_items

LABELS = Path(__file__).resolve().parents[2] / "bench" / "jis_sample" / "labels.csv"

pytestmark = [pytest.mark.django_db, pytest.mark.shared]


def test_labels_are_well_formed():
    labels = read_labels(LABELS.read_text("utf-8"))
    assert len(labels) >= 100
    assert sum(1 for truth in labels.values() if truth) >= 70


def test_top_proposal_precision_and_recall(shared):
    for name in ("relaton-data-iso.tar.xz", "relaton-data-iec.tar.xz", "relaton-data-jis.tar.xz"):
        path = shared / name
        import_items("relaton", [str(path)], iter_path(path), parse_relaton)
    result = evaluate(read_labels(LABELS.read_text("utf-8")))
    assert result.missing == []
    assert result.unknown_works == ["IEC 61290-7"]  # withdrawn before the archive; -7-1 is held
    assert result.with_counterpart == 79
    assert result.precision >= 0.82, result.errors
    assert result.recall >= 0.96, result.errors
    assert result.recall_top3 >= 0.98
    strong = [ok for score, ok in result.scores if score >= 0.6]
    assert sum(strong) / len(strong) >= 0.94
