"""Reference data: the ICS tree and the standards bodies.

Both are all-or-nothing: a bad row is reported with its file and line, and nothing is
written. Bodies seeded from the derived ISO members file record, per field, where the
value came from, because that file is a seed to be corrected by staff (see
../shared/data/SOURCES.md), not an authority.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from importlib import resources
from pathlib import Path
from typing import Any

from django.db import transaction

from .importers.sources import SourceError, iter_path
from .importers.yamlparse import YamlError, parse_document
from .loading import resolve_references
from .models import ICS, Body


class ReferenceDataError(ValueError):
    pass


def _csv_rows(name: str, text: str) -> Iterable[tuple[int, dict[str, str]]]:
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    for row in reader:
        yield reader.line_num, row


def ics_rows_from_csv(name: str, data: bytes) -> list[dict[str, Any]]:
    """Rows of ISO Open Data's ICS.csv (identifier, parent, titleEn, titleFr, scopeEn, scopeFr)."""
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    out = []
    for line, row in _csv_rows(name, text):
        code = (row.get("identifier") or "").strip()
        title = (row.get("titleEn") or "").strip()
        if not code:
            raise ReferenceDataError(f"{name}, line {line}: identifier: missing")
        if not title:
            raise ReferenceDataError(f"{name}, line {line}: titleEn: missing")
        out.append(
            {
                "code": code,
                "parent": (row.get("parent") or "").strip() or None,
                "title_en": title,
                "title_fr": (row.get("titleFr") or "").strip(),
                "scope_en": (row.get("scopeEn") or "").strip(),
                "scope_fr": (row.get("scopeFr") or "").strip(),
            }
        )
    if not out:
        raise ReferenceDataError(f"{name}: no ICS rows")
    return out


def ics_rows_from_yaml(items: Iterable[tuple[str, bytes]]) -> list[dict[str, Any]]:
    """Rows from metanorma's iso-ics-codes (one YAML a code; parent from the code)."""
    out = []
    for name, data in items:
        try:
            doc = parse_document(data)
        except YamlError as exc:
            raise ReferenceDataError(f"{name}: {exc}") from None
        if not isinstance(doc, dict) or not doc.get("code"):
            raise ReferenceDataError(f"{name}: code: missing")
        code = str(doc["code"])
        parent = code.rsplit(".", 1)[0] if "." in code else None
        title = str(doc.get("description") or "").strip()
        if not title:
            raise ReferenceDataError(f"{name}: description: missing")
        out.append({"code": code, "parent": parent, "title_en": title})
    return out


def load_ics(rows: list[dict[str, Any]]) -> int:
    codes = {r["code"] for r in rows}
    for r in rows:
        if (
            r["parent"]
            and r["parent"] not in codes
            and not ICS.objects.filter(code=r["parent"]).exists()
        ):
            raise ReferenceDataError(f"ICS {r['code']}: parent {r['parent']} is not in the tree")
    rows = sorted(rows, key=lambda r: (r["code"].count("."), r["code"]))
    with transaction.atomic():
        for r in rows:
            values = {k: v for k, v in r.items() if k not in {"code", "parent"}}
            values["parent_id"] = r["parent"]
            values["level"] = r["code"].count(".") + 1
            ICS.objects.update_or_create(code=r["code"], defaults=values)
        resolve_references()
    return len(rows)


def import_ics(path: Path) -> int:
    """Load the ICS tree from ICS.csv or the ics-ed7 YAML archive."""
    try:
        if path.name.lower().endswith(".csv"):
            rows = ics_rows_from_csv(str(path), path.read_bytes())
        else:
            rows = ics_rows_from_yaml(iter_path(path))
    except (OSError, SourceError) as exc:
        raise ReferenceDataError(str(exc)) from None
    return load_ics(rows)


# International and regional bodies; national bodies come from the members file.
INTERNATIONAL_BODIES = [
    ("ISO", "International Organization for Standardization", "international"),
    ("IEC", "International Electrotechnical Commission", "international"),
    ("ITU", "International Telecommunication Union", "international"),
    ("IEEE", "Institute of Electrical and Electronics Engineers", "other"),
    ("ASTM", "ASTM International", "other"),
    ("CIE", "International Commission on Illumination", "international"),
    ("CISPR", "International Special Committee on Radio Interference", "international"),
    ("CEN", "European Committee for Standardization", "regional"),
    ("CENELEC", "European Committee for Electrotechnical Standardization", "regional"),
    ("ETSI", "European Telecommunications Standards Institute", "regional"),
    ("EASC", "Euro-Asian Council for Standardization, Metrology and Certification", "regional"),
    ("ARSO", "African Organisation for Standardisation", "regional"),
    ("ACCSQ", "ASEAN Consultative Committee for Standards and Quality", "regional"),
    ("PASC", "Pacific Area Standards Congress", "regional"),
    ("COPANT", "Pan American Standards Commission", "regional"),
]
SEED = "built-in list of international and regional bodies"
MEMBERS = "iso_member_bodies_derived.csv"


def body_rows_from_members_csv(name: str, data: bytes) -> list[dict[str, Any]]:
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ReferenceDataError(f"{name}: not UTF-8 text (byte {exc.start})") from None
    out = []
    for line, row in _csv_rows(name, text):
        country = (row.get("country") or "").strip()
        alpha2 = (row.get("country_alpha2") or "").strip().upper()
        if not country:
            raise ReferenceDataError(f"{name}, line {line}: country: missing")
        if alpha2 and len(alpha2) != 2:
            raise ReferenceDataError(f"{name}, line {line}: country_alpha2: {alpha2!r}")
        acronym = (row.get("acronym_2022") or "").strip()
        code = acronym or f"NSB-{alpha2 or country}"
        sources = {
            "country": f"{MEMBERS} (country)",
            "country_code": f"{MEMBERS} (pycountry join)",
            "acronym": f"{MEMBERS} (StanDat 2022)" if acronym else "none in the seed",
            "name": f"{MEMBERS} (StanDat 2022)" if row.get("name_2022") else "none in the seed",
            "iso_category": f"{MEMBERS} (iso.org members page, 2018)",
            "iec_category": f"{MEMBERS} (iec.ch members page, 2018)",
            "iso_opendata_id": f"{MEMBERS} (ISO Open Data 2026, matched by acronym)",
        }
        out.append(
            {
                "code": code,
                "acronym": acronym,
                "name": (row.get("name_2022") or "").strip()
                or f"National standards body of {country}",
                "kind": "national",
                "country": country,
                "country_code": alpha2,
                "iso_category": (row.get("iso_category_2018") or "").strip(),
                "iec_category": (row.get("iec_category_2018") or "").strip(),
                "iso_opendata_id": (row.get("iso_opendata_id") or "").strip(),
                "field_sources": sources,
            }
        )
    return out


def load_bodies(rows: list[dict[str, Any]]) -> int:
    """Create or fill in bodies; values staff have edited since (a different source) stay."""
    rows = [
        {
            "code": code,
            "acronym": code,
            "name": name,
            "kind": kind,
            "field_sources": {"name": SEED, "kind": SEED},
        }
        for code, name, kind in INTERNATIONAL_BODIES
    ] + rows
    with transaction.atomic():
        for row in rows:
            body, created = Body.objects.get_or_create(code=row["code"], defaults=row)
            if created:
                continue
            changed = False
            for key, value in row.items():
                if key in {"code", "field_sources"}:
                    continue
                source = body.field_sources.get(key, "")
                # Overwrite only values that came from a seed (or were empty): never edits.
                seeded = getattr(body, key) in ("", None) or source.startswith(
                    (MEMBERS, "named as")
                )
                if seeded and getattr(body, key) != value:
                    setattr(body, key, value)
                    body.field_sources[key] = row.get("field_sources", {}).get(key, SEED)
                    changed = True
            if changed:
                body.save()
        apply_body_names()
    return len(rows)


def apply_body_names(model: Any = None) -> int:
    """Give the bodies the names in other languages that ship in data/body_names.json,
    where a body holds none for that language yet (names set in the admin stay)."""
    model = model or Body
    held = json.loads(
        (resources.files("harmonia.catalogue") / "data" / "body_names.json").read_text("utf-8")
    )["names"]
    changed = 0
    for body in model.objects.filter(code__in=list(held)):
        names = dict(body.names or {})
        for lang, name in held[body.code].items():
            names.setdefault(lang, name)
        if names != body.names:
            body.names = names
            body.save(update_fields=["names"])
            changed += 1
    return changed


def import_bodies(path: Path) -> int:
    try:
        rows = body_rows_from_members_csv(str(path), path.read_bytes())
    except OSError as exc:
        raise ReferenceDataError(f"{path}: {exc.strerror}") from None
    return load_bodies(rows)
