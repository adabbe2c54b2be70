"""Fold text for matching: case- and diacritic-insensitive, with Vietnamese đ as d.

`đ`/`Đ` is a letter of its own, not a d with a mark, so Unicode decomposition leaves it
alone: it is mapped first. No dependency (unidecode is GPL).
"""

from __future__ import annotations

import re
import unicodedata

_LETTERS = str.maketrans({"đ": "d", "Đ": "D", "ø": "o", "Ø": "O", "ł": "l", "Ł": "L"})
_NON_WORD = re.compile(r"[^\w]+")


def fold(text: str) -> str:
    if text.isascii():
        # Nothing to decompose or map: the same result as _fold_any, several times faster.
        return text.casefold()
    return _fold_any(text)


def _fold_any(text: str) -> str:
    text = unicodedata.normalize("NFC", text).translate(_LETTERS)
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare).casefold()


def words(text: str) -> str:
    """Folded words separated by single spaces (punctuation dropped)."""
    return _NON_WORD.sub(" ", fold(text)).strip()
