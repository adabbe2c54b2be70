"""Template filters every page has without `{% load %}` (settings: TEMPLATES builtins):
quantities in the reader's language (harmonia.numbers)."""

from __future__ import annotations

from typing import Any

from django import template

from . import numbers

register = template.Library()


@register.filter
def qty(value: Any, decimals: Any = None) -> str:
    """`{{ n|qty }}`, `{{ mean|qty:1 }}`: a quantity grouped by the interface language."""
    if value is None or value == "":
        return ""
    return numbers.quantity(value, decimals=None if decimals is None else int(decimals))


@register.filter
def pct(ratio: Any, decimals: Any = 1) -> str:
    """`{{ share|pct }}`: a ratio (0.561) as 56.1% / 56,1%."""
    return numbers.percent(ratio, decimals=int(decimals))
