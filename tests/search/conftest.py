import pytest

from tests.adoptions.conftest import international, national  # noqa: F401


@pytest.fixture
def indexed(national):  # noqa: F811
    """The adoption fixtures (ISO sample, Viet Nam's and Thailand's catalogues), indexed."""
    from harmonia.catalogue.models import Body
    from harmonia.search import sync

    # As in the real list of bodies (the adoption fixtures leave the kind unset).
    Body.objects.filter(code="ISO").update(kind="international")

    sync.forget()
    sync.rebuild()
    return national
