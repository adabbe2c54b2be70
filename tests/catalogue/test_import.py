from pathlib import Path

import pytest

from harmonia.catalogue.importers.relaton import parse_relaton
from harmonia.catalogue.importers.sources import SourceError, iter_path
from harmonia.catalogue.loading import ImportFailed, import_items
from harmonia.catalogue.models import (
    Committee,
    Document,
    DocumentTitle,
    ImportRun,
    Relation,
    SourceRecord,
)

from .samples import ISO_BASE, RECORDS, write_dir, write_tar, write_zip

pytestmark = pytest.mark.django_db


def run(path: Path, **kwargs):
    return import_items("relaton", [str(path)], iter_path(path), parse_relaton, workers=1, **kwargs)


def table_counts():
    return {
        m.__name__: m.objects.count()
        for m in (Document, DocumentTitle, Relation, Committee, SourceRecord, ImportRun)
    }


@pytest.mark.parametrize("kind", ["dir", "tar.xz", "tar.gz", "zip", "file"])
def test_every_source_kind_imports(tmp_path, kind):
    if kind == "dir":
        path = write_dir(tmp_path / "records")
    elif kind == "tar.xz":
        path = write_tar(tmp_path / "records.tar.xz")
    elif kind == "tar.gz":
        path = write_tar(tmp_path / "records.tar.gz", mode="w:gz")
    elif kind == "zip":
        path = write_zip(tmp_path / "records.zip")
    else:
        path = write_dir(tmp_path / "one", {"iso.yaml": ISO_BASE}) / "iso.yaml"
    report = run(path)
    expected = 1 if kind == "file" else len(RECORDS)
    assert report.created == expected == Document.objects.count()
    assert not report.errors


def test_relations_and_supplements_resolve(tmp_path):
    run(write_dir(tmp_path / "r"))
    doc = Document.objects.get(identifier="ISO 9999:2015")
    rels = {r.target_identifier: r.target for r in doc.relations.all()}
    assert rels["ISO 9999:2008"].identifier == "ISO 9999:2008"
    assert rels["ISO 9999:2015/Amd 1:2020"].identifier == "ISO 9999:2015/Amd 1:2020"
    amd = Document.objects.get(identifier="ISO 9999:2015/Amd 1:2020")
    assert amd.base == doc
    assert doc.committee.reference == "ISO/TC 999"
    assert doc.stage_id == "60.60" and doc.year == 2015
    assert doc.title == "Test things - Requirements"


def test_unresolved_relation_is_kept_and_resolved_when_the_target_arrives(tmp_path):
    run(write_dir(tmp_path / "a", {"iso.yaml": ISO_BASE}))
    rel = Relation.objects.get(target_identifier="ISO 9999:2008")
    assert rel.target is None
    run(write_dir(tmp_path / "b", {"old.yaml": RECORDS["iso-9999-2008.yaml"]}))
    rel.refresh_from_db()
    assert rel.target.identifier == "ISO 9999:2008"


def test_reimport_of_unchanged_data_writes_nothing(tmp_path, django_assert_max_num_queries):
    path = write_dir(tmp_path / "r")
    run(path)
    before = table_counts()
    doc = Document.objects.get(identifier="ISO 9999:2015")
    # Reading the known hashes, then the run record: no document rows are touched.
    with django_assert_max_num_queries(6):
        report = run(path)
    assert (report.created, report.updated, report.unchanged) == (0, 0, len(RECORDS))
    after = table_counts()
    assert after["ImportRun"] == before["ImportRun"] + 1
    after.pop("ImportRun"), before.pop("ImportRun")
    assert after == before
    assert Document.objects.get(pk=doc.pk).content_hash == doc.content_hash


def test_changed_record_is_updated(tmp_path):
    run(write_dir(tmp_path / "a", {"iso.yaml": ISO_BASE}))
    changed = ISO_BASE.replace("Test things - Requirements", "Tested things - Requirements")
    report = run(write_dir(tmp_path / "b", {"iso.yaml": changed}))
    assert (report.created, report.updated) == (0, 1)
    doc = Document.objects.get(identifier="ISO 9999:2015")
    assert doc.title == "Tested things - Requirements"
    assert doc.titles.count() == 4 and doc.relations.count() == 2


def test_duplicate_records_keep_the_best_source(tmp_path):
    older = ISO_BASE.replace("schema-version: v1.2.9", "schema-version: v1.2.7").replace(
        "Test things - Requirements", "Older copy"
    )
    report = run(
        write_dir(tmp_path / "r", {"iso-9999-2015.yaml": ISO_BASE, "iso-9999:2015.yaml": older})
    )
    assert report.created == 1 and len(report.duplicates) == 1
    assert Document.objects.get().title == "Test things - Requirements"


def test_reseller_copy_does_not_replace_the_publishers_record(tmp_path):
    run(write_dir(tmp_path / "a", {"iso.yaml": ISO_BASE}))
    copy = ISO_BASE.replace("  type: ISO\n  primary: true", "  type: IEC\n  primary: true", 1)
    copy = copy.replace("Test things - Requirements", "Reseller title")
    report = run(write_dir(tmp_path / "b", {"iec-copy.yaml": copy}))
    assert report.updated == 0
    assert Document.objects.get().title == "Test things - Requirements"


BAD = {
    "truncated": ISO_BASE[: ISO_BASE.index("docid:") + 30].replace("- id: ISO", "- id: 'ISO"),
    "wrong types": "docid: 5\ntitle: x\n",
    "binary": None,
}


@pytest.mark.parametrize("problem", sorted(BAD))
def test_malformed_record_fails_the_run_and_writes_nothing(tmp_path, problem):
    records = dict(RECORDS)
    path = write_dir(tmp_path / "r", records)
    if BAD[problem] is None:
        (path / "broken.yaml").write_bytes(bytes(range(256)))
    else:
        (path / "broken.yaml").write_text(BAD[problem], "utf-8")
    with pytest.raises(ImportFailed) as err:
        run(path)
    assert "broken.yaml" in str(err.value) and "nothing was imported" in str(err.value)
    assert Document.objects.count() == 0 and SourceRecord.objects.count() == 0


def test_keep_going_commits_the_good_records_and_reports_the_bad(tmp_path):
    path = write_dir(tmp_path / "r")
    (path / "broken.yaml").write_text("docid:\n- type: ISO\ntitle: x\n", "utf-8")
    report = run(path, keep_going=True)
    assert report.created == len(RECORDS)
    assert len(report.errors) == 1
    assert "broken.yaml: docid[0].id: missing or not text" in report.errors[0]
    assert ImportRun.objects.latest("started").errors == report.errors


@pytest.mark.parametrize("kind", ["tar.xz", "zip"])
def test_empty_archive_is_an_error(tmp_path, kind):
    path = (
        write_tar(tmp_path / "e.tar.xz", {})
        if kind == "tar.xz"
        else write_zip(tmp_path / "e.zip", {})
    )
    with pytest.raises(SourceError, match="holds no"):
        run(path)
    assert Document.objects.count() == 0


def test_corrupt_archive_is_an_error(tmp_path):
    path = tmp_path / "bad.tar.xz"
    path.write_bytes(b"this is not xz data")
    with pytest.raises(SourceError, match="not a readable archive"):
        run(path)


def test_parallel_parsing_gives_the_same_result(tmp_path):
    path = write_dir(tmp_path / "r")
    report = import_items("relaton", [str(path)], iter_path(path), parse_relaton, workers=2)
    assert report.created == len(RECORDS)


def test_an_archive_imported_before_is_checked_without_being_read(tmp_path, settings):
    """importers.digests: the content hashes of an archive's records are kept under its own
    hash; importing the same bytes again checks them against the database, unread."""
    from harmonia.catalogue.importers import digests

    settings.VAR_DIR = tmp_path / "var"
    path = write_tar(tmp_path / "records.tar.xz")
    assert digests.ArchiveLists([path]).known() is None  # never imported
    first = run(path, known=digests.ArchiveLists([path]).known())
    digests.ArchiveLists([path]).keep(first.read_hashes)
    kept = digests.ArchiveLists([path]).known()
    assert sorted(kept) == sorted(first.read_hashes) and len(kept) == len(RECORDS)

    def unread():
        raise AssertionError("the archive was read")
        yield

    again = import_items("relaton", [str(path)], unread(), parse_relaton, known=kept)
    assert again.read == again.unchanged == len(RECORDS)
    assert again.created == again.updated == 0
    assert again.identifiers == first.identifiers and again.per_publisher == first.per_publisher

    # A document deleted since: the list no longer says everything is held, so the archive
    # is read as usual and the record imported again.
    Document.objects.filter(identifier="ISO 9999:2015").delete()
    third = run(path, known=digests.ArchiveLists([path]).known())
    assert third.created == 1 and Document.objects.filter(identifier="ISO 9999:2015").exists()

    # Other bytes have no list; a damaged list is no list.
    other = write_tar(tmp_path / "other.tar.xz", {"iso.yaml": ISO_BASE.replace("Test", "Tried")})
    assert digests.ArchiveLists([other]).known() is None
    for listed in (settings.VAR_DIR / "cache" / "imports").iterdir():
        listed.write_text("[[", "utf-8")
    assert digests.ArchiveLists([path]).known() is None
