import tarfile

import pytest

from harmonia.catalogue.importers.relaton import RecordError, parse_relaton

from .samples import IEC_RECORD, ISO_AMENDMENT_OLD_SCHEMA, ISO_BASE, JIS_RECORD


def test_iso_record_keeps_everything_the_catalogue_uses():
    r = parse_relaton("iso.yaml", ISO_BASE.encode())
    assert r["identifier"] == "ISO 9999:2015"
    assert [i["type"] for i in r["identifiers"]] == ["ISO", "URN"]
    assert r["publisher"] == "ISO" and r["copublishers"] == []
    assert r["doctype"] == "international-standard"
    assert r["edition"] == "2" and r["languages"] == ["en", "fr"]
    assert {(t["language"], t["type"]) for t in r["titles"]} == {
        ("en", "title-intro"),
        ("en", "title-main"),
        ("en", "main"),
        ("fr", "main"),
    }
    assert r["stage"] == "60.60" and r["status"] == ""
    assert r["dates"] == [{"type": "published", "value": "2015-09"}]
    assert r["ics"] == ["03.120.10"]
    assert r["committee"] == {"reference": "ISO/TC 999", "title": "Test systems", "kind": "TC"}
    assert r["relations"] == [
        {"type": "obsoletes", "target": "ISO 9999:2008"},
        {"type": "updates", "target": "ISO 9999:2015/Amd 1:2020"},
    ]
    assert r["links"] == [{"type": "src", "url": "https://www.iso.org/standard/1.html"}]
    assert r["base"] == ""


def test_old_schema_with_mappings_instead_of_lists():
    r = parse_relaton("amd.yaml", ISO_AMENDMENT_OLD_SCHEMA.encode())
    assert r["identifier"] == "ISO 9999:2015/Amd 1:2020"
    assert r["base"] == "ISO 9999:2015"
    assert r["titles"][0]["language"] == "en"
    assert r["dates"] == [{"type": "published", "value": "2020-02-01"}]
    assert r["ics"] == ["03.120.10"]
    assert r["committee"]["reference"] == "ISO/TC 999"
    assert r["edition"] == "1"


def test_status_words_map_to_stage_codes():
    iec = parse_relaton("iec.yaml", IEC_RECORD.encode())
    assert (iec["stage"], iec["status"]) == ("60.60", "PUBLISHED")
    assert iec["committee"]["reference"] == "IEC/TC 99"
    jis = parse_relaton("jis.yaml", JIS_RECORD.encode())
    assert (jis["stage"], jis["status"]) == ("60.60", "valid")
    assert jis["publisher"] == "JISC"
    assert {t["language"] for t in jis["titles"]} == {"ja", "en"}


@pytest.mark.parametrize(
    ("text", "field"),
    [
        ("title:\n- content: x\n", "docid"),
        ("docid: 5\ntitle: x\n", "docid[0]"),
        ("docid:\n- type: ISO\ntitle: x\n", "docid[0].id"),
        ("docid:\n- id: ISO 1\ntitle: []\n", "title"),
        ("docid:\n- id: ISO 1\ntitle: x\ndate:\n- 2015\n", "date[0]"),
        ("docid:\n- id: ISO 1\ntitle: x\nrelation:\n- obsoletes\n", "relation[0]"),
        ("docid:\n- id: ISO 1\ntitle: x\ndocstatus: final\n", "docstatus"),
        ("- 1\n- 2\n", "(document)"),
        ("just text\n", "(document)"),
    ],
)
def test_wrong_types_name_the_field(text, field):
    with pytest.raises(RecordError) as err:
        parse_relaton("bad.yaml", text.encode())
    assert err.value.field == field
    assert str(err.value).startswith(f"bad.yaml: {field}: ")


def test_iso_9001_from_the_real_archive(shared):
    with tarfile.open(shared / "relaton-data-iso.tar.xz") as tar:
        data = tar.extractfile("data/iso-9001-2015.yaml").read()
    r = parse_relaton("iso-9001-2015.yaml", data)
    assert r["identifier"] == "ISO 9001:2015"
    assert r["committee"]["reference"] == "ISO/TC 176/SC 2"
    assert r["ics"] == ["03.100.70", "03.120.10"]
    assert {"type": "obsoletes", "target": "ISO 9001:2008"} in r["relations"]
    assert any(t["content"] == "Systèmes de management de la qualité" for t in r["titles"])
