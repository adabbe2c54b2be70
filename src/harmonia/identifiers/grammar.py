"""The grammar of ISO and IEC identifiers: text → Identifier.

A hand-written reader over normalized text, one anchored regular expression per
element, left to right, so parsing costs a few microseconds. It accepts the
spellings found in catalogues and in metanorma's pubid-iso test suite: spacing,
case, dash and colon variants, full-width characters, French and Russian forms,
legacy draft names (PDTR, FPDAM, Fpr...).
"""

from __future__ import annotations

import re
import unicodedata

from .model import PUBLISHER_ALIASES, Identifier, IdentifierError, Supplement

PUBLISHERS = frozenset(
    {
        "ISO", "IEC", "IEEE", "ASTM", "CIE", "SAE", "OIML", "IDF", "IIW", "ITU", "HL7",
        "UNDP", "UNECE", "ASME", "API", "IULTCS", "IUPAC", "CISPR", "OECD", "IMO", "UIC",
        "AOAC", "ISA", "NACE", "CEI", "ИСО", "МЭК",
    }
)  # fmt: skip

# Words between the publishers and the number: (stage, type) each may set.
QUALIFIERS: dict[str, tuple[str | None, str | None]] = {
    "PWI": ("PWI", None), "NP": ("NP", None), "AWI": ("AWI", None), "WD": ("WD", None),
    "CD": ("CD", None), "FCD": ("CD", None), "DIS": ("D", None), "FDIS": ("FD", None),
    "PRF": ("PRF", None), "DP": ("DP", None), "FPR": ("D", None),
    "TS": (None, "TS"), "TR": (None, "TR"), "PAS": (None, "PAS"), "GUIDE": (None, "Guide"),
    "IWA": (None, "IWA"), "ISP": (None, "ISP"), "TTA": (None, "TTA"), "R": (None, "R"),
    "DATA": (None, "Data"), "DIR": (None, "DIR"), "IS": (None, None),
    "DTS": ("D", "TS"), "DTR": ("D", "TR"), "DPAS": ("D", "PAS"), "FDTS": ("FD", "TS"),
    "FDTR": ("FD", "TR"), "FDPAS": ("FD", "PAS"), "PDTR": ("CD", "TR"), "PDTS": ("CD", "TS"),
    "DGUIDE": ("D", "Guide"), "FDGUIDE": ("FD", "Guide"), "FD": ("FD", None), "D": ("D", None),
    "DIWA": ("D", "IWA"), "PDISP": ("CD", "ISP"), "DISP": ("D", "ISP"),
    "ТС": (None, "TS"), "ТО": (None, "TR"), "ОПМС": ("FD", None), "ПМС": ("D", None),
    "РУКОВОДСТВО": (None, "Guide"), "РУКОВОДСТВА": (None, "Guide"),
    "DIRECTIVES": (None, "DIR"),
    "SRD": (None, "SRD"), "ACEE": (None, "ACEE"), "CA": (None, "CA"), "WT": (None, "WT"),
}  # fmt: skip

# Supplement words: (stage, kind).
SUPPLEMENT_WORDS: dict[str, tuple[str | None, str]] = {
    "AMD": (None, "Amd"), "AM": (None, "Amd"), "COR": (None, "Cor"), "ADD": (None, "Add"),
    "ADDENDUM": (None, "Add"), "SUPPL": (None, "Suppl"), "SUP": (None, "Suppl"),
    "EXT": (None, "Ext"), "DAM": ("D", "Amd"), "DAMD": ("D", "Amd"), "FDAM": ("FD", "Amd"),
    "FDAMD": ("FD", "Amd"), "PDAM": ("CD", "Amd"), "FPDAM": ("D", "Amd"),
    "DCOR": ("D", "Cor"), "FDCOR": ("FD", "Cor"), "FCOR": ("FD", "Cor"), "PDCOR": ("CD", "Cor"),
    "DAD": ("D", "Add"), "FDAD": ("FD", "Add"), "PDAD": ("CD", "Add"),
    "DSUPPL": ("D", "Suppl"), "FDSUPPL": ("FD", "Suppl"),
    "ISH": (None, "ISH"), "FRAG": (None, "FRAG"),
}  # fmt: skip
SUPPLEMENT_STAGES = {"PWI": "PWI", "NP": "NP", "AWI": "AWI", "WD": "WD", "CD": "CD",
                     "PRF": "PRF", "FD": "FD", "D": "D", "DIS": "D", "FDIS": "FD"}  # fmt: skip
LANGUAGE_LETTERS = {"E": "en", "F": "fr", "R": "ru", "S": "es", "A": "ar", "C": "zh", "G": "de"}


_DASHES = dict.fromkeys(
    map(ord, "\u2010\u2011\u2012\u2013\u2014\u2015\u2212\ufe58\ufe63\uff0d"), "-"
)
_SPACES = re.compile(r"\s+")
_WORD = re.compile(r"HL7|[A-Za-zА-Яа-яЁё]+")
_NUMBER = re.compile(r"\s?(\d+[A-Z]?)(?![a-z])")
_PART = re.compile(
    r"(?:-\s?|/(?=\d))([A-Z]{0,2}\d+[A-Za-z]{0,2}|[A-Z]{2,5}\d*(?![a-z])|\d*[A-Z]\d*)"
)
_ITERATION = re.compile(r"\.(\d+)")
_YEAR = re.compile(r"\s?:\s?(\d{4})(?!\d)")
_LEGACY_YEAR = re.compile(r"-(19\d\d|20\d\d)(?!\d)")
_EDITION = re.compile(r"\s?(?:ED|Ed|ed)(?:\.\s?|\s)?(\d+)?(?![A-Za-z])")
_LANGS = re.compile(r"\s?\(([A-Za-z]{1,3}(?:\s?[,/]\s?[A-Za-z]{1,5})*)\)")
_ALL_PARTS = re.compile(r"\s?\(all parts\)", re.IGNORECASE)
_SUPP = re.compile(
    r"(?:/|\s-\s|\s)\s?([A-Za-z]+?(?:\s[A-Za-z]+)?)\.?\s?(\d+)?(?:\.(\d+))?(?:\s?:\s?(\d{4}))?(?![A-Za-z])"
)
_SUFFIX = re.compile(
    r" ((?:CSV|RLV|EXV|SER|CMV|PRV|DB)(?:-(?:CSV|RLV|EXV|SER|CMV|PRV))*)(?=$|/|\()"
)
# IEC publications named by a title or a word instead of a number.
_TITLED = re.compile(
    r"(White Paper|Technology Report|Trend Report|Technology and Market Outlook Paper) "
    r"(.+?):(\d{4})$"
)
_NAMED = re.compile(r"([A-Z][A-Z-]*[A-Z]\d*):(\d{4})(?= DB$|$)")
# IEC consolidated editions: +AMD1:2008, also written +A1:2008
_CONSOLIDATED = re.compile(r"\+\s?(AMD|COR|A)\s?(\d+)(?::(\d{4}))?", re.IGNORECASE)
_DUAL = re.compile(r"\s?\|\s?([A-Z]+ \d[\w-]*)")


def clean(text: str) -> str:
    """NFKC (full-width → ASCII), one kind of dash, single spaces."""
    text = unicodedata.normalize("NFKC", text).translate(_DASHES)
    return _SPACES.sub(" ", text).strip()


def _publisher(word: str) -> str:
    upper = word.upper()
    return PUBLISHER_ALIASES.get(upper, upper)


def parse(text: str) -> Identifier:
    """Read an ISO, IEC or partner identifier; raise IdentifierError if it is not one."""
    s = clean(text)
    if not s:
        raise IdentifierError(text, 0, "empty text")
    pos = 0
    stage: str | None = None
    dtype: str | None = None
    publishers: list[str] = []

    def qualifier(word: str) -> bool:
        nonlocal stage, dtype
        upper = word.upper()
        found = QUALIFIERS.get(upper)
        if found is None and upper.startswith("FPR"):
            found = QUALIFIERS["FPR"]
        if found is None:
            # A draft stage joined to a type: DTTA, FDISP, DDATA...
            for prefix in ("FD", "D"):
                rest = QUALIFIERS.get(upper[len(prefix) :]) if upper.startswith(prefix) else None
                if rest is not None and rest[0] is None and rest[1] is not None:
                    found = (prefix, rest[1])
                    break
        if found is None:
            return False
        if found[0]:
            stage = found[0]
        if found[1]:
            dtype = found[1]
        return True

    # Leading words: a French or Russian "Guide", a draft stage before IWA, "Fpr".
    while True:
        m = _WORD.match(s, pos)
        if not m:
            break
        word = m.group(0)
        upper = word.upper()
        if upper in PUBLISHERS:
            break
        if upper.startswith("FPR") and upper[3:] in PUBLISHERS:
            stage = "D"
            pos = m.start() + 3
            break
        if not qualifier(word):
            raise IdentifierError(text, pos, f"{word!r} is not a known publisher or document type")
        pos = m.end()
        if pos < len(s) and s[pos] in " /":
            pos += 1
    # Publishers, then qualifiers, separated by "/" or spaces.
    seen_qualifier = False
    while True:
        m = _WORD.match(s, pos)
        if not m:
            break
        word = m.group(0)
        glued = m.end() < len(s) and s[m.end()].isdigit()
        if glued and QUALIFIERS.get(word.upper(), (None, None))[0] is not None:
            # ASTM D445-11, ASTM D1500: the letter belongs to the partner's own number; an
            # ISO stage is always followed by a space or a slash.
            raise IdentifierError(text, m.start(), f"{word!r} joined to a number is not a stage")
        if word.upper() in PUBLISHERS and not seen_qualifier:
            publishers.append(_publisher(word))
        elif qualifier(word):
            seen_qualifier = True
            if dtype == "DIR":
                pos = m.end()
                break
        elif publishers and not seen_qualifier and (named := _named(s, m.start(), publishers)):
            return named
        else:
            raise IdentifierError(text, pos, f"{word!r} is not a known publisher or document type")
        pos = m.end()
        if pos < len(s) and s[pos] in " /":
            pos += 1
        if pos < len(s) and s[pos].isdigit():
            break
    if dtype == "DIR" and publishers:
        # Directives and their supplements are named in words (DIR 1 ISO SUP:2022,
        # Directives, Part 1): kept as written after the publishers and DIR.
        rest = s[pos:].lstrip(", ")
        found = re.search(r"\d+", rest)
        number = found.group(0) if found else ""
        return Identifier(
            publisher=publishers[0], copublishers=tuple(publishers[1:]), type="DIR",
            number=number, extra=rest,
        )  # fmt: skip
    if not publishers:
        if dtype == "IWA":
            publishers = ["ISO"]
        else:
            raise IdentifierError(text, pos, "no publisher (ISO, IEC, ...)")
    m = _NUMBER.match(s, pos)
    if not m:
        raise IdentifierError(text, pos, "a document number was expected")
    number = m.group(1)
    pos = m.end()
    parts: list[str] = []
    while m := _PART.match(s, pos):
        # ISO/R 91-1970, 8802-1Q-2020: a dash year in an ISO Recommendation or after a
        # lettered part; after a numeric part (ISO 1-1-1990) it is a sub-part.
        legacy = dtype == "R" or bool(parts and not parts[-1].isdigit())
        ends = not _PART.match(s, m.end()) and not _YEAR.match(s, m.end())
        if legacy and ends and _LEGACY_YEAR.match(s, pos):
            break
        parts.append(m.group(1))
        pos = m.end()
    iteration = None
    if m := _ITERATION.match(s, pos):
        iteration = int(m.group(1))
        pos = m.end()
    year = None
    legacy_year = dtype == "R" or bool(parts and not parts[-1].isdigit())
    if (m := _YEAR.match(s, pos)) or (legacy_year and (m := _LEGACY_YEAR.match(s, pos))):
        year = int(m.group(1))
        pos = m.end()
    edition, languages, pos = _edition_and_languages(s, pos)
    supplements: list[Supplement] = []
    consolidated: list[Supplement] = []
    all_parts = False
    suffix = None
    extra = None
    while pos < len(s):
        if s[pos:] == ":":  # IEC 61360-C00169: (a year left empty in the source)
            break
        if m := _CONSOLIDATED.match(s, pos):
            kind = "Cor" if m.group(1).upper() == "COR" else "Amd"
            consolidated.append(
                Supplement(kind, m.group(2), int(m.group(3)) if m.group(3) else None)
            )
            pos = m.end()
            continue
        if m := _ALL_PARTS.match(s, pos):
            all_parts = True
            pos = m.end()
            continue
        if m := _DUAL.match(s, pos):
            extra = "|" + m.group(1)
            pos = m.end()
            continue
        if m := _SUFFIX.match(s, pos):
            suffix = m.group(1).upper()
            pos = m.end()
            continue
        supplement, end = _supplement(s, pos)
        if supplement is None:
            hint = "unexpected text after the identifier"
            raise IdentifierError(text, pos, hint)
        supplements.append(supplement)
        pos = end
        ed, langs, pos = _edition_and_languages(s, pos)
        edition = edition or ed
        languages = languages or langs
    return Identifier(
        publisher=publishers[0],
        copublishers=tuple(publishers[1:]),
        type=dtype,
        stage=stage,
        iteration=iteration,
        number=number,
        parts=tuple(parts),
        year=year,
        supplements=tuple(supplements),
        all_parts=all_parts,
        suffix=suffix,
        consolidated=tuple(consolidated),
        edition=edition,
        languages=languages,
        extra=extra,
    )


def _named(s: str, pos: int, publishers: list[str]) -> Identifier | None:
    """IEC White Paper <title>:2016, ISO/IEC VIM:1993, IEC 60417:2026 DB and the like."""
    pub, copub = publishers[0], tuple(publishers[1:])
    if m := _TITLED.match(s, pos):
        return Identifier(
            publisher=pub, copublishers=copub, type=m.group(1), number="", extra=m.group(2),
            year=int(m.group(3)),
        )  # fmt: skip
    if m := _NAMED.match(s, pos):
        suffix = "DB" if s.endswith(" DB") else None
        return Identifier(
            publisher=pub, copublishers=copub, number=m.group(1), year=int(m.group(2)),
            suffix=suffix,
        )  # fmt: skip
    return None


def _edition_and_languages(s: str, pos: int) -> tuple[int | None, tuple[str, ...], int]:
    edition = None
    languages: tuple[str, ...] = ()
    for _ in range(2):
        if m := _EDITION.match(s, pos):
            edition = int(m.group(1)) if m.group(1) else 1
            pos = m.end()
        if m := _LANGS.match(s, pos):
            codes = re.split(r"\s?[,/]\s?", m.group(1))
            languages = tuple(
                LANGUAGE_LETTERS.get(c.upper(), c.lower()) if len(c) == 1 else c.lower()
                for c in codes
            )
            pos = m.end()
    return edition, languages, pos


def _supplement(s: str, pos: int) -> tuple[Supplement | None, int]:
    m = _SUPP.match(s, pos)
    if not m:
        return None, pos
    words = m.group(1).split(" ")
    stage: str | None = None
    kind: str | None = None
    if len(words) == 2:
        first = words[0].upper()
        if first not in SUPPLEMENT_STAGES:
            return None, pos
        stage = SUPPLEMENT_STAGES[first]
        found = SUPPLEMENT_WORDS.get(words[1].upper())
        if found is None:
            return None, pos
        kind = found[1]
        stage = found[0] or stage
    else:
        word = words[0].upper()
        found = SUPPLEMENT_WORDS.get(word)
        if found is None and word.startswith("P") and word[1:] in SUPPLEMENT_WORDS:
            found = ("CD", SUPPLEMENT_WORDS[word[1:]][1])  # pDCOR, PDAM: proposed draft
        if found is None:
            return None, pos
        stage, kind = found
    number = m.group(2)
    iteration = int(m.group(3)) if m.group(3) else None
    year = int(m.group(4)) if m.group(4) else None
    return Supplement(kind, number, year, stage, iteration), m.end()
