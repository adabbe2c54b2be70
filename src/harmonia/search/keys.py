"""Keys the index groups documents by; no Django, so queries and tests share them."""

from __future__ import annotations

import re

_YEAR = re.compile(r":\d{4}$")


def work_of(key: str, work: str = "") -> str:
    """The work key, also for national identifiers the grammar does not know
    (`TCVN ISO 9001:2015` → `TCVN ISO 9001`); empty for a supplement."""
    if work:
        return work
    if "/" in key.split(" ", 1)[-1] and not key.split(" ", 1)[-1].split("/")[0].isalpha():
        return ""
    return _YEAR.sub("", key)


def committee_facet(reference: str) -> str:
    """The technical committee of a sub-committee or working group (`ISO/TC 176/SC 2`
    → `ISO/TC 176`)."""
    parts = reference.split("/")
    return "/".join(parts[:2]) if len(parts) > 2 else reference
