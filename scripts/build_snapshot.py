"""Build the catalogue snapshot that ships in the package (src/harmonia/demo/data/).

    python scripts/build_snapshot.py [--shared ../shared/data]

Imports ../shared/data/relaton-data-iso.tar.xz into a throw-away SQLite database
with the product's own importer (so duplicates are resolved the same way), then
writes each document as a compact Harmonia record: identifiers without the derived
reference forms, titles by part (the full title is rebuilt from them), only the
catalogue link. The ICS tree and the ISO members seed are copied, compressed.
Origins and licences: ../shared/data/SOURCES.md, summarised in the README.
"""

from __future__ import annotations

import argparse
import lzma
import os
import sys
import tempfile
from pathlib import Path

import orjson

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "src" / "harmonia" / "demo" / "data"


def compact(record: dict) -> dict:
    record = dict(record)
    record["identifiers"] = [i for i in record["identifiers"] if i["type"] != "iso-reference"]
    parts = {}
    for t in record["titles"]:
        if t["type"] in {"title-intro", "title-main", "title-part"}:
            parts.setdefault(t["language"], []).append(t["content"])
    # A full title equal to its joined parts is rebuilt on load (display_title does it).
    record["titles"] = [
        t
        for t in record["titles"]
        if not (t["type"] == "main" and " - ".join(parts.get(t["language"], [])) == t["content"])
    ]
    record["links"] = [link for link in record["links"] if link["type"] == "src"][:1]
    return record


def committee_files(shared: Path) -> None:
    """The committees of ISO Open Data, two dated snapshots: the 2026 CSV as it is, and
    the 2025-08-20 YAML as JSONL without the scope texts (the newer file carries them)."""
    import yaml

    source = shared / "iso-opendata"
    target = OUT / "iso_committees_2026-05-02.csv.xz"
    with lzma.open(target, "wb", preset=9) as out:
        out.write((source / "iso_technical_committees_2026.csv").read_bytes())
    print(f"{target.name}: {target.stat().st_size:,} bytes")
    older = yaml.load(
        (source / "committees_2025-08-20.yaml").read_text(encoding="utf-8"), Loader=yaml.CSafeLoader
    )
    target = OUT / "iso_committees_2025-08-20.jsonl.xz"
    with lzma.open(target, "wb", preset=9) as out:
        for item in older:
            item.pop("scope", None)
            out.write(orjson.dumps(item) + b"\n")
    print(f"{target.name}: {len(older):,} committees, {target.stat().st_size:,} bytes")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--shared", type=Path, default=ROOT.parent / "shared" / "data")
    parser.add_argument("--committees-only", action="store_true", help="only the committee files")
    args = parser.parse_args()
    if args.committees_only:
        committee_files(args.shared)
        return 0
    archive = args.shared / "relaton-data-iso.tar.xz"
    if not archive.exists():
        print(f"error: {archive} not found", file=sys.stderr)
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        os.environ["HARMONIA_VAR"] = tmp
        os.environ.pop("DATABASE_URL", None)
        os.environ["DJANGO_SETTINGS_MODULE"] = "harmonia.settings"
        import django

        django.setup()
        from django.core.management import call_command

        from harmonia.catalogue.importers.relaton import parse_relaton
        from harmonia.catalogue.importers.sources import iter_path
        from harmonia.catalogue.loading import import_items
        from harmonia.catalogue.records import iter_records

        call_command("migrate", verbosity=0)
        report = import_items("relaton", [str(archive)], iter_path(archive), parse_relaton)
        print(f"imported {report.created:,} documents from {report.read:,} records")
        OUT.mkdir(parents=True, exist_ok=True)
        target = OUT / "iso-catalogue.jsonl.xz"
        count = 0
        with lzma.open(target, "wb", preset=9 | lzma.PRESET_EXTREME) as out:
            for record in iter_records():
                out.write(orjson.dumps(compact(record)) + b"\n")
                count += 1
        print(f"{target.relative_to(ROOT)}: {count:,} records, {target.stat().st_size:,} bytes")
    for name, source in [
        ("ics.csv.xz", args.shared / "iso-opendata" / "ICS.csv"),
        ("iso_member_bodies.csv.xz", args.shared / "iso-members" / "iso_member_bodies_derived.csv"),
    ]:
        with lzma.open(OUT / name, "wb", preset=9) as out:
            out.write(source.read_bytes())
        print(f"{name}: {(OUT / name).stat().st_size:,} bytes")
    committee_files(args.shared)
    return 0


if __name__ == "__main__":
    sys.exit(main())
