import pytest

from harmonia.catalogue.importers.relaton import parse_relaton
from harmonia.catalogue.importers.sources import iter_path
from harmonia.catalogue.loading import import_items
from harmonia.catalogue.reference_data import load_ics

from .samples import write_dir


@pytest.fixture
def catalogue(db, tmp_path):
    """The five sample records and the ICS codes they use."""
    load_ics(
        [
            {"code": "03", "parent": None, "title_en": "Services", "title_fr": "Services"},
            {"code": "03.120", "parent": "03", "title_en": "Quality"},
            {"code": "03.120.10", "parent": "03.120", "title_en": "Quality management"},
        ]
    )
    path = write_dir(tmp_path / "records")
    return import_items("relaton", [str(path)], iter_path(path), parse_relaton, workers=1)
