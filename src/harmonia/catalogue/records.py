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


def iter_records(queryset: Any = None, chunk: int = 2000) -> Iterator[dict[str, Any]]:
    """Every document as a record, in identifier order: plain rows, a few queries a chunk."""
    qs = queryset if queryset is not None else Document.objects.all()
    columns = (
        "id", "identifier", "publisher__code", "copublishers", "doctype_id", "number",
        "edition", "languages", "dates", "stage_id", "status", "committee__reference",
        "committee__title", "committee__kind", "base_identifier", "links", "source_id",
        "source_rank",
    )  # fmt: skip
    rows = qs.order_by("identifier").values_list(*columns)
    batch: list[tuple[Any, ...]] = []
    for row in rows.iterator(chunk_size=chunk):
        batch.append(row)
        if len(batch) == chunk:
            yield from _records(batch)
            batch = []
    if batch:
        yield from _records(batch)


def _children(model: Any, ids: list[int], fields: tuple[str, ...]) -> dict[int, list[Any]]:
    out: dict[int, list[Any]] = {}
    rows = (
        model.objects.filter(document_id__in=ids)
        .order_by("document_id", "position")
        .values_list("document_id", *fields)
    )
    for doc_id, *values in rows:
        out.setdefault(doc_id, []).append(values)
    return out


def _records(batch: list[tuple[Any, ...]]) -> Iterator[dict[str, Any]]:
    from .models import DocumentICS, DocumentIdentifier, DocumentTitle, Relation

    ids = [row[0] for row in batch]
    titles = _children(DocumentTitle, ids, ("language", "kind", "content"))
    idents = _children(DocumentIdentifier, ids, ("type", "value", "primary"))
    ics = _children(DocumentICS, ids, ("code",))
    relations = _children(Relation, ids, ("type_id", "target_identifier"))
    for (
        pk, identifier, publisher, copublishers, doctype, number, edition, languages, dates,
        stage, status, committee, committee_title, committee_kind, base, links, source_id,
        source_rank,
    ) in batch:  # fmt: skip
        yield {
            "identifier": identifier,
            "identifiers": [
                {"type": t, "id": v, "primary": True} if p else {"type": t, "id": v}
                for t, v, p in idents.get(pk, [])
            ],
            "publisher": publisher,
            "copublishers": list(copublishers),
            "doctype": doctype,
            "number": number,
            "edition": edition,
            "languages": list(languages),
            "titles": [
                {"language": lang, "type": kind, "content": content}
                for lang, kind, content in titles.get(pk, [])
            ],
            "dates": _in_order(dates, ITEM_KEYS["dates"]),
            "stage": stage or "",
            "status": status,
            "ics": [code for (code,) in ics.get(pk, [])],
            "committee": (
                {"reference": committee, "title": committee_title, "kind": committee_kind}
                if committee
                else None
            ),
            "base": base,
            "links": _in_order(links, ITEM_KEYS["links"]),
            "relations": [
                {"type": kind, "target": target} for kind, target in relations.get(pk, [])
            ],
            "source_id": source_id,
            "source_rank": source_rank,
        }


def _in_order(items: list[dict[str, Any]], keys: tuple[str, ...]) -> list[dict[str, Any]]:
    """Items of a JSON column with their keys in the record's order: PostgreSQL's jsonb
    keeps keys in an order of its own, and an export must not depend on the engine."""
    return [{**{k: item[k] for k in keys if k in item}, **item} for item in items]
