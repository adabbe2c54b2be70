"""Following things, and an organisation's list of the standards it uses.

A document is followed by its identifier: with a year it is that edition (whose new
editions, amendments and withdrawal are told too), without one it is any edition
("ISO 9001"). Identifiers are read by harmonia.identifiers, so "iso 9001:2015",
"ISO 9001：2015" and the document's URN all name the same document.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.http import Http404
from django.utils.translation import gettext

from harmonia.catalogue.models import ICS, Body, Committee, Document, DocumentIdentifier
from harmonia.catalogue.services import get_document
from harmonia.identifiers import IdentifierError, canonical_key, normalize, work_key
from harmonia.numbers import quantity

from .models import Follow, FollowList

MAX_ROWS = 20_000
HEADERS = {"identifier", "standard", "document", "reference", "số hiệu", "tiêu chuẩn"}


class FollowError(ValueError):
    """What the person asked to follow is not there; the message names the field."""


@dataclass
class Target:
    kind: str
    value: str
    label: str
    committee: Committee | None = None
    body: Body | None = None
    enquiry: Any = None


def _key(text: str) -> str:
    # National identifiers (TCVN, JIS ...) are keyed by the generic rules, so any text
    # has a key; one without a number names no standard.
    if not any(ch.isdigit() for ch in text):
        raise FollowError(
            gettext("identifier: %(text)r is not a standard's identifier (no number)")
            % {"text": text}
        )
    try:
        return canonical_key(normalize(text))
    except IdentifierError as exc:
        raise FollowError(
            gettext("identifier: %(text)r is not a standard's identifier (%(exc)s)")
            % {"text": text, "exc": exc}
        ) from exc


def _undated(key: str) -> bool:
    try:
        return bool(work_key(key)) and work_key(key) == key
    except IdentifierError:
        return False


def document_target(text: str, any_edition: bool = False) -> Target:
    text = text.strip()
    if not text:
        raise FollowError(gettext("identifier: give the identifier of a standard, e.g. ISO 9001"))
    key = _key(text)
    try:
        # The document page's own lookup: any spelling, another identifier, a URN.
        doc: Document | None = get_document(text)
    except Http404:
        doc = None
    if doc is None and _undated(key) and Document.objects.filter(work=key).exists():
        return Target("work", key, key)
    if doc is None:
        raise FollowError(gettext("identifier: %(text)r is not in the catalogue") % {"text": text})
    if any_edition or _undated(key):
        if not doc.work:
            raise FollowError(
                gettext("identifier: %(identifier)s has no editions of its own")
                % {"identifier": doc.identifier}
            )
        return Target("work", doc.work, doc.work)
    return Target("document", doc.key, doc.identifier)


def ics_target(code: str) -> Target:
    field = ICS.objects.filter(code=code.strip()).first()
    if field is None:
        raise FollowError(gettext("ics: no ICS field %(code)r") % {"code": code})
    return Target("ics", field.code, f"{field.code} {field.title_en}")


def committee_target(reference: str) -> Target:
    committee = Committee.objects.filter(reference=reference.strip()).first()
    if committee is None:
        raise FollowError(
            gettext("committee: no committee %(reference)r") % {"reference": reference}
        )
    return Target("committee", committee.reference, committee.reference, committee=committee)


def body_target(code: str) -> Target:
    body = Body.objects.filter(code=code.strip()).first()
    if body is None:
        raise FollowError(gettext("body: no body %(code)r") % {"code": code})
    return Target("body", body.code, body.acronym or body.code, body=body)


def search_target(query: str) -> Target:
    from urllib.parse import parse_qs, urlencode

    from harmonia.search.query import FACETS

    params = parse_qs(query.lstrip("?"))
    kept = [(k, v) for k in ["q", *FACETS] for v in params.get(k, []) if v.strip()]
    if not kept:
        raise FollowError(gettext("q: a saved search needs words or a filter"))
    value = urlencode(kept)
    label = " · ".join(v if k == "q" else f"{k}={v}" for k, v in kept)
    return Target("search", value[:500], label[:500])


def enquiry_target(pk: int) -> Target:
    from harmonia.comments.models import Enquiry

    enquiry = Enquiry.objects.filter(pk=pk).first()
    if enquiry is None:
        raise FollowError(gettext("enquiry: no enquiry #%(pk)s") % {"pk": pk})
    return Target("enquiry", str(enquiry.pk), enquiry.reference, enquiry=enquiry)


def target_for(kind: str, value: str, any_edition: bool = False) -> Target:
    if kind in {"document", "work"}:
        return document_target(value, any_edition or kind == "work")
    if kind == "enquiry":
        if not value.strip().isdigit():
            raise FollowError(
                gettext("enquiry: %(value)r is not an enquiry number") % {"value": value}
            )
        return enquiry_target(int(value))
    makers = {
        "ics": ics_target,
        "committee": committee_target,
        "body": body_target,
        "search": search_target,
    }
    if kind not in makers:
        raise FollowError(
            gettext("kind: %(kind)r is not one of %(values)s")
            % {"kind": kind, "values": ", ".join(k for k, _ in Follow.KINDS)}
        )
    return makers[kind](value)


def follow(user: Any, target: Target) -> Follow:
    row, _created = Follow.objects.get_or_create(
        user=user,
        kind=target.kind,
        value=target.value,
        defaults={
            "label": target.label[:500],
            "committee": target.committee,
            "body": target.body,
            "enquiry": target.enquiry,
        },
    )
    return row


def unfollow(user: Any, kind: str, value: str) -> int:
    return Follow.objects.filter(user=user, kind=kind, value=value).delete()[0]


# -- an organisation's list -----------------------------------------------------------


@dataclass
class ListReport:
    follow_list: FollowList | None
    rows: int = 0
    matched: int = 0
    already: int = 0
    unmatched: list[dict[str, Any]] = field(default_factory=list)


def read_rows(path: Path, name: str | None = None) -> list[tuple[int, str]]:
    """(line, identifier) of a CSV or Excel file: the column headed identifier (or
    standard, document, reference), else the first; a header row is recognised and
    skipped. Raises FollowError naming the file and line."""
    name = name or str(path)
    if path.suffix.lower() == ".xlsx":
        rows = _xlsx_rows(path, name)
    else:
        data = path.read_bytes()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            line = data[: exc.start].count(b"\n") + 1
            raise FollowError(
                gettext("%(name)s, line %(line)s: not UTF-8 text") % {"name": name, "line": line}
            ) from exc
        try:
            dialect: Any = csv.Sniffer().sniff(text[:4096], delimiters=",;\t")
        except csv.Error:
            dialect = csv.excel
        try:
            rows = [(n, row) for n, row in enumerate(csv.reader(io.StringIO(text), dialect), 1)]
        except csv.Error as exc:
            raise FollowError(
                gettext("%(name)s: not a CSV file (%(exc)s)") % {"name": name, "exc": exc}
            ) from exc
    if len(rows) > MAX_ROWS:
        raise FollowError(
            gettext("%(name)s: %(value)s rows; at most %(MAX_ROWS)s at a time")
            % {"name": name, "value": quantity(len(rows)), "MAX_ROWS": quantity(MAX_ROWS)}
        )
    column = 0
    if rows:
        header = [str(c or "").strip().lower() for c in rows[0][1]]
        for i, title in enumerate(header):
            if title in HEADERS:
                column = i
                rows = rows[1:]
                break
    out = []
    for line, row in rows:
        value = str(row[column]).strip() if len(row) > column and row[column] is not None else ""
        if value:
            out.append((line, value[:255]))
    return out


def _xlsx_rows(path: Path, name: str) -> list[tuple[int, Any]]:
    from openpyxl import load_workbook

    from harmonia.officefiles import zip_problem

    problem = zip_problem(path)
    if problem:
        raise FollowError(problem.replace(str(path), name))
    try:
        book = load_workbook(path, read_only=True, data_only=True)
        sheet = book.worksheets[0]
        return [(n, list(row)) for n, row in enumerate(sheet.iter_rows(values_only=True), 1)]
    except Exception as exc:  # openpyxl raises many kinds for a damaged file
        raise FollowError(
            gettext("%(name)s: not an Excel workbook (%(name2)s)")
            % {"name": name, "name2": type(exc).__name__}
        ) from exc


def import_list(
    user: Any, name: str, file_name: str, rows: list[tuple[int, str]], any_edition: bool = False
) -> ListReport:
    """Follow every identifier of `rows` that the catalogue holds, as one list; the rest
    are reported with their line. All or nothing: the list and its follows are written
    in one transaction."""
    keyed: list[tuple[int, str, str]] = []
    report = ListReport(follow_list=None, rows=len(rows))
    for line, text in rows:
        try:
            keyed.append((line, text, _key(text)))
        except FollowError:
            report.unmatched.append(
                {"line": line, "value": text, "reason": "not a standard's identifier"}
            )
    keys = sorted({k for _, _, k in keyed})
    docs: dict[str, tuple[str, str]] = {}  # key → (identifier, work)
    works: set[str] = set()
    for i in range(0, len(keys), 900):
        chunk = keys[i : i + 900]
        for ident, key, work in Document.objects.filter(key__in=chunk).values_list(
            "identifier", "key", "work"
        ):
            docs[key] = (ident, work)
        works |= set(Document.objects.filter(work__in=chunk).values_list("work", flat=True))
    missing = sorted({text for _, text, k in keyed if k not in docs and k not in works})
    aliases: dict[str, tuple[str, str, str]] = {}  # other identifiers, e.g. URNs
    for i in range(0, len(missing), 900):
        for value, ident, key, work in DocumentIdentifier.objects.filter(
            value__in=missing[i : i + 900]
        ).values_list("value", "document__identifier", "document__key", "document__work"):
            aliases[value] = (ident, key, work)
    targets: dict[tuple[str, str], str] = {}
    for line, text, key in keyed:
        if key in docs:
            ident, work = docs[key]
        elif key in works:
            ident, work = key, key
        elif text in aliases:
            ident, key, work = aliases[text]
        else:
            report.unmatched.append({"line": line, "value": text, "reason": "not in the catalogue"})
            continue
        if (any_edition or key == work) and work:
            targets.setdefault(("work", work), work)
        else:
            targets.setdefault(("document", key), ident)
    report.unmatched.sort(key=lambda u: u["line"])
    with transaction.atomic():
        held = set(
            Follow.objects.filter(user=user, kind__in=["document", "work"]).values_list(
                "kind", "value"
            )
        )
        report.follow_list = FollowList.objects.create(
            user=user,
            name=name.strip()[:200] or file_name[:200],
            file_name=file_name[:255],
            rows=len(rows),
            unmatched=report.unmatched[:5000],
        )
        new = [
            Follow(user=user, kind=kind, value=value, label=label, follow_list=report.follow_list)
            for (kind, value), label in targets.items()
            if (kind, value) not in held
        ]
        Follow.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    report.matched = len(targets)
    report.already = len(targets) - len(new)
    return report
