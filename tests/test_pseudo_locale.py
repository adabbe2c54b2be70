"""Every visible text passes through translation: the pseudo-locale walk.

English is replaced by a pseudo-locale in which every string that goes through
gettext (templates, Python code, Django's own messages, the seeded vocabularies'
names) comes out wrapped in ⟦…⟧. Every page of the authorization matrix is then
read as an anonymous visitor and as the platform admin (who sees the most), with the
fragments htmx puts into pages, and a few actions whose answer is a message or an
error. What is left of a page's text once the wrapped parts are taken away must be
data: a value held in the database (a title, an identifier, a person's or body's
name, a comment) or a number. Anything else is a text a Vietnamese reader would see
in English, and fails the walk with the page and the text.

Data is the content of the rows people and imports write. The vocabularies (stage
names, document types, roles…) are not data here: their names are shown translated,
so a raw vocabulary value on a page fails too, as do stored codes (`current`,
`international-standard`), which are never shown as they are stored.
"""

from __future__ import annotations

import re
import unicodedata
from html.parser import HTMLParser
from typing import Any

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import models
from django.utils.translation import get_language_info, trans_real

from tests.accounts.conftest import tenants  # noqa: F401
from tests.accounts.test_authorization_matrix import WEB
from tests.adoptions.conftest import international, national  # noqa: F401

pytestmark = pytest.mark.django_db

OPEN, CLOSE = "⟦", "⟧"

# Tables of named values with their source: shown by their translated names.
VOCABULARIES = {
    "catalogue.stage", "catalogue.stagecode", "catalogue.documenttype",
    "catalogue.relationtype", "accounts.role", "accounts.committeerole",
    "adoptions.degree", "adoptions.adoptionmethod", "committees.memberstatus",
    "projects.stagetransition", "projects.stageperiod", "ballots.ballotrule",
    "ballots.ballottype", "comments.commenttype", "comments.resolution",
    "reviews.reviewperiod", "reviews.reviewoutcome", "training.feedbackcriterion",
    "alerts.eventkind",
}  # fmt: skip
# Rows the software writes about itself: never shown as stored.
MACHINE_RECORDS = {
    "accounts.auditevent", "accounts.loginfailure", "accounts.apitoken",
    "accounts.invitation", "accounts.totpdevice", "adoptions.adoptionevent",
    "ballots.ballotevent", "comments.commentevent", "catalogue.sourcerecord",
    "catalogue.importrun", "alerts.event", "alerts.delivery", "alerts.notification",
    "alerts.job", "alerts.tick", "alerts.subscriber", "committees.snapshot",
}  # fmt: skip
# Fields of data rows that hold codes or English names shown through a translation.
# (A country as held is English: right in English; the Vietnamese walk below checks
# that a Vietnamese page shows it in Vietnamese.)
CODED_FIELDS = {"status", "kind", "languages", "field_sources", "source"}
# Histories whose values before and after are the rows' own, codes among them.
HISTORIES = {"accounts.auditevent", "comments.commentevent"}
# A stored code: lowercase words joined by - or _ (`international-standard`).
CODE = re.compile(r"^[a-z0-9]+(?:[-_][a-z0-9]+)*$")
CAPITALS = re.compile(r"^[A-Z]+$")
WORD = re.compile(r"[^\W\d_]{2,}")
# Not words of a language: the product's name, and names of formats and keys.
ALLOWED = {
    "Harmonia", "PDF", "CSV", "XLSX", "xlsx", "docx", "JSON", "API", "URL", "ICS",
    "TOTP", "SMTP", "Atom", "Excel", "Ctrl", "Enter", "Tab",
}  # fmt: skip
# Fields of vocabularies that hold codes, shown as they are: IDT, IS, ge/te/ed (the
# comment types of ISO's commenting template).
CODES_SHOWN = {"code", "abbreviation"}
CODES_SHOWN_OF = {"comments.commenttype": {"slug"}}
# Rows the software writes that hold data: file and source names, a token's name, the
# values a history records.
DATA_OF_RECORDS = {
    "accounts.auditevent": {"before", "after"},
    "comments.commentevent": {"before", "after"},
    "catalogue.importrun": {"sources"},
    "accounts.apitoken": {"name", "prefix"},
    "committees.snapshot": {"source", "counts"},
}


class Pseudo(trans_real.DjangoTranslation):
    """English, with every string that has a Vietnamese translation marked: a text
    that goes through gettext but was never put in the catalogue stays unmarked, as
    it would stay English on a Vietnamese page."""

    vietnamese: Any = None

    def gettext(self, message: str) -> str:
        result = super().gettext(message)
        if not message or message not in self.vietnamese._catalog:
            return result
        # pgettext asks for "context\x04message" and takes an answer still holding the
        # separator as "untranslated": the message alone is marked instead.
        return OPEN + result.split(trans_real.CONTEXT_SEPARATOR)[-1] + CLOSE

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        result = super().ngettext(singular, plural, n)
        if (singular, 0) not in self.vietnamese._catalog:
            return result
        return OPEN + result.split(trans_real.CONTEXT_SEPARATOR)[-1] + CLOSE


@pytest.fixture
def pseudo_english():
    saved = trans_real._translations.get("en")
    english = trans_real.translation("en")
    pseudo = Pseudo.__new__(Pseudo)
    pseudo.__dict__.update(english.__dict__)
    pseudo.vietnamese = trans_real.translation("vi")
    trans_real._translations["en"] = pseudo
    try:
        yield
    finally:
        if saved is None:
            trans_real._translations.pop("en", None)
        else:
            trans_real._translations["en"] = saved
        trans_real.activate("en")
        trans_real.deactivate()


class VisibleText(HTMLParser):
    """The texts a reader sees or hears: text nodes outside scripts and styles, and
    the attributes read out or shown (title, placeholder, aria-label, alt, button
    values). A translation may hold markup, so a mark opened in one text node can
    close in a later one: text nodes are read with the marks still open. What is
    written as code, keys or program output (`<code>`, `<kbd>`, `<samp>`) is literal
    and not read."""

    SPOKEN = ("title", "placeholder", "aria-label", "alt")
    NOT_READ = ("script", "style", "code", "kbd", "samp")

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.texts: list[str] = []
        self.hidden = 0
        self.depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in self.NOT_READ:
            self.hidden += 1
        values = dict(attrs)
        for name in self.SPOKEN:
            if values.get(name):
                self.texts.append(values[name] or "")
        if tag == "input" and values.get("type") in ("submit", "button", "reset"):
            self.texts.append(values.get("value") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.NOT_READ:
            self.hidden = max(0, self.hidden - 1)

    def handle_data(self, data: str) -> None:
        kept = []
        for char in data:
            if char == OPEN:
                self.depth += 1
            elif char == CLOSE:
                self.depth = max(0, self.depth - 1)
            kept.append(char if self.depth == 0 and char != CLOSE else " ")
        text = "".join(kept)
        if not self.hidden and text.strip():
            self.texts.append(text)


def stored_values() -> list[str]:
    """Every text the data rows hold, longest first."""
    values: set[str] = set()

    def add(value: Any, code_like: bool = True) -> None:
        if isinstance(value, str):
            value = value.strip()
            if value and not (code_like and CODE.match(value)):
                values.add(value)
        elif isinstance(value, dict):
            for v in value.values():
                add(v)
        elif isinstance(value, list):
            for v in value:
                add(v)

    def add_as_written(value: Any) -> None:
        if isinstance(value, str) and value.strip():
            values.add(value.strip())
        elif isinstance(value, dict | list):
            for v in value.values() if isinstance(value, dict) else value:
                add_as_written(v)
            if isinstance(value, dict):
                for k in value:
                    add_as_written(k)

    texts = (models.CharField, models.TextField, models.JSONField)
    for model in apps.get_models():
        label = model._meta.label_lower
        if not model.__module__.startswith("harmonia."):
            continue
        fields = [f.name for f in model._meta.get_fields() if isinstance(f, texts)]
        if label in VOCABULARIES:
            shown = CODES_SHOWN | CODES_SHOWN_OF.get(label, set())
            codes = [f for f in fields if f in shown]
            for row in model._default_manager.values_list(*codes) if codes else []:
                for value in row:
                    add_as_written(value)
            continue
        if label in MACHINE_RECORDS or label in DATA_OF_RECORDS:
            written = [f for f in fields if f in DATA_OF_RECORDS.get(label, set())]
            for row in model._default_manager.values_list(*written) if written else []:
                for value in row:
                    # A history's values are the row's as stored, a code among them
                    # shown by its name: a bare code on the page is still found.
                    add(value) if label in HISTORIES else add_as_written(value)
            continue
        data = [
            f
            for f in model._meta.get_fields()
            if isinstance(f, texts) and not f.choices and f.name not in CODED_FIELDS
        ]
        # A short field may hold a code; a text field holds what someone wrote ("ok").
        code_like = [not isinstance(f, models.TextField) for f in data]
        for row in model._default_manager.values_list(*[f.name for f in data]) if data else []:
            for value, may_be_code in zip(row, code_like, strict=True):
                add(value, may_be_code)
    people = get_user_model().objects.values_list("username", "first_name", "last_name", "email")
    for row in people:
        for value in row:
            add_as_written(value)
    # Each language's name in that language, as the language menu shows it.
    values |= {get_language_info(code)["name_local"] for code, _ in settings.LANGUAGES}
    return sorted({unicodedata.normalize("NFC", v) for v in values}, key=len, reverse=True)


def unmarked(text: str, values: list[str]) -> list[str]:
    """The words of a text that came neither through translation nor from the data."""
    text = unicodedata.normalize("NFC", text)
    previous = None
    while previous != text:
        previous = text
        text = re.sub(r"⟦[^⟦⟧]*⟧", " ", text)
    for value in values:
        if value in text:
            text = re.sub(rf"(?<!\w){re.escape(value)}(?!\w)", " ", text)
    # Words in capitals are codes and acronyms (TCVN, IEC, IDT, SPRING SG), written so
    # in every language.
    return [w for w in WORD.findall(text) if w not in ALLOWED and not CAPITALS.match(w)]


def page_problems(path: str, body: str, values: list[str]) -> list[str]:
    reader = VisibleText()
    reader.feed(body)
    found = []
    for text in reader.texts:
        words = unmarked(text, values)
        if words:
            found.append(f"{path}: {' '.join(text.split())[:120]!r} — {' '.join(words)}")
    return found


def walk(t: Any, role: str, check: Any, lang: str = "en") -> tuple[int, list[str]]:
    client = t.client(role)
    client.cookies["django_language"] = lang
    read, problems = 0, []
    for rule in WEB.values():
        if rule.method != "GET" or rule.ok != {200}:
            continue
        if role == "anonymous" and rule.needs != "public":
            continue
        path = rule.path(t) if callable(rule.path) else rule.path
        if path.startswith("/admin/"):
            continue  # Django's admin is translated by Django
        response = client.get(path)
        if not response["Content-Type"].startswith("text/html"):
            continue
        read += 1
        problems += check(path, response.content.decode())
    return read, problems


def test_the_pseudo_locale_marks_what_is_translated(pseudo_english, client):
    """The check's own premise: a page's translated text comes out marked, and a text
    written outside translation is found."""
    page = client.get("/", HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "⟦" in page
    assert unmarked("⟦Search⟧ ⟦%s⟧ ISO 9001:2015", ["ISO 9001:2015"]) == []
    assert unmarked("⟦Sent by ⟦A⟧⟧: Quality systems", ["Quality"]) == ["systems"]
    assert page_problems("/x", '<p title="Go">⟦Home⟧</p><script>let a</script>', []) == [
        "/x: 'Go' — Go"
    ]


@pytest.mark.parametrize("role", ["anonymous", "platform"])
def test_every_page_text_is_translated_or_data(pseudo_english, tenants, role, tmp_path):  # noqa: F811
    values = stored_values()
    read, problems = walk(tenants, role, lambda path, body: page_problems(path, body, values))
    (tmp_path / "problems.txt").write_text("\n".join(problems))
    assert read >= (20 if role == "anonymous" else 55)
    assert problems == [], f"{len(problems)} texts outside translation:\n" + "\n".join(problems)


def english_held_with_vietnamese() -> set[str]:
    """Names and titles held in English for which Vietnamese is held too: a country
    with its Vietnamese name (pycountry), a body's or network's name in
    `names["vi"]`, a document's English title beside a Vietnamese one."""
    from harmonia.analytics.models import Network
    from harmonia.catalogue.models import Body, Document
    from harmonia.catalogue.reader_language import country_of

    english = set()
    for body in Body.objects.all():
        if body.country and country_of(body, "vi") != body.country:
            english.add(body.country)
        if (body.names or {}).get("vi") not in (None, "", body.name):
            english.add(body.name)
    for network in Network.objects.all():
        if (network.names or {}).get("vi") not in (None, "", network.name):
            english.add(network.name)
    for doc in Document.objects.filter(titles__language="vi").exclude(title=""):
        if not doc.titles.filter(language="vi", content=doc.title).exists():
            english.add(doc.title)
    return {e for e in english if len(e) > 3}


@pytest.mark.parametrize("role", ["anonymous", "platform"])
def test_vietnamese_pages_show_names_held_in_vietnamese(tenants, role):  # noqa: F811
    """The other half of "titles and names in the reader's language": where a
    Vietnamese name or title is held, no Vietnamese page shows the English one."""
    english = english_held_with_vietnamese()
    assert "Viet Nam" in english  # the check has something to find

    def check(path: str, body: str) -> list[str]:
        reader = VisibleText()
        reader.feed(body)
        shown = "\n".join(reader.texts)
        return [f"{path}: {e!r}" for e in sorted(english) if e in shown]

    read, problems = walk(tenants, role, check, lang="vi")
    assert read >= (20 if role == "anonymous" else 55)
    assert problems == [], "\n".join(problems)


@pytest.mark.parametrize("role", ["anonymous", "platform"])
def test_what_actions_say_is_translated(pseudo_english, tenants, role):  # noqa: F811
    """Every form of the matrix sent as its rule sends it, and the page it ends on
    read: the message or error an action raises from Python code passes through a
    translation too (the sign-in refusal, a vote refused, an enquiry's errors…)."""
    client = tenants.client(role)
    client.cookies["django_language"] = "en"
    problems, sent = [], 0
    # Changing the language or signing out would change who reads what comes after.
    for name, rule in WEB.items():
        if rule.method != "POST" or (role == "anonymous" and rule.needs != "public"):
            continue
        if name in ("set_language", "accounts:logout"):
            continue
        path = rule.path(tenants) if callable(rule.path) else rule.path
        if path.startswith("/admin/"):
            continue
        data = rule.data(tenants) if callable(rule.data) else rule.data
        response = client.post(path, data or {}, follow=True)
        sent += 1
        if response["Content-Type"].startswith("text/html"):
            # What the action wrote (a comment's new text) is data from now on.
            values = stored_values()
            problems += page_problems(f"POST {path}", response.content.decode(), values)
    assert sent >= (1 if role == "anonymous" else 34)
    assert problems == [], "\n".join(problems)
