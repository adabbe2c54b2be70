"""Standards identifiers: a pure library (no Django), typed, used by everything else.

`parse(text)` reads an ISO, IEC or partner identifier into an immutable `Identifier`;
`str(x)` / `x.render(lang=...)` write it in house style (English, French, Russian);
`x.urn()` and `parse_urn(text)` convert to and from RFC 5141 URNs;
`parse_adoption(text)` reads national and regional designations (TCVN, BS EN, GB/T,
TIS...) and the international documents they adopt. The helpers of
`basic` (supplement split, publishers, year) serve text that is not (yet) parsable,
such as national identifiers.
"""

from harmonia.identifiers.adoption import (
    Adoption,
    NationalIdentifier,
    NationalPrefix,
    load_prefixes,
    parse_adoption,
    register_prefix,
)
from harmonia.identifiers.basic import (
    PUBLISHER_TOKENS,
    is_urn,
    normalize,
    publishers_of,
    split_supplement,
    year_of,
)
from harmonia.identifiers.grammar import parse
from harmonia.identifiers.keys import base_key, canonical_key, publishers, work_key
from harmonia.identifiers.model import Identifier, IdentifierError, Supplement
from harmonia.identifiers.urn import parse_urn

__all__ = [
    "PUBLISHER_TOKENS",
    "Adoption",
    "Identifier",
    "IdentifierError",
    "NationalIdentifier",
    "NationalPrefix",
    "Supplement",
    "base_key",
    "canonical_key",
    "is_urn",
    "load_prefixes",
    "normalize",
    "parse",
    "parse_adoption",
    "parse_urn",
    "publishers",
    "publishers_of",
    "register_prefix",
    "split_supplement",
    "work_key",
    "year_of",
]
