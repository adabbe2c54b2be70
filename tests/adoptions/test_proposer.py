"""The proposer finds the international counterpart of a national number."""

import json

import pytest

from harmonia.adoptions.models import Adoption
from harmonia.adoptions.proposer import propose_for_body
from harmonia.adoptions.services import import_national, resolve_body
from harmonia.identifiers import work_key

from .fixtures import make_bodies, write

pytestmark = pytest.mark.django_db


def top(identifier):
    return Adoption.objects.filter(national__identifier=identifier).order_by("-score").first()


def test_title_and_number_find_the_counterpart_and_its_edition_at_the_date(international, tmp_path):
    _vn, th = make_bodies()
    csv = (
        "identifier,title,title_en,language,year\n"
        "GB/T 16886.1-2011,医疗器械生物学评价 第1部分,Biological evaluation of medical devices"
        " - Part 1: Evaluation and testing within a risk management process,zh,2011\n"
        "TIS 9001-2559,ระบบการบริหารงานคุณภาพ,Quality management systems -- Requirements,th,\n"
        "TIS 5555-2560,ข้าวหอมมะลิไทย,Thai Hom Mali rice,th,\n"
    )
    report = import_national(th, write(tmp_path / "th.csv", csv))
    assert report.proposals >= 2
    gb = top("GB/T 16886.1-2011")
    assert gb.adopted_identifier == "ISO 10993-1:2009"  # current in 2011, not the 2018 edition
    assert gb.status == "proposed" and gb.source == "proposed" and gb.evidence["title"] > 0.9
    tis = top("TIS 9001-2559")  # 2559 BE = 2016 CE
    assert tis.adopted_identifier == "ISO 9001:2015"
    assert tis.evidence["number"] == 1.0
    assert top("TIS 5555-2560") is None  # rice has no ISO counterpart here
    assert list(tis.events.values_list("action", flat=True)) == ["proposed"]
    # Proposals are made once: a second run adds nothing.
    assert propose_for_body(th) == 0


def test_linked_documents_get_no_proposal(national):
    vn, _, _ = national
    assert (
        propose_for_body(vn) == 0
        or not Adoption.objects.filter(
            status="proposed", national__identifier="TCVN ISO 9001:2015"
        ).exists()
    )


@pytest.mark.shared
def test_real_iso_gb_correspondences_are_found(shared, tmp_path, db):
    """29 real ISO → GB/GB/T correspondences (iso_gb_mapping.json): national numbers that
    do not carry the ISO number. Measured against the ISO catalogue of the snapshot."""
    from harmonia.demo.snapshot import load_snapshot

    load_snapshot()
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
