"""A suggestion when a search finds nothing: `iso 90001` finds no document, yet the
reader most likely meant ISO 9001. Words are already matched with typo tolerance; an
identifier's number is not (ISO 9001 and ISO 9002 are different standards), so a
number one edit away from a held one is offered as a question, never substituted."""

from __future__ import annotations

import re

from rapidfuzz import process
from rapidfuzz.distance import Levenshtein

from harmonia.catalogue.models import Body, Document

# A publisher's code, then a number with its part, year or other suffix: ISO 90001,
# iso/iec 270001:2013, TCVN 56000.
_IDENTIFIER = re.compile(r"^\s*([A-Za-z][A-Za-z/ ]*?)\s*(\d[\w.\-]*)(:\d{4})?\s*$")


def did_you_mean(q: str) -> str:
    """An identifier held in the catalogue one edit from the number asked for, or ""."""
    m = _IDENTIFIER.match(q)
    if not m:
        return ""
    prefix = re.sub(r"\s+", " ", m.group(1)).strip().upper()
    number, year = m.group(2), m.group(3) or ""
    publisher = prefix.split("/")[0].strip()
    if not Body.objects.filter(code=publisher).exists():
        return ""
    held = Document.objects.filter(
        publisher__code=publisher, identifier__startswith=f"{prefix} "
    ).values_list("identifier", flat=True)
    numbers = {i[len(prefix) + 1 :].split(":")[0].split(" ")[0] for i in held}
    numbers.discard(number)
    best = process.extractOne(number, numbers, scorer=Levenshtein.distance, score_cutoff=1)
    if best is None:
        return ""
    return f"{prefix} {best[0]}{year}"
