"""Quantities written the way the reader's language writes them.

Settings turn Django's automatic grouping off (USE_THOUSAND_SEPARATOR = False), so an
id, a year or a code printed in a template stays as written: `adoption-10717`, 2015.
A quantity — a count, a share, a mean — goes through this module instead, on pages
(the `qty` and `pct` filters), in exports, PDFs and e-mails: 61,637 and 56.1% in
English, 61.637 and 56,1% in Vietnamese.
"""

from __future__ import annotations

from decimal import Decimal

from django.utils import numberformat, translation
from django.utils.formats import get_format

Number = int | float | Decimal


def _format(value: Number, decimal_pos: int | None, lang: str | None) -> str:
    with translation.override(lang or translation.get_language()):
        return numberformat.format(
            value,
            get_format("DECIMAL_SEPARATOR"),
            decimal_pos=decimal_pos,
            grouping=get_format("NUMBER_GROUPING"),
            thousand_sep=get_format("THOUSAND_SEPARATOR"),
            force_grouping=True,
        )


def quantity(value: Number | None, lang: str | None = None, decimals: int | None = None) -> str:
    """A count or measure, grouped: with `decimals` places when given; without, a whole
    number as a whole (23.0 from an aggregate is a count: 23) and any other with one
    decimal (23.4)."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        try:
            value = Decimal(value)
        except ArithmeticError:
            return value
    if decimals is None and isinstance(value, float | Decimal):
        if value == int(value):
            value = int(value)
        else:
            decimals = 1
    return _format(value, decimals, lang)


def percent(ratio: Number | None, lang: str | None = None, decimals: int = 1) -> str:
    """A share given as a ratio (0.561) written as a percentage: 56.1% / 56,1%."""
    if ratio is None:
        return "—"
    return _format(float(ratio) * 100, decimals, lang) + "%"
