"""A search request and the plan both backends execute: words, identifier keys, boosts.

Ranking is the same on every backend. Scores add up in tiers, so that for an
identifier query the exact document comes first, then its other editions, its
amendments and corrigenda, then its national adoptions; inside each tier current
documents come before withdrawn ones, then text relevance (BM25) decides.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field

from harmonia.identifiers import IdentifierError, canonical_key, is_urn, normalize, work_key

from .keys import work_of
from .text import query_words

EXACT = 10_000.0
EDITION = 3_000.0
SUPPLEMENT = 1_000.0
NUMBER = 500.0
ADOPTION = 300.0
CURRENT = 100.0
INTERNATIONAL = 50.0
POPULAR = 6.0  # for each threshold of national adoptions reached
MAIN = 5.0

# Facet name → what it counts; the API and the web app use these names.
FACETS = ("publisher", "type", "status", "ics", "committee", "year", "language")
SORTS = ("relevance", "newest", "oldest")
_NUMBER = re.compile(r"^\d{3,}$")


@dataclass(frozen=True)
class SearchRequest:
    q: str = ""
    filters: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    sort: str = "relevance"
    page: int = 1
    per_page: int = 20
    prefix: bool = False  # instant search: the last word may be unfinished
    facets: bool = True
    lang: str = ""  # the reader's language for titles; "": the interface's

    @property
    def offset(self) -> int:
        return (max(self.page, 1) - 1) * self.per_page


@dataclass(frozen=True)
class Plan:
    words: tuple[str, ...]
    key: str = ""
    work: str = ""
    numbers: tuple[str, ...] = ()
    prefix: str = ""  # the last word, to be matched as a prefix

    @property
    def empty(self) -> bool:
        return not self.words and not self.key


def plan(request: SearchRequest) -> Plan:
    text = request.q.strip()
    if not text:
        return Plan(words=())
    key = work = ""
    if is_urn(text):
        key, work = _urn_keys(text)
    elif any(c.isdigit() for c in text):
        key = canonical_key(normalize(text))
        work = work_of(key, work_key(key))
    # A URN is matched by its keys alone: its words (urn, std, ed) are not in titles.
    words = () if key and is_urn(text) else tuple(query_words(text))
    prefix = ""
    if request.prefix and words and not text[-1:].isspace() and len(words[-1]) >= 2:
        prefix = words[-1]
    numbers = tuple(w for w in words if _NUMBER.match(w))
    return Plan(words=words, key=key, work=work, numbers=numbers, prefix=prefix)


def _urn_keys(text: str) -> tuple[str, str]:
    from harmonia.identifiers import parse_urn

    try:
        key = str(parse_urn(text).plain())
    except IdentifierError:
        return "", ""
    work = work_of(key, work_key(key))
    # A URN without a year names the work: its current edition is meant, not an undated
    # draft whose key happens to be the same text.
    return (key if key != work else ""), work
