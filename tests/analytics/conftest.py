# The small catalogues of tests/adoptions serve the indicator tests too.
from tests.adoptions.conftest import international, national  # noqa: F401
