"""The proposer finds the international counterpart of a national number."""

import pytest

from harmonia.adoptions.models import Adoption
from harmonia.adoptions.proposer import propose_for_body
from harmonia.adoptions.services import import_national

from .fixtures import make_bodies, top, write

pytestmark = pytest.mark.django_db


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
