"""National and regional identifiers, and the international documents they adopt.

`parse_adoption("BS EN ISO 9001:2015")` gives the national identifier, the chain of
bodies (BS ← EN ← ISO) and the adopted international identifier. The conventions of
each designation (where the year belongs, Buddhist-era years, `IRAM-ISO`) come from
a registry: `data/national_prefixes.json`, extended with `register_prefix`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any

from .grammar import clean, parse
from .model import Identifier, IdentifierError

BUDDHIST_ERA_OFFSET = 543


@dataclass(frozen=True, slots=True)
class NationalPrefix:
    prefix: str
    body: str
    country: str = ""
    level: str = "national"
    year: str = "adopted"  # or "national"
    year_separator: str = ":"
    era: str = "CE"
    joiner: str = " "
    divisions: bool = False


@dataclass(frozen=True, slots=True)
class NationalIdentifier:
    """A national or regional designation: TCVN 7391-1:2007, GB/T 19001-2016, TIS 9001-2559."""

    prefixes: tuple[str, ...]  # ("BS", "EN") for BS EN ISO 9001:2015
    number: str  # the body's own number, or the adopted identifier's text
    year: int | None = None  # as written (Buddhist era for TIS)
    year_ce: int | None = field(default=None, compare=False)
    division: str | None = None  # JIS Q, KS Q
    text: str = field(default="", compare=False)

    def __str__(self) -> str:
        return self.text


@dataclass(frozen=True, slots=True)
class Adoption:
    national: NationalIdentifier
    adopted: tuple[Identifier, ...] = ()
    chain: tuple[str, ...] = ()  # bodies from national to international: ("BSI", "CEN", "ISO")
    year_is_national: bool = False  # TCVN ISO 14001:2010: 2010 is TCVN's year, not ISO's
    body: str = ""
    country: str = ""


_REGISTRY: dict[str, NationalPrefix] = {}


def _load_default() -> None:
    data = json.loads(
        (resources.files("harmonia.identifiers") / "data" / "national_prefixes.json").read_text(
            "utf-8"
        )
    )
    for row in data["prefixes"]:
        register_prefix(NationalPrefix(**row))


def register_prefix(prefix: NationalPrefix) -> None:
    """Add or replace a designation (an NSB's own rules)."""
    _REGISTRY[prefix.prefix.upper()] = prefix


def load_prefixes(path: Path) -> int:
    """Register every prefix of a JSON file shaped like data/national_prefixes.json."""
    rows: list[dict[str, Any]] = json.loads(path.read_text("utf-8"))["prefixes"]
    for row in rows:
        register_prefix(NationalPrefix(**row))
    return len(rows)


def prefixes() -> dict[str, NationalPrefix]:
    return dict(_REGISTRY)


_PAREN = re.compile(r"^(.*?)\s*\((.+)\)$")
_NATIONAL_NUMBER = re.compile(
    r"^(?:(?P<division>[A-Z])\s)?(?P<number>[A-Z]?\d+(?:[.\-]\d+[A-Za-z]?)*?)"
    r"(?:\s?(?P<sep>[:\-])\s?(?P<year>\d{4}))?$"
)


def _prefix_at(text: str) -> tuple[NationalPrefix, str] | None:
    """The longest registered prefix at the start of `text`, and what follows it."""
    upper = text.upper()
    best: NationalPrefix | None = None
    for key, prefix in _REGISTRY.items():
        if upper.startswith(key) and (best is None or len(key) > len(best.prefix)):
            after = text[len(key) : len(key) + 1]
            if after in {" ", "-"}:
                best = prefix
    if best is None:
        return None
    return best, text[len(best.prefix) + 1 :]


def parse_adoption(text: str) -> Adoption:
    """Read a national or regional identifier and what it adopts, if the text says."""
    if not _REGISTRY:
        _load_default()
    s = clean(text)
    m = _PAREN.match(s)
    if m and not m.group(2).lower().startswith("all parts"):
        # TCVN 7391-1:2007 (ISO 10993-1:2003): the adopted documents in parentheses
        inner = [parse(part) for part in re.split(r"\s?[;,]\s?", m.group(2))]
        outer = parse_adoption(m.group(1))
        chain = (*outer.chain, *(x.publisher for x in inner[:1]))
        return Adoption(outer.national, tuple(inner), chain, False, outer.body, outer.country)
    found = _prefix_at(s)
    if found is None:
        raise IdentifierError(text, 0, "no registered national or regional prefix")
    first, rest = found
    chain_prefixes = [first]
    while (more := _prefix_at(rest)) is not None and more[0].level == "regional":
        chain_prefixes.append(more[0])
        rest = more[1]
    division = None
    if first.divisions and (dm := re.match(r"([A-Z])\s", rest)):
        division = dm.group(1)  # JIS Q 9001, KS Q ISO 9001
        rest = rest[2:]
    # A European amendment of the adoption (EN ISO 10993-4:2017/A1:2025) is the
    # regional body's own: the adopted ISO document is the base.
    regional_amendment = re.search(r"/A\d+(?::\d{4})?$", rest)
    if regional_amendment:
        rest = rest[: regional_amendment.start()]
    names = tuple(p.prefix for p in chain_prefixes)
    bodies = tuple(dict.fromkeys(p.body for p in chain_prefixes))
    try:
        adopted = parse(rest)
    except IdentifierError:
        adopted = None
    if adopted is not None and adopted.publisher in {"ISO", "IEC"}:
        year_national = first.year == "national"
        national_year: int | None = adopted.year
        if year_national and adopted.year:
            # the year is the national publication year: the adopted edition is not named
            adopted = _undated(adopted)
        national = NationalIdentifier(
            names, str(adopted), national_year, national_year, division, s
        )
        chain = (*bodies, adopted.publisher)
        return Adoption(national, (adopted,), chain, year_national, first.body, first.country)
    nm = _NATIONAL_NUMBER.match(rest)
    if nm is None:
        raise IdentifierError(text, len(s) - len(rest), "a national number was expected")
    year = int(nm.group("year")) if nm.group("year") else None
    year_ce = year - BUDDHIST_ERA_OFFSET if year and first.era == "BE" else year
    national = NationalIdentifier(
        names, nm.group("number"), year, year_ce, division or nm.group("division"), s
    )
    return Adoption(national, (), bodies, first.year == "national", first.body, first.country)


def _undated(x: Identifier) -> Identifier:
    from dataclasses import replace

    return replace(x, year=None)
