from pathlib import Path

import pytest

from harmonia.adoptions.services import import_national

from .fixtures import TH_CSV, VN_CSV, load_international, make_bodies, write


@pytest.fixture
def international(db):
    load_international()


def load_national(directory: Path):
    """Viet Nam's and Thailand's catalogues over the international sample, and a
    network of the two (the international sample is loaded already)."""
    from harmonia.analytics.models import Network

    vn, th = make_bodies()
    import_national(vn, write(directory / "vn.csv", VN_CSV), propose_missing=False)
    import_national(th, write(directory / "th.csv", TH_CSV), propose_missing=False)
    network = Network.objects.create(slug="pair", name="Pair")
    network.members.set([vn, th])
    return vn, th, network


@pytest.fixture
def national(international, tmp_path):
    """The international fixture, Viet Nam's and Thailand's catalogues, and a network."""
    return load_national(tmp_path)
