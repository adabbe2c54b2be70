"""The "download my data" file beyond the account itself: each app that keeps something
about a person adds its section when it is ready (adoption decisions, training), so the
accounts gather it while importing nothing above them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Section = Callable[[Any], Any]

_sections: dict[str, Section] = {}


def add(name: str, section: Section) -> None:
    _sections[name] = section


def sections(user: Any) -> dict[str, Any]:
    return {name: section(user) for name, section in _sections.items()}
