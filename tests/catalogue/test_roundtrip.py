"""Export → import into an empty database → export gives identical files."""

import csv
import tarfile

import pytest

from harmonia.catalogue.exporters import export_csv, export_jsonl, export_relaton
from harmonia.catalogue.importers.jsonl import iter_lines, parse_jsonl
from harmonia.catalogue.importers.relaton import parse_relaton
from harmonia.catalogue.importers.sources import iter_path
from harmonia.catalogue.loading import import_items
from harmonia.catalogue.models import Committee, Document, SourceRecord

from .samples import write_dir

pytestmark = pytest.mark.django_db


def wipe():
    Document.objects.all().delete()
    Committee.objects.all().delete()
    SourceRecord.objects.all().delete()


def real_sample(shared, tmp_path, every=30):
    """A spread of real records from all three archives, as a directory."""
    out = tmp_path / "sample"
    out.mkdir()
    for archive in (
        "relaton-data-iso.tar.xz",
        "relaton-data-iec.tar.xz",
        "relaton-data-jis.tar.xz",
    ):
        with tarfile.open(shared / archive) as tar:
            for i, member in enumerate(m for m in tar if m.isfile() and m.name.endswith(".yaml")):
                if i % every == 0:
                    (out / member.name.rsplit("/", 1)[-1]).write_bytes(
                        tar.extractfile(member).read()
                    )
    return out


def load_dir(path):
    return import_items("relaton", [str(path)], iter_path(path), parse_relaton, workers=1)


def test_jsonl_round_trip_on_samples(tmp_path):
    load_dir(write_dir(tmp_path / "r"))
    first, second = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    assert export_jsonl(first) == 5
    wipe()
    import_items("jsonl", [str(first)], iter_lines(first), parse_jsonl, workers=1)
    export_jsonl(second)
    assert first.read_bytes() == second.read_bytes()


def test_round_trips_on_real_records(shared, tmp_path):
    report = load_dir(real_sample(shared, tmp_path))
    assert report.created > 3000
    j1, j2 = tmp_path / "1.jsonl", tmp_path / "2.jsonl"
    r1, r2 = tmp_path / "relaton1", tmp_path / "relaton2"
    export_jsonl(j1)
    export_relaton(r1)
    wipe()
    import_items("jsonl", [str(j1)], iter_lines(j1), parse_jsonl, workers=1)
    export_jsonl(j2)
    assert j1.read_bytes() == j2.read_bytes()
    wipe()
    load_dir(r1)
    export_relaton(r2)
    files = sorted(p.name for p in r1.iterdir())
    assert files == sorted(p.name for p in r2.iterdir())
    assert len(files) == report.created
    for name in files:
        assert (r1 / name).read_bytes() == (r2 / name).read_bytes(), name


def test_csv_export_opens_in_excel(tmp_path):
    load_dir(write_dir(tmp_path / "r"))
    path = tmp_path / "c.csv"
    assert export_csv(path) == 5
    data = path.read_bytes()
    assert data.startswith(b"\xef\xbb\xbf")  # BOM: Excel then reads UTF-8 (Vietnamese, Japanese)
    rows = list(csv.DictReader(data.decode("utf-8-sig").splitlines()))
    by_id = {r["identifier"]: r for r in rows}
    assert by_id["ISO 9999:2015"]["title_en"] == "Test things - Requirements"
    assert by_id["ISO 9999:2015"]["urn"] == "urn:iso:std:iso:9999:stage-60.60"
    assert by_id["JIS Z 9999:2019"]["title_other"] == "ja: 試験のための規格"


def test_invalid_jsonl_names_line_and_field(tmp_path):
    path = tmp_path / "bad.jsonl"
    path.write_text('{"identifier": "X"}\n', "utf-8")
    from harmonia.catalogue.loading import ImportFailed

    with pytest.raises(ImportFailed, match=r"bad.jsonl, line 1: identifiers: missing"):
        import_items("jsonl", [str(path)], iter_lines(path), parse_jsonl, workers=1)
    assert Document.objects.count() == 0
