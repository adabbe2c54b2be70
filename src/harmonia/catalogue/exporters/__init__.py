"""Exports: jsonl (native, lossless), Relaton YAML, CSV."""

from __future__ import annotations

import csv
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson
import yaml

from ..records import iter_records

Progress = Callable[[int], None]
_DUMPER = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


def export_jsonl(path: Path, progress: Progress | None = None) -> int:
    count = 0
    with path.open("wb") as out:
        for record in iter_records():
            out.write(orjson.dumps(record) + b"\n")
            count += 1
            if progress:
                progress(1)
    return count


def relaton_of(record: dict[str, Any]) -> dict[str, Any]:
    """The Relaton YAML mapping that re-imports to the same record."""
    doc: dict[str, Any] = {"schema-version": "v1.2.9", "id": record["source_id"]}
    doc["title"] = [_title(t) for t in record["titles"]]
    if record["links"]:
        doc["link"] = [_without_empty(content=x["url"], type=x["type"]) for x in record["links"]]
    doc["type"] = "standard"
    doc["docid"] = [
        {"id": d["id"], "type": d["type"], **({"primary": True} if d.get("primary") else {})}
        for d in record["identifiers"]
    ]
    if record["number"]:
        doc["docnumber"] = record["number"]
    if record["dates"]:
        doc["date"] = [{"type": d["type"], "value": d["value"]} for d in record["dates"]]
    doc["contributor"] = [
        {"organization": {"abbreviation": {"content": code}}, "role": [{"type": "publisher"}]}
        for code in [record["publisher"], *record["copublishers"]]
    ]
    if record["edition"]:
        doc["edition"] = {"content": record["edition"]}
    if record["languages"]:
        doc["language"] = record["languages"]
    if record["status"]:
        doc["docstatus"] = {"stage": {"value": record["status"]}}
    elif record["stage"]:
        stage, sub = record["stage"].split(".")
        doc["docstatus"] = {"stage": {"value": stage}, "substage": {"value": sub}}
    if record["relations"]:
        doc["relation"] = [
            {"type": r["type"], "bibitem": {"docid": [{"id": r["target"], "primary": True}]}}
            for r in record["relations"]
        ]
    ext: dict[str, Any] = {"doctype": {"type": record["doctype"]}}
    committee = record["committee"]
    if committee:
        tc = {"identifier": committee["reference"]}
        if committee["title"]:
            tc["name"] = committee["title"]
        if committee["kind"]:
            tc["type"] = committee["kind"]
        ext["editorialgroup"] = {"technical_committee": [tc]}
    if record["ics"]:
        ext["ics"] = [{"code": code} for code in record["ics"]]
    doc["ext"] = ext
    return doc


def _without_empty(**values: Any) -> dict[str, Any]:
    return {k: v for k, v in values.items() if v}


def _title(title: dict[str, str]) -> dict[str, Any]:
    language = [title["language"]] if title["language"] else None
    return _without_empty(content=title["content"], language=language, type=title["type"])


def file_name(identifier: str, taken: set[str]) -> str:
    stem = re.sub(r"[^0-9a-z]+", "-", identifier.lower()).strip("-") or "document"
    name, n = f"{stem}.yaml", 1
    while name in taken:
        n += 1
        name = f"{stem}-{n}.yaml"
    taken.add(name)
    return name


def export_relaton(path: Path, progress: Progress | None = None) -> int:
    """One Relaton YAML file a document in the directory `path`."""
    path.mkdir(parents=True, exist_ok=True)
    taken: set[str] = set()
    count = 0
    for record in iter_records():
        text = yaml.dump(
            relaton_of(record), Dumper=_DUMPER, allow_unicode=True, sort_keys=False, width=1000
        )
        (path / file_name(record["identifier"], taken)).write_text(text, "utf-8")
        count += 1
        if progress:
            progress(1)
    return count


CSV_COLUMNS = [
    "identifier", "publisher", "copublishers", "type", "edition", "stage", "status",
    "published", "year", "committee", "ics", "title_en", "title_fr", "title_other", "urn",
]  # fmt: skip


def export_csv(path: Path, progress: Progress | None = None) -> int:
    """A flat table for spreadsheets; UTF-8 with BOM so Excel reads Vietnamese right."""
    count = 0
    with path.open("w", encoding="utf-8-sig", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(CSV_COLUMNS)
        for r in iter_records():
            titles = {t["language"]: t["content"] for t in r["titles"] if t["type"] in {"main", ""}}
            published = next((d["value"] for d in r["dates"] if d["type"] == "published"), "")
            other = "; ".join(f"{k}: {v}" for k, v in titles.items() if k not in {"en", "fr"})
            urn = next((d["id"] for d in r["identifiers"] if d["type"] == "URN"), "")
            writer.writerow(
                [
                    r["identifier"],
                    r["publisher"],
                    " ".join(r["copublishers"]),
                    r["doctype"],
                    r["edition"],
                    r["stage"],
                    r["status"],
                    published,
                    published[:4],
                    (r["committee"] or {}).get("reference", ""),
                    " ".join(r["ics"]),
                    titles.get("en", ""),
                    titles.get("fr", ""),
                    other,
                    urn,
                ]
            )
            count += 1
            if progress:
                progress(1)
    return count
