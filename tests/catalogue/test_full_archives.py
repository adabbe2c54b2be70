"""The real catalogues in ../shared/data import completely, and their counts add up."""

from collections import Counter

import pytest

from harmonia.catalogue.importers.relaton import iter_docids, parse_relaton
from harmonia.catalogue.importers.sources import iter_path
from harmonia.catalogue.loading import import_items
from harmonia.catalogue.models import Document, Relation
from harmonia.identifiers import canonical_key

pytestmark = pytest.mark.django_db


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


def test_iec_and_jis_import_completely(shared):
    paths = [shared / "relaton-data-iec.tar.xz", shared / "relaton-data-jis.tar.xz"]
    items = (item for p in paths for item in iter_path(p))
    report = import_items("relaton", [str(p) for p in paths], items, parse_relaton)
    iec_files, iec_docs, iec_prefixes = census(paths[0])
    jis_files, jis_docs, _ = census(paths[1])
    assert report.read == iec_files + jis_files == 32_524 + 21_327
    assert not report.errors
    # 7 IEC records are other spellings of another record (FRAG5 ED5 / FRAG5:): one document.
    assert iec_docs == iec_files - 7 and jis_docs == jis_files
    assert len(report.identifiers) == iec_docs + jis_docs == Document.objects.count()
    held = report.per_publisher
    assert held["JISC"] == jis_docs
    assert held["IEC"] == iec_prefixes["IEC"]
    assert held["CISPR"] == iec_prefixes["CISPR"]
    assert held["ISO"] == iec_prefixes["ISO"]  # ISO documents sold by IEC
    assert Document.objects.filter(stage_id="60.60", publisher__code="JISC").exists()


def test_iso_imports_completely_and_reimports_as_unchanged(shared):
    path = shared / "relaton-data-iso.tar.xz"
    report = import_items("relaton", [str(path)], iter_path(path), parse_relaton)
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
