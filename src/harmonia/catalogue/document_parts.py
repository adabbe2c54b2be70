"""What the apps above the catalogue add to a document's page and to its API answer (its
adoption links, its systematic review). Each app adds its part when it is ready, so the
catalogue shows them while it imports nothing above it.

A part is a function of (document, user) whose value the page's template reads under
the part's name: `adoption` (adoptions), `review` (reviews).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Part = Callable[[Any, Any], Any]

_parts: dict[str, Part] = {}


def add(name: str, part: Part) -> None:
    _parts[name] = part


def parts_of(document: Any, user: Any) -> dict[str, Any]:
    return {name: part(document, user) for name, part in _parts.items()}


def part_of(name: str, document: Any, user: Any) -> Any:
    """One part, or None where no app adds it."""
    part = _parts.get(name)
    return part(document, user) if part else None
