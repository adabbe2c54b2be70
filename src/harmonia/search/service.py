"""The one query interface the web app, the API and the CLI use."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from harmonia.catalogue.reader_language import titles_in

from . import answers
from .backends import Found, Hit, backend
from .query import FACETS, SORTS, SearchRequest, plan
from .sync import ensure_ready
from .text import highlight

MAX_PER_PAGE = 100


@dataclass
class Result:
    hit: Hit
    snippet: list[tuple[str, bool]]


@dataclass
class Results:
    request: SearchRequest
    total: int
    results: list[Result]
    facets: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    terms: tuple[str, ...] = ()

    @property
    def pages(self) -> int:
        return max(1, -(-self.total // self.request.per_page))


def request_from_params(params: Mapping[str, Any], **overrides: Any) -> SearchRequest:
    """A request from query parameters; each facet may be given several times
    (`?publisher=ISO&publisher=IEC`) or comma-separated."""

    def values(name: str) -> tuple[str, ...]:
        raw = params.getlist(name) if hasattr(params, "getlist") else params.get(name) or []
        if isinstance(raw, str):
            raw = [raw]
        out: list[str] = []
        for item in raw:
            out += [v.strip() for v in str(item).split(",") if v.strip()]
        return tuple(dict.fromkeys(out))

    def number(name: str, default: int, top: int) -> int:
        text = str(params.get(name) or "")
        return min(max(int(text), 1), top) if text.isdigit() else default

    filters = {name: values(name) for name in FACETS if values(name)}
    sort = str(params.get("sort") or "relevance")
    fields: dict[str, Any] = {
        "q": str(params.get("q") or "")[:500],
        "filters": filters,
        "sort": sort if sort in SORTS else "relevance",
        "page": number("page", 1, 10_000),
        "per_page": number("per_page", 20, MAX_PER_PAGE),
        "lang": "".join(c for c in str(params.get("lang") or "")[:8].lower() if c.isalpha()),
    }
    fields.update(overrides)
    return SearchRequest(**fields)


def search(request: SearchRequest) -> Results:
    ensure_ready()
    p = plan(request)
    found: Found = answers.answer(backend(), p, request)
    if not found.total and not request.prefix and request.q.strip():
        # Enter pressed in the instant box mid-word: what the box showed should
        # not vanish, so an empty answer is asked again with the last word unfinished.
        request = replace(request, prefix=True)
        p = plan(request)
        found = answers.answer(backend(), p, request)
    prefixes = (p.prefix,) if p.prefix else ()
    shown = titles_in(found.hits, request.lang)
    results = [in_reader_language(h, p.words, prefixes, shown) for h in found.hits]
    return Results(
        request=request, total=found.total, results=results, facets=found.facets, terms=p.words
    )


def in_reader_language(hit: Hit, words: Any, prefixes: Any, shown: Mapping[int, str]) -> Result:
    """The hit under the title the reader reads (harmonia.catalogue.reader_language),
    highlighted; when only the English title holds the words searched for, that one is
    shown, so the reader sees why the document was found."""
    english = highlight(hit.title, words, prefixes)
    title = shown.get(hit.pk, hit.title)
    if title == hit.title:
        return Result(hit=hit, snippet=english)
    theirs = highlight(title, words, prefixes)
    if any(m for _, m in english) and not any(m for _, m in theirs):
        return Result(hit=hit, snippet=english)
    return Result(hit=replace(hit, title=title), snippet=theirs)


def suggest(q: str, limit: int = 8) -> list[Hit]:
    """Documents for an autocomplete box: the last word may be unfinished."""
    if not q.strip():
        return []
    ensure_ready()
    request = SearchRequest(q=q, per_page=limit, prefix=True, facets=False)
    return answers.answer(backend(), plan(request), request).hits
