import csv
import json

import pytest

from harmonia.identifiers import (
    IdentifierError,
    NationalPrefix,
    parse,
    parse_adoption,
    register_prefix,
)


@pytest.mark.parametrize(
    ("text", "prefixes", "adopted", "chain", "year_is_national"),
    [
        ("TCVN ISO 9001:2015", ("TCVN",), ["ISO 9001"], ("STAMEQ", "ISO"), True),
        ("TCVN ISO 14001:2010", ("TCVN",), ["ISO 14001"], ("STAMEQ", "ISO"), True),
        (
            "TCVN 7391-1:2007 (ISO 10993-1:2003)",
            ("TCVN",),
            ["ISO 10993-1:2003"],
            ("STAMEQ", "ISO"),
            False,
        ),
        ("BS EN ISO 9001:2015", ("BS", "EN"), ["ISO 9001:2015"], ("BSI", "CEN", "ISO"), False),
        (
            "DIN EN ISO 13849-1:2023",
            ("DIN", "EN"),
            ["ISO 13849-1:2023"],
            ("DIN", "CEN", "ISO"),
            False,
        ),
        ("EN ISO 9001:2015", ("EN",), ["ISO 9001:2015"], ("CEN", "ISO"), False),
        ("EN ISO 10993-4:2017/A1:2025", ("EN",), ["ISO 10993-4:2017"], ("CEN", "ISO"), False),
        ("SNI ISO/IEC 17025:2017", ("SNI",), ["ISO/IEC 17025:2017"], ("BSN", "ISO"), False),
        ("MS ISO 9001:2015", ("MS",), ["ISO 9001:2015"], ("DSM", "ISO"), False),
        ("PNS ISO 9001:2015", ("PNS",), ["ISO 9001:2015"], ("BPS", "ISO"), False),
        ("SS ISO 9001:2015", ("SS",), ["ISO 9001:2015"], ("SSC", "ISO"), False),
        ("NBR ISO 9001:2015", ("NBR",), ["ISO 9001:2015"], ("ABNT", "ISO"), False),
        ("IRAM-ISO 9001:2015", ("IRAM",), ["ISO 9001:2015"], ("IRAM", "ISO"), False),
        ("KS Q ISO 9001:2015", ("KS",), ["ISO 9001:2015"], ("KATS", "ISO"), False),
        ("GB/T 19001-2016", ("GB/T",), [], ("SAC",), True),
        ("JIS Q 9001:2015", ("JIS",), [], ("JISC",), True),
        ("CEN/TS 15370-1:2006", ("CEN/TS",), [], ("CEN",), False),
    ],
)
def test_adoptions(text, prefixes, adopted, chain, year_is_national):
    a = parse_adoption(text)
    assert a.national.prefixes == prefixes
    assert [str(x) for x in a.adopted] == adopted
    assert a.chain == chain
    assert a.year_is_national == year_is_national
    assert text.startswith(str(a.national))  # the national part: TCVN 7391-1:2007


def test_thai_buddhist_era_year():
    a = parse_adoption("TIS 9001-2559")
    assert (a.national.year, a.national.year_ce) == (2559, 2016)
    assert a.country == "TH"


def test_national_numbers_keep_their_parts():
    gb = parse_adoption("GB/T 16886.1-2022")
    assert (gb.national.number, gb.national.year) == ("16886.1", 2022)
    jis = parse_adoption("JIS Q 9001:2015")
    assert (jis.national.division, jis.national.number, jis.national.year) == ("Q", "9001", 2015)


def test_an_nsb_adds_its_own_prefix():
    with pytest.raises(IdentifierError, match="no registered national"):
        parse_adoption("LST EN ISO 9001:2015")
    register_prefix(NationalPrefix(prefix="LST", body="LST", country="LT"))
    a = parse_adoption("LST EN ISO 9001:2015")
    assert a.chain == ("LST", "CEN", "ISO") and a.country == "LT"


def test_international_text_is_not_an_adoption():
    with pytest.raises(IdentifierError):
        parse_adoption("ISO 9001:2015")


def test_real_tcvn_correspondence_table(shared):
    path = shared / "tcvn-examples" / "tcvn_lubricant_test_methods.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    tcvn_rows = [r for r in rows if r["tcvn"]]
    assert len(tcvn_rows) == 26
    iso_adopted = 0
    for row in tcvn_rows:
        a = parse_adoption(row["tcvn"])
        assert a.national.prefixes == ("TCVN",) and a.national.year
        if row["adopted_document"].startswith("ISO"):
            parse(row["adopted_document"])
            iso_adopted += 1
    assert iso_adopted > 0


def test_real_gb_iso_mapping(shared):
    rows = json.loads((shared / "china-medical-devices" / "iso_gb_mapping.json").read_text("utf-8"))
    # One row ("domestic") names an IEC standard with no GB adoption yet.
    mapped = [row for row in rows if row["gb_number"]]
    assert len(mapped) == 28
    for row in mapped:
        national = parse_adoption(row["gb_number"])
        assert national.body in {"SAC", "NMPA"} and national.national.year
        parse(row["iso_number"])
