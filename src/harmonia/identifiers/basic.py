"""Normalization, supplement splitting and publisher prefixes of identifiers."""

from __future__ import annotations

import re
import unicodedata

# Organisations that appear as (co)publishers in the prefix of international
# identifiers (ISO/IEC/IEEE 8802-3, ISO/ASTM 52900, ISO/CIE 11664-1...).
PUBLISHER_TOKENS: frozenset[str] = frozenset(
    {
        "ISO", "IEC", "IEEE", "ASTM", "CIE", "SAE", "OIML", "IDF", "IIW", "ITU", "HL7",
        "CEN", "CENELEC", "UNECE", "ASME", "API", "IULTCS", "IUPAC", "CISPR", "OECD",
        "IEC/IEEE", "JIS", "IMO", "AOAC", "ISA", "UIC", "NACE", "TCVN", "JSA",
    }
)  # fmt: skip

_SPACES = re.compile(r"\s+")
_SUPPLEMENT = re.compile(
    r"/(?=(?:(?:PD|FD|D|CD|WD|NP|AWI|PWI|PRF|FPr)\s?)?"
    r"(?:Amd|AMD|Cor|COR|Add|ADD|Suppl|SUPPL|DAM|DCOR|FDAM|FDCOR|PDAM|PDCOR|DAD|FDAD|PDAD)"
    r"(?=[\s\d:.]|$))"
)
_YEAR = re.compile(r"[:\-](1[89]\d\d|20\d\d)(?![\d])")


def normalize(identifier: str) -> str:
    """NFC, no-break and repeated spaces collapsed, ends trimmed."""
    text = unicodedata.normalize("NFC", identifier).replace("\u00a0", " ")
    return _SPACES.sub(" ", text).strip()


def is_urn(text: str) -> bool:
    return text[:4].lower() == "urn:"


def split_supplement(identifier: str) -> tuple[str, str | None]:
    """Split `ISO 9001:2015/Amd 1:2024` into (`ISO 9001:2015`, `Amd 1:2024`).

    The base is the document the supplement directly amends or corrects, so a
    corrigendum of an amendment splits at the last supplement:
    `ISO/IEC 13818-1:2015/Amd 3:2016/Cor 1:2017` → (`...:2015/Amd 3:2016`, `Cor 1:2017`).
    An identifier that is not a supplement comes back whole with None.
    """
    ident = normalize(identifier)
    last = None
    for last in _SUPPLEMENT.finditer(ident):  # noqa: B007 - the last match is wanted
        pass
    if last is None:
        return ident, None
    return ident[: last.start()], ident[last.start() + 1 :]


def publishers_of(identifier: str) -> list[str]:
    """Publishers named in the prefix, in order: `ISO/IEC/IEEE 8802-3` → ISO, IEC, IEEE."""
    head = normalize(identifier).split(" ", 1)[0]
    return [token for token in head.split("/") if token in PUBLISHER_TOKENS]


def year_of(identifier: str) -> int | None:
    """Year of the base document (`ISO 9001:2015/Amd 1:2024` → 2015)."""
    ident = normalize(identifier)
    first = _SUPPLEMENT.search(ident)
    base = ident if first is None else ident[: first.start()]
    found = _YEAR.search(base)
    return int(found.group(1)) if found else None
