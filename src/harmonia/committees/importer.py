"""`harmonia import committees PATH`: ISO's committees from ISO Open Data.

Three shapes of the same data are read: the CSV of the Open Data page (lists written
`[a, b]`, acronyms unquoted), the JSONL feed (one object a line) and a YAML list. Each
file is one dated snapshot of who is a P- or O-member of what. The whole file is
checked before anything is written, and written in one transaction: an error names
the file and line (or record) and leaves the database as it was.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils.html import strip_tags
from django.utils.text import normalize_newlines
from django.utils.translation import gettext

from harmonia.catalogue.models import Body, Committee

from .models import Liaison, MemberStatus, Participation, Snapshot

# ISO's whole committee list is about 2 MiB in any of the three shapes.
MAX_BYTES = 64 * 1024 * 1024


class CommitteeImportError(ValueError):
    pass


@dataclass
class Record:
    where: str
    iso_id: int
    reference: str
    status: str = ""
    title_en: str = ""
    title_fr: str = ""
    scope: str = ""
    created: dt.date | None = None
    parent_id: int | None = None
    secretariat: tuple[int, str] | None = None
    p: list[tuple[int, str]] = field(default_factory=list)
    o: list[tuple[int, str]] = field(default_factory=list)
    committee_liaisons: list[str] = field(default_factory=list)
    organization_liaisons: list[str] = field(default_factory=list)


def _text(html: Any) -> str:
    if not html:
        return ""
    plain = strip_tags(str(html)).replace("&nbsp;", " ")
    lines = [re.sub(r"\s+", " ", x).strip() for x in normalize_newlines(plain).split("\n")]
    return "\n".join(x for x in lines if x)


def _int(value: Any, where: str, name: str) -> int | None:
    if value in (None, "", "null"):
        return None
    try:
        return int(value)
    except (TypeError, ValueError):
        raise CommitteeImportError(
            gettext("%(where)s: %(name)s: not a number: %(value)r")
            % {"where": where, "name": name, "value": value}
        ) from None


def _date(value: Any, where: str) -> dt.date | None:
    if not value:
        return None
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value)[:10])
    except ValueError:
        raise CommitteeImportError(
            gettext("%(where)s: creationDate: not a date: %(value)r")
            % {"where": where, "value": value}
        ) from None


def _members(items: Any, where: str, name: str) -> list[tuple[int, str]]:
    out = []
    for item in items or []:
        if not isinstance(item, dict):
            raise CommitteeImportError(
                gettext("%(where)s: %(name)s: expected {id, acronym}, got %(item)r")
                % {"where": where, "name": name, "item": item}
            )
        body_id = _int(item.get("id"), where, f"{name}.id")
        if body_id is None:
            raise CommitteeImportError(
                gettext("%(where)s: %(name)s: a member without id") % {"where": where, "name": name}
            )
        out.append((body_id, str(item.get("acronym") or "").strip()))
    return out


def _from_mapping(d: Any, where: str) -> Record:
    if not isinstance(d, dict):
        raise CommitteeImportError(
            gettext("%(where)s: expected a committee object, got %(name)s")
            % {"where": where, "name": type(d).__name__}
        )
    iso_id = _int(d.get("id"), where, "id")
    reference = str(d.get("reference") or "").strip()
    if iso_id is None or not reference:
        raise CommitteeImportError(
            gettext("%(where)s: id and reference are required") % {"where": where}
        )
    title = d.get("title") or {}
    scope = d.get("scope") or {}
    sec = d.get("secretariat") or None
    secretariat = None
    if isinstance(sec, dict) and sec.get("id"):
        secretariat = (_int(sec["id"], where, "secretariat.id") or 0, str(sec.get("acronym") or ""))
    return Record(
        where=where,
        iso_id=iso_id,
        reference=reference,
        status=str(d.get("status") or ""),
        title_en=str(title.get("en") or "") if isinstance(title, dict) else str(title),
        title_fr=str(title.get("fr") or "") if isinstance(title, dict) else "",
        scope=_text(scope.get("en") if isinstance(scope, dict) else scope),
        created=_date(d.get("creationDate"), where),
        parent_id=_int(d.get("parentId"), where, "parentId"),
        secretariat=secretariat,
        p=_members(d.get("pMembers"), where, "pMembers"),
        o=_members(d.get("oMembers"), where, "oMembers"),
        committee_liaisons=[
            str(x["reference"])
            for x in d.get("committeeLiaisons") or []
            if isinstance(x, dict) and x.get("reference")
        ],
        organization_liaisons=[
            str(x["acronym"])
            for x in d.get("organizationLiaisons") or []
            if isinstance(x, dict) and x.get("acronym")
        ],
    )


def _csv_list(value: str) -> list[str]:
    value = (value or "").strip()
    if not value:
        return []
    if not (value.startswith("[") and value.endswith("]")):
        raise ValueError(gettext("expected a [a, b] list, got %(value)r") % {"value": value[:40]})
    return [x.strip() for x in value[1:-1].split(",") if x.strip()]


def _csv_members(row: dict[str, str], prefix: str) -> list[dict[str, str]]:
    ids = _csv_list(row.get(f"{prefix}.id", ""))
    acronyms = _csv_list(row.get(f"{prefix}.acronym", ""))
    if len(ids) != len(acronyms):
        raise ValueError(
            gettext("%(prefix)s: %(value)s ids but %(value2)s acronyms")
            % {"prefix": prefix, "value": len(ids), "value2": len(acronyms)}
        )
    return [{"id": i, "acronym": a} for i, a in zip(ids, acronyms, strict=True)]


def read_csv(name: str, text: str) -> list[Record]:
    out = []
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    missing = {"id", "reference"} - set(reader.fieldnames or [])
    if missing:
        raise CommitteeImportError(
            gettext("%(name)s: missing column(s): %(values)s")
            % {"name": name, "values": ", ".join(sorted(missing))}
        )
    rows = iter(reader)
    while True:
        try:
            row = next(rows)
        except StopIteration:
            break
        except csv.Error as exc:  # NUL bytes, a field over the csv module's limit
            raise CommitteeImportError(
                gettext("%(name)s, line %(line_num)s: %(exc)s")
                % {"name": name, "line_num": reader.line_num, "exc": exc}
            ) from None
        where = f"{name}, line {reader.line_num}"
        try:
            mapping = {
                "id": row.get("id"),
                "reference": row.get("reference"),
                "status": row.get("status"),
                "title": {"en": row.get("title.en"), "fr": row.get("title.fr")},
                "scope": {"en": row.get("scope.en")},
                "creationDate": row.get("creationDate"),
                "parentId": row.get("parentId"),
                "secretariat": {
                    "id": row.get("secretariat.id"),
                    "acronym": row.get("secretariat.acronym"),
                },
                "pMembers": _csv_members(row, "pMembers"),
                "oMembers": _csv_members(row, "oMembers"),
                "committeeLiaisons": [
                    {"reference": r}
                    for r in _csv_list(row.get("committeeLiaisons.reference", ""))
                    if r != "null"
                ],
                "organizationLiaisons": [
                    {"acronym": a} for a in _csv_list(row.get("organizationLiaisons.acronym", ""))
                ],
            }
        except ValueError as exc:
            raise CommitteeImportError(
                gettext("%(where)s: %(exc)s") % {"where": where, "exc": exc}
            ) from None
        out.append(_from_mapping(mapping, where))
    return out


def read_jsonl(name: str, text: str) -> list[Record]:
    out = []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        try:
            d = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CommitteeImportError(
                gettext("%(name)s, line %(n)s: not JSON (%(msg)s)")
                % {"name": name, "n": n, "msg": exc.msg}
            ) from None
        out.append(_from_mapping(d, f"{name}, line {n}"))
    return out


def read_yaml(name: str, text: str) -> list[Record]:
    from harmonia.catalogue.importers.yamlparse import YamlError, parse_pyyaml

    try:
        # The bounded loader measures aliases before building (no "billion laughs").
        data = parse_pyyaml(text.encode("utf-8"))
    except YamlError as exc:
        raise CommitteeImportError(
            gettext("%(name)s: not YAML (%(exc)s)") % {"name": name, "exc": exc}
        ) from None
    if not isinstance(data, list):
        raise CommitteeImportError(
            gettext("%(name)s: expected a list of committees") % {"name": name}
        )
    return [_from_mapping(d, f"{name}, record {i}") for i, d in enumerate(data, 1)]


READERS: dict[str, Callable[[str, str], list[Record]]] = {
    ".csv": read_csv,
    ".jsonl": read_jsonl,
    ".json": read_jsonl,
    ".yaml": read_yaml,
    ".yml": read_yaml,
}


def read(path: Path) -> list[Record]:
    name = path.name
    suffixes = [s for s in path.suffixes if s != ".xz"]
    reader = READERS.get(suffixes[-1].lower() if suffixes else "")
    if reader is None:
        raise CommitteeImportError(
            gettext("%(name)s: expected .csv, .jsonl or .yaml (optionally .xz)") % {"name": name}
        )
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CommitteeImportError(
                gettext("%(name)s: larger than %(value)s MiB")
                % {"name": name, "value": MAX_BYTES // 2**20}
            )
        raw = path.read_bytes()
        if path.suffix == ".xz":
            import lzma

            unpacker = lzma.LZMADecompressor()
            raw = unpacker.decompress(raw, max_length=MAX_BYTES + 1)
            if len(raw) > MAX_BYTES or not unpacker.eof:
                raise CommitteeImportError(
                    gettext("%(name)s: unpacks to more than %(value)s MiB, or is truncated")
                    % {"name": name, "value": MAX_BYTES // 2**20}
                )
        text = raw.decode("utf-8")
    except OSError as exc:
        raise CommitteeImportError(
            gettext("%(name)s: %(value)s") % {"name": name, "value": exc.strerror or exc}
        ) from None
    except UnicodeDecodeError as exc:
        raise CommitteeImportError(
            gettext("%(name)s: not UTF-8 text (byte %(start)s)")
            % {"name": name, "start": exc.start}
        ) from None
    except CommitteeImportError:
        raise
    except Exception as exc:  # lzma.LZMAError
        raise CommitteeImportError(
            gettext("%(name)s: cannot decompress (%(exc)s)") % {"name": name, "exc": exc}
        ) from None
    if "\x00" in text:
        # PostgreSQL cannot store NUL, and Python's csv module lets it through.
        line = text.count("\n", 0, text.index("\x00")) + 1
        raise CommitteeImportError(
            gettext("%(name)s, line %(line)s: a NUL character (binary content?)")
            % {"name": name, "line": line}
        )
    records = reader(name, text)
    seen: dict[int, str] = {}
    for r in records:
        if r.iso_id in seen:
            raise CommitteeImportError(
                gettext("%(where)s: id %(iso_id)s already given at %(value)s")
                % {"where": r.where, "iso_id": r.iso_id, "value": seen[r.iso_id]}
            )
        seen[r.iso_id] = r.where
    return records


def date_from_name(name: str) -> dt.date | None:
    found = re.search(r"(20\d\d)(?:-(\d\d))?(?:-(\d\d))?", name)
    if not found:
        return None
    y, m, d = found.group(1), found.group(2) or "01", found.group(3) or "01"
    try:
        return dt.date(int(y), int(m), int(d))
    except ValueError:
        return None


def _iso_body(bodies: dict[str, Body], by_id: dict[str, Body], body_id: int, acronym: str) -> Body:
    """The body ISO knows by `body_id`, matched on its Open Data id, then its acronym;
    a body never seen before is created, named by its acronym."""
    key = str(body_id)
    found = by_id.get(key) or bodies.get(acronym)
    if found is None:
        found = Body.objects.create(
            code=acronym or f"ISO-MEMBER-{body_id}",
            acronym=acronym,
            name=acronym or f"ISO member {body_id}",
            kind="national",
            iso_opendata_id=key,
            field_sources={"name": "ISO Open Data committees (acronym only)"},
        )
        bodies[found.code] = found
    if not found.iso_opendata_id:
        found.iso_opendata_id = key
        found.save(update_fields=["iso_opendata_id"])
    by_id[key] = found
    return found


def load(
    records: list[Record],
    *,
    source: str,
    taken_on: dt.date,
    progress: Callable[[int], None] | None = None,
) -> Snapshot:
    statuses = {s.slug: s for s in MemberStatus.objects.all()}
    iso = Body.objects.filter(code="ISO").first()
    with transaction.atomic():
        newest = not Snapshot.objects.filter(taken_on__gt=taken_on).exists()
        Snapshot.objects.filter(taken_on=taken_on, source=source).delete()
        snapshot = Snapshot.objects.create(taken_on=taken_on, source=source)
        bodies = {b.code: b for b in Body.objects.all()}
        by_id = {b.iso_opendata_id: b for b in bodies.values() if b.iso_opendata_id}
        committees = {c.iso_id: c for c in Committee.objects.filter(iso_id__isnull=False)}
        by_ref = {c.reference: c for c in Committee.objects.all()}
        rows: list[Participation] = []
        for r in records:
            committee = committees.get(r.iso_id) or by_ref.get(r.reference)
            if committee is None:
                committee = Committee(reference=r.reference)
            if newest or committee.pk is None:
                values = {
                    "iso_id": r.iso_id,
                    "reference": r.reference,
                    "title": r.title_en[:500],
                    "title_fr": r.title_fr[:500],
                    "status": r.status[:20],
                    "scope": r.scope,
                    "created_on": r.created,
                    "kind": committee.kind or _kind(r.reference),
                    "body_id": committee.body_id or (iso.pk if iso else None),
                    "secretariat_id": (
                        _iso_body(bodies, by_id, *r.secretariat).pk if r.secretariat else None
                    ),
                }
                # Saved only when something changed: a re-import writes nothing (and
                # leaves nothing on the audit trail) for the committees it already has.
                if committee.pk is None or any(
                    getattr(committee, k) != v for k, v in values.items()
                ):
                    for k, v in values.items():
                        setattr(committee, k, v)
                    committee.save()
            committees[r.iso_id] = committee
            by_ref[committee.reference] = committee
            for slug, members in (("p", r.p), ("o", r.o)):
                for body_id, acronym in members:
                    body = _iso_body(bodies, by_id, body_id, acronym)
                    rows.append(
                        Participation(
                            snapshot=snapshot, committee=committee, body=body, status=statuses[slug]
                        )
                    )
            if progress:
                progress(1)
        Participation.objects.bulk_create(rows, batch_size=2000, ignore_conflicts=True)
        if newest:
            held: dict[int, dict[tuple[str, str], Liaison]] = {}
            for liaison in Liaison.objects.filter(committee_id__in=[c.pk for c in by_ref.values()]):
                held.setdefault(liaison.committee_id, {})[(liaison.kind, liaison.name)] = liaison
            new_liaisons = []
            for r in records:
                c = committees[r.iso_id]
                parent = committees.get(r.parent_id) if r.parent_id else None
                if c.parent_id != (parent.pk if parent else None):
                    c.parent = parent
                    c.save(update_fields=["parent"])
                wanted = {("committee", x[:200]) for x in r.committee_liaisons} | {
                    ("organization", x[:200]) for x in r.organization_liaisons
                }
                have = held.get(c.pk, {})
                gone = [have[k].pk for k in have.keys() - wanted]
                if gone:
                    Liaison.objects.filter(pk__in=gone).delete()
                new_liaisons += [
                    Liaison(committee=c, kind=kind, name=name, target=by_ref.get(name))
                    for kind, name in sorted(wanted - have.keys())
                ]
            Liaison.objects.bulk_create(new_liaisons, batch_size=2000)
        snapshot.counts = {
            "committees": len(records),
            "p": sum(len(r.p) for r in records),
            "o": sum(len(r.o) for r in records),
        }
        snapshot.save(update_fields=["counts"])
        from harmonia.accounts import audit

        audit.record(
            "import",
            model="committees.Snapshot",
            description=f"{source} · {taken_on}",
            **snapshot.counts,
        )
    return snapshot


def _kind(reference: str) -> str:
    last = reference.rsplit("/", 1)[-1]
    return last.split(" ")[0] if " " in last else ""


def import_committees(
    path: Path,
    taken_on: dt.date | None = None,
    progress: Callable[[int], None] | None = None,
) -> Snapshot:
    records = read(path)
    when = taken_on or date_from_name(path.name) or dt.date.today()
    return load(records, source=path.name, taken_on=when, progress=progress)
