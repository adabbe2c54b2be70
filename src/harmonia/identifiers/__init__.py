"""Standards identifiers: a pure library (no Django), typed, used by everything else.

This first part holds what the catalogue needs today: whitespace and form
normalization, the split of a supplement (amendment, corrigendum...) from its base
document, and the publishers named in an identifier's prefix. The full grammar
(parser, renderer, URNs) grows here.
"""

from harmonia.identifiers.basic import (
    PUBLISHER_TOKENS,
    is_urn,
    normalize,
    publishers_of,
    split_supplement,
    year_of,
)

__all__ = [
    "PUBLISHER_TOKENS",
    "is_urn",
    "normalize",
    "publishers_of",
    "split_supplement",
    "year_of",
]
