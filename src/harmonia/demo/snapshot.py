"""Load the catalogue snapshot shipped in the package (built by scripts/build_snapshot.py)."""

from __future__ import annotations

import lzma
from collections.abc import Callable
from importlib import resources
from pathlib import Path

from harmonia.catalogue.importers.jsonl import iter_lines, parse_jsonl
from harmonia.catalogue.loading import import_items
from harmonia.catalogue.reference_data import (
    body_rows_from_members_csv,
    ics_rows_from_csv,
    load_bodies,
    load_ics,
)


def data_dir() -> Path:
    return Path(str(resources.files("harmonia.demo") / "data"))


def load_snapshot(progress: Callable[[int], None] | None = None) -> str:
    """Bodies, the ICS tree and the ISO catalogue; loading twice changes nothing."""
    base = data_dir()
    bodies = load_bodies(
        body_rows_from_members_csv(
            "iso_member_bodies.csv.xz",
            lzma.decompress((base / "iso_member_bodies.csv.xz").read_bytes()),
        )
    )
    ics = load_ics(
        ics_rows_from_csv("ics.csv.xz", lzma.decompress((base / "ics.csv.xz").read_bytes()))
    )
    catalogue = base / "iso-catalogue.jsonl.xz"
    report = import_items(
        "snapshot", [catalogue.name], iter_lines(catalogue), parse_jsonl, progress=progress
    )
    return (
        f"demo snapshot: {bodies:,} bodies, {ics:,} ICS codes, "
        f"{report.read:,} ISO catalogue records ({report.created:,} new, "
        f"{report.unchanged:,} already loaded)"
    )
