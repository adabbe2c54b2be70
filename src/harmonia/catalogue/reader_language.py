"""Which title (and which name) a reader sees: the one held in the interface language,
else English, else the original. One rule for pages, search results, exports, PDFs,
e-mails, the API and the CLI.

A document's display title (`Document.title`) is English where English is held; its
titles in other languages are DocumentTitle rows, read here in one query for a whole
list of documents.
"""

from __future__ import annotations

import gettext as gettext_module
from collections.abc import Iterable
from functools import cache
from typing import Any

from django.utils import translation

from .loading import display_title
from .models import Document, DocumentTitle


def reader_language(lang: str | None = None) -> str:
    """The reader's language: the one asked for, else the interface's (en, vi)."""
    return (lang or translation.get_language() or "en").split("-")[0].lower()


def _joined(rows: Iterable[Any]) -> str:
    """A language's full title from its rows, by the loader's own rule (its `main`
    title, else intro - main - part joined)."""
    return display_title([{"language": "", "type": r.kind, "content": r.content} for r in rows])


def titles_in(documents: Iterable[Any], lang: str | None = None) -> dict[int, str]:
    """{document pk: title the reader sees} for many documents, in one query (none when
    the reader reads English, which `Document.title` already holds)."""
    docs = [d for d in documents if d is not None]
    lang = reader_language(lang)
    shown = {d.pk: d.title for d in docs}
    if lang == "en" or not docs:
        return shown
    held: dict[int, list[Any]] = {}
    rows = DocumentTitle.objects.filter(document_id__in=list(shown), language=lang)
    for row in rows.order_by("document_id", "position"):
        held.setdefault(row.document_id, []).append(row)
    for pk, rows_of in held.items():
        shown[pk] = _joined(rows_of) or shown[pk]
    return shown


def title_of(document: Document | None, lang: str | None = None) -> str:
    """The title one reader sees of one document (uses prefetched titles when there)."""
    if document is None:
        return ""
    lang = reader_language(lang)
    if lang == "en":
        return document.title
    cache = getattr(document, "_prefetched_objects_cache", {})
    if "titles" in cache:
        rows = [t for t in cache["titles"] if t.language == lang]
        return _joined(rows) if rows else document.title
    return titles_in([document], lang)[document.pk]


def name_of(thing: Any, lang: str | None = None) -> str:
    """A body's, country's, network's or ICS field's name in the reader's language where
    a translation is held (a `names` {lang: name} mapping, or `title_<lang>`), else the
    name held."""
    if thing is None:
        return ""
    lang = reader_language(lang)
    names = getattr(thing, "names", None)
    if isinstance(names, dict) and names.get(lang):
        return str(names[lang])
    for field in (f"title_{lang}", f"name_{lang}"):
        value = getattr(thing, field, "")
        if value:
            return str(value)
    for field in ("name", "title_en", "title"):
        value = getattr(thing, field, "")
        if value:
            return str(value)
    return str(thing)


@cache
def _country_catalogue(lang: str) -> Any:
    import pycountry

    return gettext_module.translation(
        "iso3166-1", pycountry.LOCALES_DIR, languages=[lang], fallback=True
    )


def country_of(thing: Any, lang: str | None = None) -> str:
    """A body's country in the reader's language, from its ISO 3166 code (the names
    and their translations ship in pycountry), else the country as held."""
    held = str(getattr(thing, "country", "") or "")
    code = str(getattr(thing, "country_code", "") or "")
    lang = reader_language(lang)
    if not code or lang == "en":
        return held
    import pycountry

    country = pycountry.countries.get(alpha_2=code.upper())
    if country is None:
        return held
    return str(_country_catalogue(lang).gettext(country.name)) or held
