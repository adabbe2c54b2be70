"""The product works without ../shared: the demo loads the snapshot shipped in the package."""

import lzma

import orjson
import pytest

from harmonia.catalogue.models import ICS, Body, Document
from harmonia.demo.snapshot import data_dir, load_snapshot

pytestmark = pytest.mark.django_db


def test_snapshot_is_small_and_complete():
    path = data_dir() / "iso-catalogue.jsonl.xz"
    assert path.stat().st_size < 5_000_000
    lines = lzma.decompress(path.read_bytes()).splitlines()
    assert len(lines) == 61_637
    first = orjson.loads(lines[0])
    assert first["identifier"] and first["titles"]


def test_demo_loads_the_catalogue_and_twice_changes_nothing():
    summary = load_snapshot()
    assert "61,637 ISO catalogue records (61,637 new" in summary
    assert Document.objects.count() == 61_637
    assert ICS.objects.count() == 1381
    assert Body.objects.filter(kind="national").count() == 167
    doc = Document.objects.get(identifier="ISO 9001:2015")
    assert doc.title == "Quality management systems - Requirements"
    assert doc.stage.name == "International Standard to be revised"
    assert doc.ics.filter(code="03.120.10").exists()
    again = load_snapshot()
    assert "(0 new, 61,637 already loaded)" in again
