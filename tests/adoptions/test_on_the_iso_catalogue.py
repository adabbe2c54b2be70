"""National catalogues against the shipped ISO catalogue (the demo snapshot, loaded once
for the module): the EU's harmonised standards as CEN's catalogue, and real ISO → GB
correspondences found by the proposer."""

import json

import pytest

from harmonia.adoptions.models import Adoption
from harmonia.adoptions.services import import_national, resolve_body
from harmonia.adoptions.sources import kind_of
from harmonia.identifiers import work_key

from .fixtures import top, write

pytestmark = pytest.mark.django_db


@pytest.mark.shared
def test_eu_harmonised_standards_as_cen_catalogue(shared, iso_catalogue_of_module):
    cen = resolve_body("CEN")
    path = shared / "china-medical-devices" / "eu_mdr_standards.tar.xz"
    assert kind_of(path) == "eu-mdr"
    report = import_national(cen, path)
    assert report.rows == 90  # EN documents and their amendments, each once
    links = {
        a.national.identifier: a.adopted_identifier
        for a in Adoption.objects.filter(
            national__publisher=cen, status="confirmed"
        ).select_related("national")
    }
    # The title names the ISO edition; the EN year is CEN's own.
    assert links["EN ISO 10993-9:2021"] == "ISO 10993-9:2019"
    assert links["EN ISO 10993-4:2017/A1:2025"] == "ISO 10993-4:2017/Amd 1:2025"
    # The EN amendment's year is CEN's: it adopts ISO's Amd 1 of 2018.
    assert links["EN ISO 11135:2014/A1:2019"] == "ISO 11135:2014/Amd 1:2018"
    assert "EN ISO 14971:2019/A11:2021" not in links  # CEN's own amendment (Annex Z)
    assert "EN ISO 13485:2016/AC:2018" not in links
    assert links["EN ISO 13485:2016"] == "ISO 13485:2016"
    assert len(links) == 65
    from harmonia.analytics.indicators import outdated

    reasons = {o.national: o.reason for o in outdated(cen)}
    # Its amendment is adopted by CEN's own EN ISO 10993-4:2017/A1:2025: not outdated.
    assert "EN ISO 10993-4:2017" not in reasons
    assert "EN ISO 11135:2014" not in reasons


@pytest.mark.shared
def test_real_iso_gb_correspondences_are_found(shared, tmp_path, iso_catalogue_of_module):
    """29 real ISO → GB/GB/T correspondences (iso_gb_mapping.json): national numbers that
    do not carry the ISO number. Measured against the ISO catalogue of the snapshot."""
    rows = json.loads((shared / "china-medical-devices" / "iso_gb_mapping.json").read_text("utf-8"))
    rows = [r for r in rows if r["gb_number"] and r["iso_number"].startswith("ISO ")]
    lines = ["identifier,title,title_en,language"]
    lines += [f'{r["gb_number"]},"{r["title_zh"]}","{r["title_en"]}",zh' for r in rows]
    import_national(resolve_body("CN"), write(tmp_path / "gb.csv", "\n".join(lines) + "\n"))
    hits = [
        r
        for r in rows
        if (t := top(r["gb_number"]))
        and work_key(t.adopted_identifier) == work_key(r["iso_number"])
    ]
    # 26 of the 28 rows name an ISO document; one (GB 18278.1 ↔ ISO 17665-1) has a
    # title in common with another ISO number as well. Measured: see the note in README.
    assert len(hits) >= len(rows) - 2, [r["gb_number"] for r in rows if r not in hits]
