"""Load Harmonia records into the database: all-or-nothing, idempotent, fast.

Every importer (Relaton YAML, jsonl, the shipped snapshot) turns its input into
records (see `importers/relaton.py` for the shape) and hands them here. A record
whose content hash was seen before is skipped without parsing, so re-importing
unchanged data writes nothing. Parsing runs on every core; writing is one
transaction with bulk inserts, so a failed or killed run leaves the database as
it was.
"""

from __future__ import annotations

import hashlib
import multiprocessing
import os
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

import orjson
from django.db import connection, transaction
from django.utils import timezone

from harmonia.identifiers import canonical_key, work_key, year_of

from . import signals
from .models import (
    Body,
    Committee,
    Document,
    DocumentICS,
    DocumentIdentifier,
    DocumentTitle,
    DocumentType,
    ImportRun,
    Relation,
    RelationType,
    SourceRecord,
    StageCode,
)

Record = dict[str, Any]
Parser = Callable[[str, bytes], Record]
Progress = Callable[[int], None]

CHUNK = 400
BATCH = 2000


class ImportFailed(Exception):
    """Records failed validation and nothing was written."""

    def __init__(self, report: ImportReport) -> None:
        first = report.errors[0] if report.errors else "unknown error"
        more = f" (and {len(report.errors) - 1} more)" if len(report.errors) > 1 else ""
        super().__init__(f"{first}{more}; nothing was imported")
        self.report = report


@dataclass
class ImportReport:
    kind: str
    sources: list[str]
    read: int = 0
    unchanged: int = 0
    parsed: int = 0
    created: int = 0
    updated: int = 0
    duplicates: list[tuple[str, str]] = field(default_factory=list)  # (kept name, other name)
    errors: list[str] = field(default_factory=list)
    identifiers: set[str] = field(default_factory=set)  # canonical keys of the documents
    per_publisher: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0
    # (name, content hash) of every record read, in order (importers.digests keeps them)
    read_hashes: list[tuple[str, str]] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        return not self.errors

    def counts(self) -> dict[str, Any]:
        return {
            "read": self.read,
            "unchanged": self.unchanged,
            "parsed": self.parsed,
            "distinct_identifiers": len(self.identifiers),
            "created": self.created,
            "updated": self.updated,
            "duplicates_merged": len(self.duplicates),
            "errors": len(self.errors),
            "per_publisher": self.per_publisher,
            "seconds": round(self.seconds, 2),
        }


def content_hash(data: bytes) -> str:
    return hashlib.blake2b(data, digest_size=16).hexdigest()


def _parse_chunk(args: tuple[Parser, list[tuple[str, str, bytes]]]) -> list[tuple[Any, ...]]:
    parse, items = args
    out: list[tuple[Any, ...]] = []
    for name, digest, data in items:
        try:
            record = parse(name, data)
            # Keys are computed here, in the parser processes, not in the writer.
            record["_key"] = canonical_key(record["identifier"])[:255]
            record["_work"] = work_key(record["identifier"])[:255]
            record["_target_keys"] = [canonical_key(r["target"])[:255] for r in record["relations"]]
            out.append(("ok", name, digest, record))
        except ValueError as exc:  # RecordError and friends: reported, never raised
            out.append(("error", name, digest, str(exc)))
    return out


def _chunks(it: Iterable[Any], size: int) -> Iterator[list[Any]]:
    it = iter(it)
    while chunk := list(islice(it, size)):
        yield chunk


def _parse_all(
    parse: Parser, items: Iterable[tuple[str, str, bytes]], workers: int
) -> Iterator[tuple[Any, ...]]:
    if workers <= 1:
        for chunk in _chunks(items, CHUNK):
            yield from _parse_chunk((parse, chunk))
        return
    # fork keeps start-up cheap and the parser needs no Django state; the main
    # process keeps reading (and decompressing) the source meanwhile.
    ctx = multiprocessing.get_context("fork")
    with ctx.Pool(workers) as pool:
        for result in pool.imap(_parse_chunk, ((parse, c) for c in _chunks(items, CHUNK))):
            yield from result


def default_workers() -> int:
    return int(os.environ.get("HARMONIA_IMPORT_WORKERS", os.cpu_count() or 1))


def import_items(
    kind: str,
    sources: list[str],
    items: Iterable[tuple[str, bytes]],
    parse: Parser,
    *,
    keep_going: bool = False,
    progress: Progress | None = None,
    workers: int | None = None,
    body: Any = None,
    known: list[tuple[str, str]] | None = None,
) -> ImportReport:
    """Import (name, bytes) items parsed by `parse`. Raises ImportFailed, writing nothing,
    when any record is invalid and `keep_going` is false. `body`: whose catalogue this
    is, for the audit trail (None: the international catalogues). `known`: the (name,
    content hash) of every item, when the caller knows them without reading
    (importers.digests); if the database holds every one of them as it is, the items
    are not read at all."""
    started = time.perf_counter()
    report = ImportReport(kind=kind, sources=sources)
    # SourceRecord.identifier holds the document's canonical key.
    # A record counts as seen only while its document is still held (staff may delete one).
    seen = dict(
        SourceRecord.objects.order_by()
        .filter(identifier__in=Document.objects.order_by().values("key"))
        .values_list("content_hash", "identifier")
    )
    fresh: list[tuple[str, str, str]] = []  # (name, hash, key) of parsed records
    hashes_in_run: set[str] = set()

    def unseen(pairs: Iterable[tuple[str, str, bytes]]) -> Iterator[tuple[str, str, bytes]]:
        for name, digest, data in pairs:
            report.read += 1
            report.read_hashes.append((name, digest))
            held_key = seen.get(digest)
            if held_key is not None or digest in hashes_in_run:
                report.unchanged += 1
                if held_key:
                    report.identifiers.add(held_key)
                if progress and report.unchanged % 1000 == 0:
                    progress(1000)  # a call a record costs more than the check
                continue
            hashes_in_run.add(digest)
            yield name, digest, data

    if known is not None and all(digest in seen for _, digest in known):
        # The same records as before, every one still held: nothing to read or parse.
        pending = unseen((name, digest, b"") for name, digest in known)
        workers = 1  # no parser processes to start for nothing
    else:
        pending = unseen((name, content_hash(data), data) for name, data in items)
    if workers is None:
        workers = default_workers()
    best: dict[str, tuple[str, str, Record]] = {}
    for status, name, digest, payload in _parse_all(parse, pending, workers):
        if progress:
            progress(1)
        if status == "error":
            report.errors.append(payload)
            continue
        report.parsed += 1
        # One document per canonical key: the ISO catalogue's "IEC 60601-1-8:2006/Amd 1:2012"
        # and the IEC webstore's ".../AMD1:2012" are the same amendment.
        ident = payload["_key"]
        fresh.append((name, digest, ident))
        report.identifiers.add(ident)
        current = best.get(ident)
        if current is None:
            best[ident] = (name, digest, payload)
        elif payload["source_rank"] > current[2]["source_rank"]:
            report.duplicates.append((name, current[0]))
            best[ident] = (name, digest, payload)
        else:
            report.duplicates.append((current[0], name))
    if progress:
        progress(report.unchanged % 1000)
    if report.errors and not keep_going:
        report.seconds = time.perf_counter() - started
        raise ImportFailed(report)
    source_rows = [(digest, ident, name[-500:]) for name, digest, ident in fresh]
    notes: dict[str, Any] = {}
    with transaction.atomic():
        signals.import_writing.send(
            ImportRun, records=[record for _, _, record in best.values()], notes=notes
        )
        _write(best, report)
        _insert(SourceRecord, ["content_hash", "identifier", "source_name"], source_rows)
        report.per_publisher = _per_publisher(report.identifiers)
        report.seconds = time.perf_counter() - started
        run = ImportRun.objects.create(
            kind=kind,
            sources=sources,
            counts=report.counts(),
            errors=report.errors[:1000],
            ok=report.ok,
            finished=timezone.now(),
        )
        signals.import_written.send(
            ImportRun, run=run, keys=list(best), report=report, body=body, notes=notes
        )
    return report


def _per_publisher(keys: set[str]) -> dict[str, int]:
    counts: Counter[str] = Counter()
    if len(keys) > 5000:
        # An archive names most of the catalogue: one read of it all beats ~70 IN lists.
        rows = Document.objects.order_by().values_list("key", "publisher__code").iterator(10_000)
        counts.update(code for key, code in rows if key in keys)
    else:
        for chunk in _chunks(sorted(keys), 900):
            rows = Document.objects.filter(key__in=chunk).values_list("publisher__code", flat=True)
            counts.update(rows)
    return dict(sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])))


def _insert(model: Any, columns: list[str], rows: list[tuple[Any, ...]]) -> None:
    """Bulk insert plain rows, skipping rows whose key exists (ON CONFLICT DO NOTHING)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    cols = ", ".join(connection.ops.quote_name(c) for c in columns)
    marks = ", ".join(["%s"] * len(columns))
    sql = f"INSERT INTO {table} ({cols}) VALUES ({marks}) ON CONFLICT DO NOTHING"
    with connection.cursor() as cursor:
        for batch in _chunks(rows, BATCH):
            cursor.executemany(sql, batch)


def display_title(titles: list[dict[str, str]]) -> str:
    """English full title where held, else the parts joined, else the first title."""
    for lang in ("en", ""):
        langs = [t for t in titles if t["language"] == lang]
        for t in langs:
            if t["type"] == "main":
                return t["content"]
        parts = [
            t["content"]
            for kind in ("title-intro", "title-main", "title-part")
            for t in langs
            if t["type"] == kind
        ]
        if parts:
            return " - ".join(parts)
    return titles[0]["content"] if titles else ""


def _published(record: Record) -> str:
    for wanted in ("published", "issued"):
        for d in record["dates"]:
            if d["type"] == wanted:
                return str(d["value"])
    return ""


def _year(published: str, identifier: str) -> int | None:
    if published[:4].isdigit():
        return int(published[:4])
    return year_of(identifier)


def _ensure_vocabulary(records: list[Record]) -> tuple[dict[str, int], dict[str, int]]:
    """Create the bodies, types, stages and committees the records name; return id maps."""
    doctypes = {r["doctype"] for r in records}
    known = set(DocumentType.objects.values_list("slug", flat=True))
    DocumentType.objects.bulk_create(
        [
            DocumentType(slug=s[:60], name=s.replace("-", " ").capitalize(), source="import")
            for s in sorted(doctypes - known)
        ]
    )
    reltypes = {rel["type"] for r in records for rel in r["relations"]}
    known = set(RelationType.objects.values_list("slug", flat=True))
    RelationType.objects.bulk_create(
        [
            RelationType(slug=s[:40], name=s, inverse_name=f"{s} (inverse)", source="import")
            for s in sorted(reltypes - known)
        ]
    )
    stages = {r["stage"] for r in records if r["stage"]}
    known = set(StageCode.objects.values_list("code", flat=True))
    StageCode.objects.bulk_create(
        [
            StageCode(
                code=c,
                name=f"Stage {c} (not in the harmonized stage code table)",
                stage=c[:2],
                substage=c[3:],
                source="import",
            )
            for c in sorted(stages - known)
        ]
    )
    codes = {r["publisher"] for r in records}
    bodies = dict(Body.objects.values_list("code", "id"))
    missing = sorted(codes - set(bodies))
    Body.objects.bulk_create(
        [
            Body(
                code=c[:40],
                acronym=c[:40],
                name=c,
                kind="other",
                field_sources={"code": "named as publisher in imported records"},
            )
            for c in missing
        ]
    )
    if missing:
        bodies = dict(Body.objects.values_list("code", "id"))
    committees = {}
    for r in records:
        c = r.get("committee")
        if c and c["reference"] not in committees:
            committees[c["reference"]] = (c, r["publisher"])
    have = dict(Committee.objects.values_list("reference", "id"))
    new = [
        Committee(
            reference=ref[:100],
            title=c.get("title", "")[:500],
            kind=c.get("kind", "")[:40],
            body_id=bodies.get(pub),
        )
        for ref, (c, pub) in sorted(committees.items())
        if ref[:100] not in have
    ]
    Committee.objects.bulk_create(new, batch_size=BATCH)
    if new:
        have = dict(Committee.objects.values_list("reference", "id"))
    return bodies, have


def _write(best: dict[str, tuple[str, str, Record]], report: ImportReport) -> None:
    if not best:
        return
    existing = {
        key: (pk, rank)
        for key, pk, rank in Document.objects.order_by("-pk").values_list(
            "key", "id", "source_rank"
        )
    }
    to_create: list[tuple[str, str, Record]] = []
    to_update: list[tuple[int, str, str, Record]] = []
    for ident, (name, digest, record) in best.items():
        if ident in existing:
            pk, rank = existing[ident]
            if record["source_rank"] < rank:
                report.duplicates.append(("(held)", name))
                continue
            to_update.append((pk, name, digest, record))
        else:
            to_create.append((name, digest, record))
    records = [r for _, _, r in to_create] + [r for _, _, _, r in to_update]
    if not records:
        return
    bodies, committees = _ensure_vocabulary(records)

    def doc_row(name: str, digest: str, r: Record) -> tuple[Any, ...]:
        published = _published(r)
        committee = r.get("committee")
        return (
            r["identifier"],
            r["_key"],
            r["_work"],
            bodies[r["publisher"]],
            _json(r["copublishers"]),
            r["doctype"],
            r["number"][:60],
            r["edition"][:20],
            _json(r["languages"]),
            display_title(r["titles"]),
            r["stage"] or None,
            r["status"][:40],
            published,
            _year(published, r["identifier"]),
            _json(r["dates"]),
            committees.get(committee["reference"][:100]) if committee else None,
            r["base"],
            _json(r["links"]),
            r["source_id"][:255],
            name[-500:],
            r["source_rank"],
            digest,
        )

    columns = [
        "identifier", "key", "work", "publisher_id", "copublishers", "doctype_id", "number",
        "edition", "languages", "title", "stage_id", "status", "published", "year", "dates",
        "committee_id", "base_identifier", "links", "source_id", "source_file",
        "source_rank", "content_hash",
    ]  # fmt: skip
    _insert(Document, columns, [doc_row(n, d, r) for n, d, r in to_create])
    report.created += len(to_create)
    if to_update:
        ids = [pk for pk, *_ in to_update]
        for chunk in _chunks(ids, 900):
            for model in (DocumentTitle, DocumentIdentifier, DocumentICS, Relation):
                model.objects.filter(document_id__in=chunk).delete()
        table = connection.ops.quote_name(Document._meta.db_table)
        sets = ", ".join(f"{connection.ops.quote_name(c)} = %s" for c in columns)
        with connection.cursor() as cursor:
            cursor.executemany(
                f"UPDATE {table} SET {sets} WHERE id = %s",
                [(*doc_row(n, d, r), pk) for pk, n, d, r in to_update],
            )
        report.updated += len(to_update)
    wanted = {r["_key"] for r in records}
    doc_ids = {
        key: pk
        for key, pk in Document.objects.order_by("-pk").values_list("key", "id")
        if key in wanted
    }
    titles, idents, ics, relations = [], [], [], []
    for r in records:
        pk = doc_ids[r["_key"]]
        titles += [
            (pk, t["language"][:10], t["type"][:20], t["content"], i)
            for i, t in enumerate(r["titles"])
        ]
        idents += [
            (pk, d["type"][:40], d["id"][:255], bool(d.get("primary")), i)
            for i, d in enumerate(r["identifiers"])
        ]
        ics += [(pk, code, code, i) for i, code in enumerate(r["ics"])]
        relations += [
            (
                pk,
                rel["type"][:40],
                rel["target"][:255],
                target_key,
                "imported",
                i,
            )
            for i, (rel, target_key) in enumerate(
                zip(r["relations"], r["_target_keys"], strict=True)
            )
        ]
    _insert(DocumentTitle, ["document_id", "language", "kind", "content", "position"], titles)
    _insert(DocumentIdentifier, ["document_id", "type", "value", "primary", "position"], idents)
    _insert(DocumentICS, ["document_id", "ics_id", "code", "position"], ics)
    _insert(
        Relation,
        ["document_id", "type_id", "target_identifier", "target_key", "source", "position"],
        relations,
    )
    resolve_references()


def resolve_references() -> None:
    """Point relations and supplements at the documents they name, where held."""
    doc = connection.ops.quote_name(Document._meta.db_table)
    rel = connection.ops.quote_name(Relation._meta.db_table)
    dics = connection.ops.quote_name(DocumentICS._meta.db_table)
    ics = connection.ops.quote_name("catalogue_ics")
    with connection.cursor() as cursor:
        # Keys, not texts: "ISO 9001:2008/Cor.1:2009" finds "ISO 9001:2008/Cor 1:2009".
        # A join on the grouped keys (UPDATE ... FROM, SQLite >= 3.33) rather than a
        # correlated subquery, which PostgreSQL plans as a scan per row on fresh tables.
        keys = f"(SELECT key, MIN(id) AS id FROM {doc} GROUP BY key) k"
        cursor.execute(
            f"UPDATE {rel} SET target_id = k.id FROM {keys} "
            f"WHERE k.key = {rel}.target_key AND {rel}.target_id IS NULL"
        )
        cursor.execute(
            f"UPDATE {doc} SET base_id = k.id FROM {keys} "
            f"WHERE k.key = {doc}.base_identifier AND {doc}.base_id IS NULL "
            f"AND {doc}.base_identifier <> ''"
        )
        # ICS codes are kept as written; the link to the ICS row is made once it exists.
        cursor.execute(
            f"UPDATE {dics} SET ics_id = NULL WHERE ics_id IS NOT NULL "
            f"AND ics_id NOT IN (SELECT code FROM {ics})"
        )
        cursor.execute(
            f"UPDATE {dics} SET ics_id = code WHERE ics_id IS NULL "
            f"AND code IN (SELECT code FROM {ics})"
        )


def _json(value: Any) -> str:
    return orjson.dumps(value).decode()


def group_counts() -> dict[str, int]:
    """Documents per publisher in the whole database."""
    rows: defaultdict[str, int] = defaultdict(int)
    for code in Document.objects.values_list("publisher__code", flat=True).iterator(5000):
        rows[code] += 1
    return dict(rows)
