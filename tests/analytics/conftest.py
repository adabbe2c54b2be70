import pytest

from harmonia.adoptions.services import import_national
from tests.adoptions.fixtures import TH_CSV, VN_CSV, load_international, make_bodies, write


@pytest.fixture
def international(db):
    load_international()


@pytest.fixture
def national(international, tmp_path):
    """The international fixture, Viet Nam's and Thailand's catalogues, and a network."""
    from harmonia.analytics.models import Network

    vn, th = make_bodies()
    import_national(vn, write(tmp_path / "vn.csv", VN_CSV), propose_missing=False)
    import_national(th, write(tmp_path / "th.csv", TH_CSV), propose_missing=False)
    network = Network.objects.create(slug="pair", name="Pair")
    network.members.set([vn, th])
    return vn, th, network
