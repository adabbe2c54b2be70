"""The real catalogues of ../shared/data imported whole, the exception among the tests:
they import completely and their counts add up, and the adoption proposer meets the
hand-labelled JIS sample among them. ISO's archive is imported once for the module, then
IEC's and JIS's beside it, once, for the last two tests (each rolled back at the
module's end). Measured 2026-11-24 on the JIS sample: top proposal precision 83.9 %,
recall 98.7 % (79 of 108 JIS documents have an ISO/IEC counterpart)."""

from collections import Counter
from pathlib import Path

import pytest

from harmonia.adoptions.evaluation import evaluate, read_labels
from harmonia.catalogue.importers.relaton import iter_docids, parse_relaton
from harmonia.catalogue.importers.sources import iter_path
from harmonia.catalogue.loading import import_items
from harmonia.catalogue.models import Document, Relation
from harmonia.identifiers import canonical_key

from .conftest import built_once_for_module

LABELS = Path(__file__).resolve().parents[1] / "bench" / "jis_sample" / "labels.csv"

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def iso_archive(shared, django_db_setup, django_db_blocker):
    """ISO's archive imported once for the module: yields the import's report."""
    path = shared / "relaton-data-iso.tar.xz"

    def load():
        return import_items("relaton", [str(path)], iter_path(path), parse_relaton)

    yield from built_once_for_module(django_db_blocker, load)


@pytest.fixture(scope="module")
def iec_and_jis(shared, iso_archive, django_db_blocker):
    """IEC's and JIS's archives imported once beside ISO's, after the tests that need
    ISO's alone: yields the import's report."""
    paths = [shared / "relaton-data-iec.tar.xz", shared / "relaton-data-jis.tar.xz"]

    def load():
        items = (item for p in paths for item in iter_path(p))
        return import_items("relaton", [str(p) for p in paths], items, parse_relaton)

    yield from built_once_for_module(django_db_blocker, load)


def census(path):
    """Distinct documents of an archive (by canonical key) per identifier prefix, read
    straight from the archive: files count, and {prefix: documents}."""
    keys = {}
    files = 0
    for primary, _ in iter_docids(path):
        files += 1
        keys[canonical_key(primary)] = primary
    prefixes = Counter(primary.split(" ")[0].split("/")[0] for primary in keys.values())
    return files, len(keys), prefixes


def test_iso_imports_completely_and_reimports_as_unchanged(shared, iso_archive):
    path = shared / "relaton-data-iso.tar.xz"
    report = iso_archive
    assert report.read == 71_266 and not report.errors
    # 9,629 records repeat an identifier of another file (older fetches): one document each.
    assert report.created == len(report.identifiers) == Document.objects.count() == 61_637
    assert report.created + len(report.duplicates) == report.read
    assert sum(report.per_publisher.values()) == report.created
    doc = Document.objects.get(identifier="ISO 9001:2015")
    assert doc.committee.reference == "ISO/TC 176/SC 2"
    assert doc.supplements.filter(identifier="ISO 9001:2015/Amd 1:2024").exists()
    resolved = Relation.objects.filter(target__isnull=False).count()
    assert resolved > 0.9 * Relation.objects.count()

    again = import_items("relaton", [str(path)], iter_path(path), parse_relaton)
    assert (again.created, again.updated, again.parsed) == (0, 0, 0)
    assert again.unchanged == 71_266
    assert again.per_publisher == report.per_publisher


def test_labels_are_well_formed():
    labels = read_labels(LABELS.read_text("utf-8"))
    assert len(labels) >= 100
    assert sum(1 for truth in labels.values() if truth) >= 70


def test_iec_and_jis_import_completely_beside_iso(shared, iso_archive, iec_and_jis):
    report = iec_and_jis
    iec_files, iec_docs, iec_prefixes = census(shared / "relaton-data-iec.tar.xz")
    jis_files, jis_docs, _ = census(shared / "relaton-data-jis.tar.xz")
    assert report.read == iec_files + jis_files == 32_524 + 21_327
    assert not report.errors
    # 7 IEC records are other spellings of another record (FRAG5 ED5 / FRAG5:): one document.
    assert iec_docs == iec_files - 7 and jis_docs == jis_files
    assert len(report.identifiers) == iec_docs + jis_docs
    # ISO/IEC documents are in both archives: held once.
    assert Document.objects.count() == len(report.identifiers | iso_archive.identifiers)
    assert report.created == len(report.identifiers - iso_archive.identifiers)
    held = report.per_publisher
    assert held["JISC"] == jis_docs
    assert held["IEC"] == iec_prefixes["IEC"]
    assert held["CISPR"] == iec_prefixes["CISPR"]
    assert held["ISO"] == iec_prefixes["ISO"]  # ISO documents sold by IEC
    assert Document.objects.filter(stage_id="60.60", publisher__code="JISC").exists()


@pytest.mark.shared
def test_jis_sample_top_proposal_precision_and_recall(shared, iec_and_jis):
    """The proposer on the hand-labelled JIS sample (bench/jis_sample), against the real
    ISO, IEC and JIS catalogues."""
    result = evaluate(read_labels(LABELS.read_text("utf-8")))
    assert result.missing == []
    assert result.unknown_works == ["IEC 61290-7"]  # withdrawn before the archive; -7-1 is held
    assert result.with_counterpart == 79
    assert result.precision >= 0.82, result.errors
    assert result.recall >= 0.96, result.errors
    assert result.recall_top3 >= 0.98
    strong = [ok for score, ok in result.scores if score >= 0.6]
    assert sum(strong) / len(strong) >= 0.94
