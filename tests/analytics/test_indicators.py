"""Each indicator on the small fixture, against answers computed by hand (fixtures.py)."""

import datetime as dt

import pytest

from harmonia.analytics import indicators
from harmonia.analytics.models import CertificateCount

pytestmark = pytest.mark.django_db


def test_harmonization_counts_idt_and_mod_of_current_documents(national):
    vn, _, _ = national
    h = indicators.harmonization(vn)
    # 7 rows: TCVN ISO 22000:2018 is withdrawn; TCVN 5502 has no link; TCVN 6023 is NEQ.
    assert h["current"] == 6
    assert h["adopting"] == 4
    assert h["rate"] == pytest.approx(0.6667)
    assert h["by_degree"] == {"IDT": 3, "MOD": 1, "NEQ": 1, "none": 1}
    by_field = {r["field"]: (r["current"], r["adopting"]) for r in h["by_ics"]}
    # National rows have no ICS: each is classified where its adopted document is.
    assert by_field == {
        "13": (1, 1),
        "03": (1, 1),
        "11": (1, 1),
        "01": (1, 1),
        "75": (1, 0),
        "": (1, 0),
    }
    years = {r["year"]: (r["published"], r["adopting"]) for r in h["by_year"]}
    assert years == {1995: (1, 1), 2003: (1, 0), 2007: (2, 1), 2010: (1, 1), 2015: (1, 1)}
    assert h["by_year"][-1]["cumulative_rate"] == pytest.approx(0.6667)


def test_coverage_of_current_international_documents(national):
    vn, _, _ = national
    c = indicators.coverage(vn)
    # Current ISO base documents: 14001:2015, 9001:2015, 10993-1:2018, 2049, 22000.
    assert c["international_current"] == 5
    assert c["adopted_any_edition"] == 3  # 14001, 9001, 10993-1 (2049 is NEQ)
    assert c["adopted_current_edition"] == 1  # only ISO 9001:2015 itself
    assert c["rate"] == pytest.approx(0.6)
    assert indicators.coverage(vn, ics=["03"])["international_current"] == 1
    only = indicators.coverage(vn, priority=["ISO 22000", "ISO 9001:2015"])
    assert (only["international_current"], only["adopted_any_edition"]) == (2, 1)


def test_outdated_reasons_current_editions_and_dates(national):
    vn, _, _ = national
    items = indicators.outdated(vn, today=dt.date(2026, 1, 1))
    got = {(o.national, o.adopted, o.current, o.reason, o.since) for o in items}
    assert got == {
        ("TCVN 1000:1995", "ISO 1000:1992", "", "withdrawn", ""),
        ("TCVN ISO 14001:2010", "ISO 14001:2004", "ISO 14001:2015", "revised", "2015-09"),
        (
            "TCVN 7391-1:2007 (ISO 10993-1:2003)",
            "ISO 10993-1:2003",
            "ISO 10993-1:2018",
            "revised",
            "2018-08",
        ),
        ("TCVN ISO 9001:2015", "ISO 9001:2015", "ISO 9001:2015/Amd 1:2024", "amended", "2024-02"),
    }
    assert [o.reason for o in items] == ["withdrawn", "revised", "revised", "amended"]
    amended = items[-1]
    assert amended.days == (dt.date(2026, 1, 1) - dt.date(2024, 2, 1)).days


def test_adopting_the_amendment_too_is_not_outdated(national, tmp_path):
    from harmonia.adoptions.services import import_national
    from tests.adoptions.fixtures import write

    vn, _, _ = national
    text = (
        "identifier,title,adopts,degree\n"
        "TCVN ISO 9001:2015,QMS,ISO 9001:2015; ISO 9001:2015/Amd 1:2024,IDT\n"
    )
    import_national(vn, write(tmp_path / "amd.csv", text), propose_missing=False)
    nationals = {o.national for o in indicators.outdated(vn)}
    assert "TCVN ISO 9001:2015" not in nationals


def test_gaps_ranked_by_the_network(national):
    vn, _th, network = national
    g = indicators.gaps(vn, network=network)
    assert g["network"] == ["TISI"]
    assert [(i["identifier"], i["adopted_by"], i["bodies"]) for i in g["items"]] == [
        ("ISO 22000:2018", 1, ["TISI"]),
        ("ISO 2049:1996", 0, []),
    ]
    assert indicators.gaps(vn, ics=["67"], network=network)["not_adopted"] == 1


def test_matrix_members_rates_and_different_editions(national):
    _vn, _th, network = national
    m = indicators.matrix(network, only_adopted=True)
    assert m["bodies"] == ["STAMEQ", "TISI"]
    rates = {r["body"]: (r["current"], r["adopting"]) for r in m["members"]}
    assert rates == {"STAMEQ": (6, 4), "TISI": (2, 2)}
    rows = {r["identifier"]: r["cells"] for r in m["rows"]}
    assert set(rows) == {
        "ISO 14001:2015",
        "ISO 9001:2015",
        "ISO 10993-1:2018",
        "ISO 2049:1996",
        "ISO 22000:2018",
    }
    assert rows["ISO 14001:2015"]["STAMEQ"] == {
        "national": "TCVN ISO 14001:2010",
        "degree": "IDT",
        "edition": "ISO 14001:2004",
        "current_edition": "no",
    }
    assert rows["ISO 9001:2015"]["TISI"]["edition"] == "ISO 9001:2008"
    assert m["different_editions"] == [
        {
            "identifier": "ISO 9001:2015",
            "editions": {"STAMEQ": "ISO 9001:2015", "TISI": "ISO 9001:2008"},
        }
    ]
    assert m["most_adopted"][0] == {
        "identifier": "ISO 9001:2015",
        "title": "Quality management systems - Requirements",
        "bodies": 2,
    }
    full = indicators.matrix(network)
    assert len(full["rows"]) == 5  # every current ISO base document, adopted or not


def test_uptake_beside_adoption(national):
    vn, _, _ = national
    for year, n in ((2018, 4000), (2019, 4500)):
        CertificateCount.objects.create(
            country_code="VN",
            country="Viet Nam",
            year=year,
            standard="ISO 9001",
            certificates=n,
            source="test",
        )
    u = indicators.uptake(vn)
    qms = next(s for s in u["standards"] if s["standard"] == "ISO 9001")
    assert qms["certificates"] == [
        {"year": 2018, "certificates": 4000},
        {"year": 2019, "certificates": 4500},
    ]
    assert [a["national"] for a in qms["adoptions"]] == ["TCVN ISO 9001:2015"]
    ems = next(s for s in u["standards"] if s["standard"] == "ISO 14001")
    assert ems["certificates"] == [] and ems["adoptions"][0]["adopted"] == "ISO 14001:2004"


def test_report_reads_in_a_fixed_number_of_queries(national, django_assert_max_num_queries):
    vn, _, network = national
    with django_assert_max_num_queries(20):
        indicators.national_report(vn)
    with django_assert_max_num_queries(8):
        indicators.matrix(network)
