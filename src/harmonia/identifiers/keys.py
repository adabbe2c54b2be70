"""Keys that make every spelling of a document meet: used to store and look up documents."""

from __future__ import annotations

from dataclasses import replace

from .basic import normalize, publishers_of, split_supplement
from .grammar import parse
from .model import Identifier, IdentifierError


def _identity(x: Identifier) -> str:
    return str(replace(x, edition=None, languages=()))


def canonical_key(text: str) -> str:
    """The canonical form of an identifier (ISO house style, without edition or language);
    text that is not an international identifier (a national number) is only normalized."""
    try:
        return _identity(parse(text))
    except IdentifierError:
        return normalize(text)


def work_key(text: str) -> str:
    """The key of the work across its editions: `ISO 14001:2004` and `ISO 14001:2015` are
    both `ISO 14001`. Empty for a supplement (an amendment belongs to one edition), for
    IEC's consolidated, redline and series packagings, and for text that is not an
    international identifier."""
    try:
        x = parse(text)
    except IdentifierError:
        return ""
    if x.supplements or x.suffix or x.consolidated or x.all_parts:
        # IEC's packagings of an edition (CSV, RLV, SER...) are not editions of their own.
        return ""
    return str(x.undated())


def base_key(text: str) -> str | None:
    """The key of the document a supplement amends or corrects (None for a base document):
    `ISO/IEC 13818-1:2015/Amd 3:2016/Cor 1:2017` → `ISO/IEC 13818-1:2015/Amd 3:2016`."""
    try:
        x = parse(text)
    except IdentifierError:
        base, supplement = split_supplement(text)
        return base if supplement else None
    if not x.supplements:
        return None
    return _identity(replace(x, supplements=x.supplements[:-1]))


def publishers(text: str) -> list[str]:
    """Publisher and copublishers named by the identifier (`ISO/IEC/IEEE 8802-3` → 3)."""
    try:
        x = parse(text)
    except IdentifierError:
        return publishers_of(text)
    return [x.publisher, *x.copublishers]
