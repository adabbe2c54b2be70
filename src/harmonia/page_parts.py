"""Parts of a page that apps above the page's owner add to it: the catalogue's document
page shows a document's adoption links and its review, the committees' page a
committee's projects and ballots. The owner imports nothing above it; each app adds its
part when it is ready (in its AppConfig.ready).

A part is a function of (object, user) whose value the page reads under the part's name.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Part = Callable[[Any, Any], Any]


class PageParts:
    def __init__(self) -> None:
        self._parts: dict[str, Part] = {}

    def add(self, name: str, part: Part) -> None:
        self._parts[name] = part

    def parts_of(self, obj: Any, user: Any) -> dict[str, Any]:
        return {name: part(obj, user) for name, part in self._parts.items()}

    def part_of(self, name: str, obj: Any, user: Any) -> Any:
        """One part, or None where no app adds it."""
        part = self._parts.get(name)
        return part(obj, user) if part else None
