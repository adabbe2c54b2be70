"""Relaton YAML → Harmonia's record (the same dict the jsonl format holds).

Relaton data varies between schema versions and sources: a field may be a mapping
where it is usually a list, `language` a string or a list, `ext` fields at the top
level in older files, status a harmonized stage (ISO) or a word (IEC, JIS). The
helpers below accept every form seen in ../shared/data and reject, with the field
named, what cannot be a bibliographic record.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from harmonia.identifiers import PUBLISHER_TOKENS, base_key, normalize, publishers

from .sources import iter_path
from .yamlparse import YamlError, parse_document


class RecordError(ValueError):
    """A record that cannot be imported; `field` names the offending field."""

    def __init__(self, source: str, field: str, message: str) -> None:
        super().__init__(f"{source}: {field}: {message}")
        self.source = source
        self.field = field
        self.message = message


# Words used as status by sources without harmonized stage codes, mapped to the
# stage code that means the same (ISO/IEC harmonized stage code system).
STATUS_STAGE = {
    "PUBLISHED": "60.60",  # IEC webstore
    "REVISED": "95.99",  # IEC: superseded by a new edition
    "REPLACED": "95.99",
    "WITHDRAWN": "95.99",
    "valid": "60.60",  # JIS catalogue
    "withdrawn": "95.99",
}

# Publishers whose identifier prefix is not the body's code (JIS are issued by JISC).
PUBLISHER_BODY = {"JIS": "JISC"}

_COMMITTEE_WORD = re.compile(r"^(?:TC|SC|SyC|PC|JTC|WG|JWG|TMB|CAG|ACOS|ACEC|ACTAD|ACSEC)\b")
_SCHEMA = re.compile(r"\d+")


def as_list(value: Any) -> list[Any]:
    if value is None:
        return []
    return value if isinstance(value, list) else [value]


def text_of(value: Any) -> str:
    """Relaton writes text as a string, {content: ...} or a list of either."""
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        return str(value)
    if isinstance(value, dict):
        return text_of(value.get("content"))
    if isinstance(value, list):
        return text_of(value[0]) if value else ""
    return ""


def _first_lang(value: Any) -> str:
    langs = as_list(value)
    return str(langs[0]) if langs else ""


def schema_rank(record: dict[str, Any], source_name: str, docid_type: str, ident: str) -> str:
    """Sortable precedence of a record among records of the same identifier.

    The publisher's own record wins over a reseller's copy (IEC sells ISO documents),
    then the newer schema version, then the later fetch, then a canonical file name.
    """
    authority = "1" if ident.split(" ", 1)[0].split("/", 1)[0] == docid_type else "0"
    version = ".".join(
        f"{int(n):03d}" for n in _SCHEMA.findall(str(record.get("schema-version") or "0"))
    )
    fetched = str(record.get("fetched") or "")
    canonical = "0" if ":" in source_name.rsplit("/", 1)[-1] else "1"
    return f"{authority}|{version}|{fetched}|{canonical}"


def _identifiers(record: dict[str, Any], source: str) -> list[dict[str, Any]]:
    out: list[dict[str, Any]] = []
    for i, item in enumerate(as_list(record.get("docid"))):
        if not isinstance(item, dict):
            raise RecordError(source, f"docid[{i}]", "expected a mapping with id and type")
        value = item.get("id")
        if not isinstance(value, str | int) or not str(value).strip():
            raise RecordError(source, f"docid[{i}].id", "missing or not text")
        entry: dict[str, Any] = {"type": str(item.get("type") or ""), "id": normalize(str(value))}
        if item.get("primary") is True:
            entry["primary"] = True
        out.append(entry)
    if not out:
        raise RecordError(source, "docid", "no document identifier")
    if not any(e.get("primary") for e in out):
        out[0]["primary"] = True
    return out


def _titles(record: dict[str, Any], source: str) -> list[dict[str, str]]:
    out = []
    for i, item in enumerate(as_list(record.get("title"))):
        if isinstance(item, str):
            item = {"content": item}
        if not isinstance(item, dict):
            raise RecordError(source, f"title[{i}]", "expected text or a mapping")
        content = text_of(item)
        if not content.strip():
            continue
        out.append(
            {
                "language": _first_lang(item.get("language")),
                "type": str(item.get("type") or ""),
                "content": normalize(content),
            }
        )
    if not out:
        raise RecordError(source, "title", "no title")
    return out


def _publishers(record: dict[str, Any], ident: str, docid_type: str) -> tuple[str, list[str]]:
    found: list[str] = []
    for item in as_list(record.get("contributor")):
        if not isinstance(item, dict):
            continue
        roles = [r.get("type") if isinstance(r, dict) else r for r in as_list(item.get("role"))]
        org = item.get("organization")
        if "publisher" not in roles or not isinstance(org, dict):
            continue
        # Only an abbreviation names a body; JIS lists its drafting bodies by full name.
        code = text_of(org.get("abbreviation"))
        code = PUBLISHER_BODY.get(code, code)
        if code and code not in found:
            found.append(code)
    named = [PUBLISHER_BODY.get(c, c) for c in publishers(ident)]
    for code in named:
        if code not in found:
            found.append(code)
    if not found:
        # IWA 11:2012 names no publisher; its docid type does (ISO).
        known = docid_type if docid_type in PUBLISHER_TOKENS else ""
        code = known or ident.split(" ", 1)[0].split("/", 1)[0]
        found.append(PUBLISHER_BODY.get(code, code))
    # The identifier's first publisher is the one that issued it (ISO in ISO/IEC 27001).
    primary = named[0] if named and named[0] in found else found[0]
    return primary, [c for c in found if c != primary]


def _stage(record: dict[str, Any], source: str) -> tuple[str, str]:
    status = record.get("docstatus")
    if status is None:
        return "", ""
    if not isinstance(status, dict):
        raise RecordError(source, "docstatus", "expected a mapping with stage")
    stage_raw = status.get("stage")
    stage = text_of(stage_raw.get("value") if isinstance(stage_raw, dict) else stage_raw)
    sub_raw = status.get("substage")
    sub = text_of(sub_raw.get("value") if isinstance(sub_raw, dict) else sub_raw)
    if stage.isdigit() and len(stage) == 2:
        return (f"{stage}.{sub}" if sub.isdigit() else f"{stage}.00"), ""
    return STATUS_STAGE.get(stage, ""), stage


def _ext(record: dict[str, Any], key: str) -> Any:
    ext = record.get("ext")
    if isinstance(ext, dict) and key in ext:
        return ext[key]
    return record.get(key)


def _committee(record: dict[str, Any], publisher: str) -> dict[str, str] | None:
    group = _ext(record, "editorialgroup")
    if not isinstance(group, dict):
        return None
    for tc in as_list(group.get("technical_committee")):
        if not isinstance(tc, dict):
            continue
        ref = text_of(tc.get("identifier"))
        name = text_of(tc.get("name"))
        if not ref and name:
            ref = f"{publisher}/{name}" if _COMMITTEE_WORD.match(name) else name
        if not ref and tc.get("number") is not None:
            ref = f"{publisher}/{tc.get('type') or 'TC'} {tc['number']}"
        if ref:
            title = name if name and name != ref and not ref.endswith(name) else ""
            kind = str(tc.get("type") or "")
            return {"reference": normalize(ref), "title": normalize(title), "kind": kind}
    return None


def _doctype(record: dict[str, Any]) -> str:
    value = _ext(record, "doctype")
    slug = text_of(value.get("type")) if isinstance(value, dict) else text_of(value)
    return slug.strip().lower() or "standard"


def normalize_record(record: Any, source: str) -> dict[str, Any]:
    """The Harmonia record of one parsed Relaton document."""
    if isinstance(record, list) and len(record) == 1:
        record = record[0]
    if not isinstance(record, dict):
        kind = type(record).__name__
        raise RecordError(source, "(document)", f"expected a Relaton mapping, found {kind}")
    identifiers = _identifiers(record, source)
    primary = next(e for e in identifiers if e.get("primary"))
    ident = primary["id"]
    publisher, copublishers = _publishers(record, ident, str(primary.get("type") or ""))
    stage, status = _stage(record, source)
    dates = []
    for i, item in enumerate(as_list(record.get("date"))):
        if not isinstance(item, dict):
            raise RecordError(source, f"date[{i}]", "expected a mapping with type and value")
        value = text_of(item.get("value") or item.get("on") or item.get("from"))
        if value:
            dates.append({"type": str(item.get("type") or ""), "value": value[:10]})
    ics = []
    for i, item in enumerate(as_list(_ext(record, "ics"))):
        code = text_of(item.get("code")) if isinstance(item, dict) else text_of(item)
        if not code:
            raise RecordError(source, f"ics[{i}]", "missing code")
        if code not in ics:
            ics.append(code)
    links = []
    for item in as_list(record.get("link")):
        url = text_of(item)
        if url:
            kind = str(item.get("type") or "") if isinstance(item, dict) else ""
            links.append({"type": kind, "url": url})
    relations = []
    for i, item in enumerate(as_list(record.get("relation"))):
        if not isinstance(item, dict) or not isinstance(item.get("bibitem"), dict):
            raise RecordError(source, f"relation[{i}]", "expected a mapping with type and bibitem")
        bib = item["bibitem"]
        ids = as_list(bib.get("docid"))
        target = ""
        for d in ids:
            if isinstance(d, dict) and (d.get("primary") or len(ids) == 1):
                target = text_of(d.get("id"))
                break
        target = target or text_of(bib.get("formattedref")) or text_of(bib.get("id"))
        if target:
            rel = {"type": str(item.get("type") or "related"), "target": normalize(target)}
            if rel not in relations:
                relations.append(rel)
    edition = text_of(record.get("edition"))
    languages = [str(x) for x in as_list(record.get("language")) if x]
    return {
        "identifier": ident,
        "identifiers": identifiers,
        "publisher": publisher,
        "copublishers": copublishers,
        "doctype": _doctype(record),
        "number": text_of(record.get("docnumber")),
        "edition": edition,
        "languages": languages,
        "titles": _titles(record, source),
        "dates": dates,
        "stage": stage,
        "status": status,
        "ics": ics,
        "committee": _committee(record, publisher),
        "base": base_key(ident) or "",
        "links": links,
        "relations": relations,
        "source_id": text_of(record.get("id")),
        "source_rank": schema_rank(record, source, str(primary.get("type") or ""), ident),
    }


def iter_docids(path: Path) -> Iterator[tuple[str, list[str]]]:
    """(primary identifier, URNs) of every record of a Relaton source, as written there."""
    for name, data in iter_path(path):
        try:
            record = parse_document(data)
        except YamlError as exc:
            raise RecordError(name, "(yaml)", str(exc)) from None
        if isinstance(record, list) and len(record) == 1:
            record = record[0]
        if not isinstance(record, dict):
            raise RecordError(name, "(document)", "expected a Relaton mapping")
        docids = _identifiers(record, name)
        primary = next(d["id"] for d in docids if d.get("primary"))
        yield primary, [d["id"] for d in docids if d["type"] == "URN"]


def parse_relaton(name: str, data: bytes) -> dict[str, Any]:
    """Parse and normalize one Relaton YAML file; RecordError names what is wrong."""
    try:
        parsed = parse_document(data)
    except YamlError as exc:
        raise RecordError(name, "(yaml)", str(exc)) from None
    return normalize_record(parsed, name)
