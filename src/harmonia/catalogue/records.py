"""A document as a Harmonia record: the lossless shape of jsonl, snapshots and importers."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from .models import Document

FIELDS: dict[str, type | tuple[type, ...]] = {
    "identifier": str,
    "identifiers": list,
    "publisher": str,
    "copublishers": list,
    "doctype": str,
    "number": str,
    "edition": str,
    "languages": list,
    "titles": list,
    "dates": list,
    "stage": str,
    "status": str,
    "ics": list,
    "committee": (dict, type(None)),
    "base": str,
    "links": list,
    "relations": list,
    "source_id": str,
    "source_rank": str,
}
ITEM_KEYS = {
    "identifiers": ("type", "id"),
    "titles": ("language", "type", "content"),
    "dates": ("type", "value"),
    "links": ("type", "url"),
    "relations": ("type", "target"),
}


def validate_record(record: Any, source: str) -> dict[str, Any]:
    """Check a record's shape; RecordError names the first field that is wrong."""
    from .importers.relaton import RecordError

    if not isinstance(record, dict):
        raise RecordError(source, "(record)", f"expected an object, found {type(record).__name__}")
    for key, kind in FIELDS.items():
        if key not in record:
            raise RecordError(source, key, "missing")
        if not isinstance(record[key], kind):
            raise RecordError(source, key, f"expected {getattr(kind, '__name__', 'object')}")
    if not record["identifier"].strip():
        raise RecordError(source, "identifier", "empty")
    if not record["titles"]:
        raise RecordError(source, "titles", "no title")
    for key, needed in ITEM_KEYS.items():
        for i, item in enumerate(record[key]):
            if not isinstance(item, dict):
                raise RecordError(source, f"{key}[{i}]", "expected an object")
            for sub in needed:
                if not isinstance(item.get(sub), str):
                    raise RecordError(source, f"{key}[{i}].{sub}", "missing or not text")
    for i, code in enumerate(record["ics"]):
        if not isinstance(code, str) or not code:
            raise RecordError(source, f"ics[{i}]", "expected an ICS code")
    committee = record["committee"]
    if committee is not None and not isinstance(committee.get("reference"), str):
        raise RecordError(source, "committee.reference", "missing or not text")
    if not any(i.get("primary") for i in record["identifiers"]):
        raise RecordError(source, "identifiers", "no primary identifier")
    return record


def iter_records(queryset: Any = None) -> Iterator[dict[str, Any]]:
    """Every document as a record, in identifier order, in a fixed number of queries."""
    qs = queryset if queryset is not None else Document.objects.all()
    qs = qs.select_related("publisher", "committee").order_by("identifier")
    children = {
        "titles": ("titles", lambda t: {"language": t.language, "type": t.kind, "content": t.content}),
        "identifiers": ("identifiers", _identifier),
        "ics": ("documentics_set", lambda i: i.code),
        "relations": ("relations", lambda r: {"type": r.type_id, "target": r.target_identifier}),
    }
    prefetch = [attr for attr, _ in children.values()]
    for doc in qs.prefetch_related(*prefetch).iterator(chunk_size=2000):
        record: dict[str, Any] = {
            "identifier": doc.identifier,
            "identifiers": [],
            "publisher": doc.publisher.code,
            "copublishers": list(doc.copublishers),
            "doctype": doc.doctype_id,
            "number": doc.number,
            "edition": doc.edition,
            "languages": list(doc.languages),
            "titles": [],
            "dates": list(doc.dates),
            "stage": doc.stage_id or "",
            "status": doc.status,
            "ics": [],
            "committee": (
                {
                    "reference": doc.committee.reference,
                    "title": doc.committee.title,
                    "kind": doc.committee.kind,
                }
                if doc.committee
                else None
            ),
            "base": doc.base_identifier,
            "links": list(doc.links),
            "relations": [],
            "source_id": doc.source_id,
            "source_rank": doc.source_rank,
        }
        for key, (attr, convert) in children.items():
            rows = sorted(getattr(doc, attr).all(), key=lambda row: row.position)
            record[key] = [convert(row) for row in rows]
        yield record


def _identifier(row: Any) -> dict[str, Any]:
    out: dict[str, Any] = {"type": row.type, "id": row.value}
    if row.primary:
        out["primary"] = True
    return out
