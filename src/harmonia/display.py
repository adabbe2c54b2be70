"""Template filters every page has without `{% load %}` (settings: TEMPLATES builtins):
quantities in the reader's language (harmonia.numbers), titles and names in it
(harmonia.catalogue.reader_language)."""

from __future__ import annotations

from typing import Any

from django import template

from . import numbers

register = template.Library()


@register.filter
def qty(value: Any, decimals: Any = None) -> str:
    """`{{ n|qty }}`, `{{ mean|qty:1 }}`: a quantity grouped by the interface language."""
    return numbers.quantity(value, decimals=None if decimals is None else int(decimals))


@register.filter
def pct(ratio: Any, decimals: Any = 1) -> str:
    """`{{ share|pct }}`: a ratio (0.561) as 56.1% / 56,1%."""
    return numbers.percent(ratio, decimals=int(decimals))


@register.filter
def title_for(document: Any) -> str:
    """`{{ doc|title_for }}`: the title in the reader's language, else English."""
    from harmonia.catalogue.reader_language import title_of

    return title_of(document)


@register.filter
def name_for(thing: Any) -> str:
    """`{{ body|name_for }}`: a name in the reader's language where one is held."""
    from harmonia.catalogue.reader_language import name_of

    return name_of(thing)


@register.filter
def with_titles(documents: Any) -> list[tuple[Any, str]]:
    """`{% for doc, title in page.object_list|with_titles %}`: each document with the
    title in the reader's language, read for the whole list in one query."""
    from harmonia.catalogue.reader_language import titles_in

    docs = list(documents)
    shown = titles_in(docs)
    return [(d, shown.get(d.pk, d.title)) for d in docs]


@register.filter
def country_for(body: Any) -> str:
    """`{{ body|country_for }}`: the body's country in the reader's language."""
    from harmonia.catalogue.reader_language import country_of

    return country_of(body)


@register.filter
def status_label(status: str) -> str:
    """`{{ doc.status|status_label }}`: current, under development or withdrawn, in the
    reader's language."""
    from django.utils.translation import gettext

    from harmonia.catalogue.vocabulary_names import STATUS_LABELS

    return gettext(STATUS_LABELS.get(status, status)) if status else ""


@register.filter
def label_of(value: Any, labels: Any) -> str:
    """`{{ slug|label_of:names }}`: a vocabulary value by its translated name from a
    {slug: English name} mapping the view gives, never the slug itself when named."""
    from django.utils.translation import gettext

    name = labels.get(value) if hasattr(labels, "get") else None
    return gettext(name) if name else str(value or "")


@register.filter
def title_kind(kind: str) -> str:
    """`{{ title.kind|title_kind }}`: full title, introductory element… in the
    reader's language; a kind not named shows as held."""
    from django.utils.translation import gettext

    from harmonia.catalogue.vocabulary_names import TITLE_KINDS

    return gettext(TITLE_KINDS[kind]) if kind in TITLE_KINDS else kind


@register.filter
def lang_name(code: str) -> str:
    """`{{ "fr"|lang_name }}`: French / Tiếng Pháp; an unknown code as it is (Django's own
    language_name_translated fails on one)."""
    from django.utils.translation import get_language_info

    try:
        return str(get_language_info(code)["name_translated"])
    except KeyError:
        return code
