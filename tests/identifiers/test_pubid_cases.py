"""metanorma pubid-iso's public test cases, run against harmonia.identifiers."""

import json
from collections import Counter

import pytest

from harmonia.identifiers import parse, parse_urn

DISAGREEMENTS = {
    ("parses", "ISO 105/F"),
    ("render", "ISO/R 657/IV"),
    ("render", "ISO/IEC/IEEE 8802-22.2:2015/Amd.2:2017(E)"),
    ("to_urn", "IEEE/ISO/IEC 8802-1Q-2020"),
    ("urn_to_render", "urn:iso:std:iec:60086:-3:stage-60.60"),
    ("urn_to_render", "urn:iso:std:iso:19115:-3:stage-published"),
    ("urn_to_render", "urn:iso:std:iec:31010:stage-95.99"),
}  # the reasons: src/harmonia/identifiers/PEER_DISAGREEMENTS.md


def outcome(case):
    kind, text = case["kind"], case["input"]
    if kind == "parses":
        parse(text)
        return None
    if kind in {"urn_to_render", "urn_to_urn"}:
        x = parse_urn(text)
        return x.urn() if kind == "urn_to_urn" else x.render(with_edition=True)
    x = parse(text)
    return {
        "render": str(x),
        "render_with_edition": x.render(with_edition=True),
        "render_french": x.render(lang="fr"),
        "to_urn": x.urn(),
    }[kind]


@pytest.fixture(scope="module")
def cases(shared):
    path = shared / "pubid-cases" / "pubid_cases_public.jsonl"
    return [json.loads(line) for line in path.read_text("utf-8").splitlines()]


def test_every_case_agrees_except_the_listed_disagreements(cases):
    differing = set()
    totals, good = Counter(), Counter()
    for case in cases:
        totals[case["kind"]] += 1
        try:
            got = outcome(case)
            ok = case["kind"] == "parses" or got == case["expected"]
        except ValueError:
            ok = False
        if ok:
            good[case["kind"]] += 1
        else:
            differing.add((case["kind"], case["input"]))
    assert differing == DISAGREEMENTS
    assert good["parses"] / totals["parses"] >= 0.995
    rendered = sum(good[k] + 0 for k in ("render", "to_urn", "urn_to_render"))
    assert rendered >= 0.96 * sum(totals[k] for k in ("render", "to_urn", "urn_to_render"))


@pytest.mark.parametrize(
    ("text", "canonical"),
    [
        ("ISO 105-B01:1994/AMD 1:1998", "ISO 105-B01:1994/Amd 1:1998"),
        ("iso 9001:2015", "ISO 9001:2015"),
        ("ＩＳＯ　９００１：２０１５", "ISO 9001:2015"),
        ("ISO/IEC 80079‑34:2020", "ISO/IEC 80079-34:2020"),
        ("ISO/TR27957:2008", "ISO/TR 27957:2008"),
        ("IEC 60050-131:2002+AMD1:2008 CSV", "IEC 60050-131:2002+AMD1:2008 CSV"),
        (
            "ISO/IEC 13818-1:2015/Amd 3:2016/Cor 1:2017",
            "ISO/IEC 13818-1:2015/Amd 3:2016/Cor 1:2017",
        ),
        ("ISO/CD 9001.2", "ISO/CD 9001.2"),
    ],
)
def test_spellings_normalize(text, canonical):
    assert str(parse(text)) == canonical
    assert parse(text) == parse(canonical)
    assert hash(parse(text)) == hash(parse(canonical))


def test_parts_base_and_undated():
    x = parse("ISO/IEC 13818-1:2015/Amd 3:2016 ED5(en)")
    assert (x.publisher, x.copublishers, x.number, x.part, x.year) == (
        "ISO",
        ("IEC",),
        "13818",
        "1",
        2015,
    )
    assert x.edition == 5 and x.languages == ("en",)
    assert str(x.base) == "ISO/IEC 13818-1:2015(en)"
    assert str(x.undated()) == "ISO/IEC 13818-1"
    assert parse("ISO 9001:2015 ED5") == parse("ISO 9001:2015")


def test_urn_round_trip():
    x = parse("ISO/IEC 13818-1:2015/Amd 3:2016/Cor 1:2017 ED5")
    assert x.urn() == "urn:iso:std:iso-iec:13818:-1:ed-5:amd:2016:v3:cor:2017:v1"
    back = parse_urn(x.urn())
    assert back.supplements == x.supplements and back.undated() == x.undated()


def test_iec_webstore_urn():
    x = parse_urn("urn:iec:std:iec:60050-722:1992-11:::")
    assert str(x) == "IEC 60050-722:1992"


@pytest.mark.parametrize(
    ("text", "position"),
    [("", 0), ("hello world", 0), ("ISO", 3), ("ISO 9001:2015 and more", 13), ("XYZ 12", 0)],
)
def test_errors_say_where(text, position):
    from harmonia.identifiers import IdentifierError

    with pytest.raises(IdentifierError) as err:
        parse(text)
    assert err.value.position == position
    assert isinstance(err.value, ValueError)


def test_every_iso_archive_identifier_round_trips(shared):
    """All primary identifiers of relaton-data-iso parse and render back unchanged."""
    from harmonia.catalogue.importers.relaton import iter_docids

    count = 0
    for primary, _ in iter_docids(shared / "relaton-data-iso.tar.xz"):
        assert str(parse(primary)) == primary
        count += 1
    assert count == 71_266
