import pytest
from django.contrib.auth import get_user_model

from tests.accounts.conftest import tenants  # noqa: F401
from tests.adoptions.conftest import international, national  # noqa: F401

from .records import import_dir, record, write


@pytest.fixture
def iso9001(db, tmp_path):
    """A catalogue holding ISO 9001:2015 (and ISO 14001:2015, which nobody follows)."""
    from harmonia.catalogue.reference_data import load_ics

    load_ics(
        [
            {"code": "03", "parent": None, "title_en": "Services"},
            {"code": "03.120", "parent": "03", "title_en": "Quality"},
            {"code": "03.120.10", "parent": "03.120", "title_en": "Quality management"},
            {"code": "13", "parent": None, "title_en": "Environment"},
        ]
    )
    import_dir(
        write(
            tmp_path / "first",
            record("ISO 9001:2015", "2015-09-15"),
            record("ISO 14001:2015", "2015-09-15", title="Environmental management", ics="13"),
        )
    )


@pytest.fixture
def people(db):
    make = get_user_model().objects.create_user
    return {
        name: make(name, f"{name}@example.org", "a-long-password-1")
        for name in ("anh", "binh", "chi", "dung")
    }
