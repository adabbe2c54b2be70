import pytest

from tests.adoptions.conftest import international, national  # noqa: F401


@pytest.fixture
def indexed(national):  # noqa: F811
    """The adoption fixtures (ISO sample, Viet Nam's and Thailand's catalogues), indexed."""
    from django.db import connection

    from harmonia.catalogue.models import Body
    from harmonia.search import sync

    # As in the real list of bodies (the adoption fixtures leave the kind unset).
    Body.objects.filter(code="ISO").update(kind="international")

    # The fixtures' writes count as committed: their on-commit hooks run now. A test's
    # transaction never commits, and sync registers one hook a transaction.
    for _savepoints, hook, _robust in list(connection.run_on_commit):
        hook()
    sync.forget()
    sync.rebuild()
    return national
