import pytest

from harmonia.identifiers import is_urn, normalize, publishers_of, split_supplement, year_of


@pytest.mark.parametrize(
    ("identifier", "base", "supplement"),
    [
        ("ISO 9001:2015/Amd 1:2024", "ISO 9001:2015", "Amd 1:2024"),
        (
            "ISO/IEC 13818-1:2015/Amd 3:2016/Cor 1:2017",
            "ISO/IEC 13818-1:2015/Amd 3:2016",
            "Cor 1:2017",
        ),
        ("IEC 60050-131:2002/AMD1:2008", "IEC 60050-131:2002", "AMD1:2008"),
        ("ISO 10033-1:2011/DAM 1", "ISO 10033-1:2011", "DAM 1"),
        ("ISO 9001:2008/Cor 1:2009", "ISO 9001:2008", "Cor 1:2009"),
        ("ISO 19110:2005/CD Amd 2", "ISO 19110:2005", "CD Amd 2"),
        ("ISO/IEC 27001:2022", "ISO/IEC 27001:2022", None),
        ("ISO/TS 16949:2009", "ISO/TS 16949:2009", None),
        ("ISO/CD 9001.2", "ISO/CD 9001.2", None),
    ],
)
def test_split_supplement(identifier, base, supplement):
    assert split_supplement(identifier) == (base, supplement)


@pytest.mark.parametrize(
    ("identifier", "publishers"),
    [
        ("ISO/IEC/IEEE 8802-3:2021", ["ISO", "IEC", "IEEE"]),
        ("ISO/ASTM 52900:2021", ["ISO", "ASTM"]),
        ("ISO/TR 10013:2021", ["ISO"]),
        ("IWA 11:2012", []),
        ("JIS Q 9001:2015", ["JIS"]),
    ],
)
def test_publishers_of(identifier, publishers):
    assert publishers_of(identifier) == publishers


def test_year_is_the_base_documents():
    assert year_of("ISO 9001:2015/Amd 1:2024") == 2015
    assert year_of("ISO/CD 9001.2") is None
    assert year_of("GB/T 19001-2016") == 2016


def test_normalize_and_urn():
    assert normalize("  ISO\u00a09001:2015 \n") == "ISO 9001:2015"
    assert is_urn("URN:ISO:std:iso:9001") and not is_urn("ISO 9001")


@pytest.mark.parametrize(
    ("urn", "document"),
    [
        ("urn:iso:std:iso:9001:ed-5:en", "ISO 9001"),
        ("urn:iso:std:iso-iec:27001:en,fr", "ISO/IEC 27001"),
        ("urn:iso:std:iso:9001:amd:2024:v1:en", "ISO 9001/Amd 1:2024"),
    ],
)
def test_plain_names_the_document_a_urn_points_at(urn, document):
    from harmonia.identifiers import parse_urn

    x = parse_urn(urn)
    assert str(x.plain()) == document
    assert not x.plain().languages and x.plain().edition is None


@pytest.mark.parametrize(
    ("text", "work"),
    [
        ("ISO 14001:2004", "ISO 14001"),
        ("ISO 14001:2015", "ISO 14001"),
        ("ISO/IEC 27001:2022", "ISO/IEC 27001"),
        ("ISO 10993-1:2018", "ISO 10993-1"),
        ("IEC 60601-1:2005", "IEC 60601-1"),
        ("ISO 9001:2015/Amd 1:2024", ""),
        ("IEC 60601-1:2005+AMD1:2012 CSV", ""),
        ("IEC 60601-1:2024 SER", ""),
        ("TCVN ISO 9001:2015", ""),
    ],
)
def test_work_key_is_the_same_for_every_edition(text, work):
    from harmonia.identifiers import work_key

    assert work_key(text) == work


@pytest.mark.parametrize("text", ["ASTM D445-11", "ASTM D1500", "ISO D445"])
def test_a_letter_joined_to_the_number_is_not_a_stage(text):
    from harmonia.identifiers import IdentifierError, canonical_key, parse

    with pytest.raises(IdentifierError, match="joined to a number"):
        parse(text)
    assert canonical_key(text) == text  # kept as written, as national numbers are
