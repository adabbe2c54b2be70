"""Tokens for indexing and querying, the same for every backend.

Text is folded (NFC, case, diacritics, đ → d) by `harmonia.textfold`. Runs of Han,
Hiragana and Katakana have no spaces between words, so they are cut into overlapping
bigrams (the usual n-gram approach for CJK text): a two-character query word then finds
the titles that contain it anywhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from harmonia.textfold import fold

_CJK = "\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\uff66-\uff9f"
_TOKEN = re.compile(rf"[{_CJK}]+|[^\W_]+")
_CJK_RUN = re.compile(rf"^[{_CJK}]+$")

# Words too common in titles to require (only dropped when other words remain).
STOP_WORDS = frozenset(
    {
        "a",
        "and",
        "the",
        "of",
        "for",
        "in",
        "on",
        "to",
        "with",
        "by",
        "or",
        "at",
        "as",
        "is",
        "de",
        "des",
        "du",
        "la",
        "le",
        "les",
        "et",
        "en",
        "aux",
        "au",
        "pour",
        "par",
        "sur",
        "dans",
        "d",
        "l",
        "un",
        "une",
    }
)


def stem(word: str) -> str:
    """Plural `s` off (systems → system): English and French titles mix the two forms.
    Vietnamese syllables never end in s; ss, us and is endings are kept."""
    if len(word) > 3 and word[-1] == "s" and word[-2] not in "siu" and not word.isdigit():
        return word[:-1]
    return word


def _cjk_grams(run: str) -> list[str]:
    if len(run) == 1:
        return [run]
    return [run[i : i + 2] for i in range(len(run) - 1)]


def tokens(text: str) -> list[str]:
    """Folded word tokens, CJK runs as bigrams, in text order."""
    out: list[str] = []
    for match in _TOKEN.finditer(fold(text)):
        word = match.group()
        if _CJK_RUN.match(word):
            out.extend(_cjk_grams(word))
        else:
            out.append(stem(word))
    return out


def joined(texts: Iterable[str]) -> str:
    return " ".join(t for text in texts for t in tokens(text))


def query_words(text: str) -> list[str]:
    """Query tokens without repeats; stop words go when other words remain."""
    seen: list[str] = []
    for token in tokens(text):
        if token not in seen:
            seen.append(token)
    content = [t for t in seen if t not in STOP_WORDS]
    return content or seen


def highlight(
    text: str, terms: Iterable[str], prefixes: Iterable[str] = ()
) -> list[tuple[str, bool]]:
    """`text` cut into (piece, matched) pieces: a word matches when its folded form is one
    of `terms` or starts with one of `prefixes`; CJK characters match inside a matched
    bigram."""
    wanted = set(terms)
    starts = tuple(p for p in prefixes if p)
    pieces: list[tuple[str, bool]] = []
    pos = 0
    for match in re.finditer(rf"[{_CJK}]+|[^\W_]+", text):
        start, end = match.span()
        word = match.group()
        folded, stemmed = _folded(word)
        if _CJK_RUN.match(folded):
            hits = [False] * len(word)
            for i, gram in enumerate(_cjk_grams(folded)):
                if gram in wanted:
                    for j in range(i, min(i + len(gram), len(word))):
                        hits[j] = True
            segments = _runs(word, hits)
        else:
            hit = stemmed in wanted or (bool(starts) and folded.startswith(starts))
            segments = [(word, hit)]
        if start > pos:
            pieces.append((text[pos:start], False))
        pieces.extend(segments)
        pos = end
    if pos < len(text):
        pieces.append((text[pos:], False))
    return _merge(pieces)


@lru_cache(maxsize=65_536)
def _folded(word: str) -> tuple[str, str]:
    """A title word folded and stemmed: the same few thousand words come back in every
    page of results."""
    folded = fold(word)
    return folded, stem(folded)


def _runs(word: str, hits: list[bool]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for ch, hit in zip(word, hits, strict=True):
        if out and out[-1][1] == hit:
            out[-1] = (out[-1][0] + ch, hit)
        else:
            out.append((ch, hit))
    return out


def _merge(pieces: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    out: list[tuple[str, bool]] = []
    for piece, hit in pieces:
        if out and out[-1][1] == hit:
            out[-1] = (out[-1][0] + piece, hit)
        elif piece:
            out.append((piece, hit))
    return out
