"""The product works without ../shared: the demo loads the snapshot shipped in the package."""

import lzma

import orjson
import pytest

from harmonia.catalogue.models import ICS, Body, Document
from harmonia.demo.snapshot import data_dir, load_snapshot

pytestmark = pytest.mark.django_db


def test_snapshot_is_small_and_complete():
    path = data_dir() / "iso-catalogue.jsonl.xz"
    assert path.stat().st_size < 5_000_000
    lines = lzma.decompress(path.read_bytes()).splitlines()
    assert len(lines) == 61_637
    first = orjson.loads(lines[0])
    assert first["identifier"] and first["titles"]


def test_demo_loads_the_catalogue_and_twice_changes_nothing(iso_catalogue_of_module):
    summary = iso_catalogue_of_module
    assert "61,637 ISO catalogue records (61,637 new" in summary
    assert Document.objects.count() == 61_637
    assert ICS.objects.count() == 1381
    assert Body.objects.filter(kind="national").count() == 167
    doc = Document.objects.get(identifier="ISO 9001:2015")
    assert doc.title == "Quality management systems - Requirements"
    assert doc.stage.name == "International Standard to be revised"
    assert doc.ics.filter(code="03.120.10").exists()
    again = load_snapshot()
    assert "(0 new, 61,637 already loaded)" in again


def test_demo_national_catalogues_feed_every_indicator(iso_catalogue_of_module):
    """The generated cohort: 16 bodies, Viet Nam's catalogue with Vietnamese titles and
    the real TCVN records, and something to show in every indicator."""
    from harmonia.adoptions.models import Adoption
    from harmonia.analytics import indicators
    from harmonia.analytics.models import Network
    from harmonia.analytics.survey import load_shipped_survey
    from harmonia.demo.national import PROFILES, generate, load_demo_catalogues
    from harmonia.demo.vi_titles import VI_TITLES

    summary = load_demo_catalogues()
    assert "16 bodies" in summary
    assert "figures" in load_shipped_survey()
    network = Network.objects.get(slug="iso-capacity-building-2025")
    assert network.is_demo and network.members.count() == 16
    vn = Body.objects.get(country_code="VN", kind="national")
    docs = Document.objects.filter(publisher=vn)
    assert docs.count() >= 3000
    assert docs.filter(source_id__startswith="demo:").count() == docs.count() - 25
    real = docs.filter(source_id__startswith="real:")
    assert real.count() == 25 and real.filter(identifier="TCVN 3171:2011").exists()
    vi_titles = set(docs.filter(titles__language="vi").values_list("titles__content", flat=True))
    assert len(vi_titles & set(VI_TITLES.values())) >= 50
    assert docs.filter(identifier__startswith="TCVN ISO ").exists()
    assert docs.filter(identifier__regex=r"^TCVN [0-9-]+:[0-9]{4} \(ISO ").exists()

    h = indicators.harmonization(vn)
    assert 0.3 < h["rate"] < 0.9 and h["by_degree"]["MOD"] > 0 and h["by_degree"]["none"] > 0
    reasons = {o.reason for o in indicators.outdated(vn)}
    assert reasons == {"revised", "withdrawn", "amended"}
    m = indicators.matrix(network, only_adopted=True)
    rates = [member["rate"] for member in m["members"]]
    assert max(rates) - min(rates) > 0.2  # varied rates
    assert m["different_editions"] and m["most_adopted"][0]["bodies"] >= 12
    assert indicators.gaps(vn)["items"][0]["adopted_by"] >= 10
    assert any(s["certificates"] for s in indicators.uptake(vn)["standards"])
    assert Adoption.objects.filter(status="proposed").exists()  # the review queue has work

    # Deterministic: the same seed gives the same catalogue; loading again adds nothing.
    from harmonia.demo.national import _editions

    editions = _editions()
    import random

    first = generate(PROFILES[0], editions, random.Random("x"))
    again = generate(PROFILES[0], editions, random.Random("x"))
    assert [r.identifier for r in first] == [r.identifier for r in again]
    before = (Document.objects.count(), Adoption.objects.count())
    load_demo_catalogues()
    assert (Document.objects.count(), Adoption.objects.count()) == before
