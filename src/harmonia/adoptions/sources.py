"""National and regional catalogues in other shapes than the CSV/Excel table.

- Relaton YAML (a file, a directory or an archive), as `harmonia import relaton` reads
  it: adoption relations (`identicalAdoptionOf`, `modifiedAdoptionOf`,
  `nonequivalentAdoptionOf`, and `adoptedFrom`, which states no degree and is taken as
  IDT, as the `XX ISO ...` identifier forms are) become the `adopts` column.
- The EU's lists of harmonised standards as JSON (`eu_mdr_standards.tar.xz`, see
  ../shared/data/SOURCES.md): the EN documents, each adopting the ISO or IEC document its
  title names in parentheses (`... (ISO 10993-9:2019)`), and their amendments (`/A1:2025`
  adopts ISO's Amd 1:2025; `/A11` and above are CEN's own amendments and adopt nothing).
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from harmonia.catalogue.importers.relaton import parse_relaton
from harmonia.catalogue.importers.sources import SourceError, iter_path
from harmonia.identifiers import IdentifierError, parse, parse_adoption

from .national import NationalFileError, NationalRow

RELATON_DEGREES = {
    "identicalAdoptionOf": "IDT",
    "adoptedFrom": "IDT",
    "modifiedAdoptionOf": "MOD",
    "nonequivalentAdoptionOf": "NEQ",
}
_TITLE_ADOPTS = re.compile(r"\((?P<id>(?:ISO|IEC)[^()]*?:\d{4}(?:/[^()]*)?)\)\s*$")
_EN_AMENDMENT = re.compile(r"^(?P<base>.+?)/A(?P<n>\d+):(?P<year>\d{4})$")
_EN_OWN = re.compile(r"/(?:A\d+|AC)(?::\d{4})?$")


def kind_of(path: Path) -> str:
    """`table`, `relaton` or `eu-mdr`, from the file name and, for archives, the content."""
    name = path.name.lower()
    if name.endswith((".csv", ".tsv", ".txt", ".xlsx", ".xlsm")):
        return "table"
    if name.endswith((".yaml", ".yml")) or path.is_dir():
        return "relaton"
    if name.endswith(".json"):
        return "eu-mdr"
    if name.endswith((".tar.xz", ".tar.gz", ".tgz", ".zip")):
        try:
            for member, _ in iter_path(path, (".json", ".yaml", ".yml")):
                return "eu-mdr" if member.lower().endswith(".json") else "relaton"
        except SourceError as exc:
            raise NationalFileError([str(exc)]) from None
    raise NationalFileError([f"{path}: not a CSV, Excel, Relaton YAML or EU standards file"])


def relaton_rows(path: Path) -> list[NationalRow]:
    rows = []
    problems = []
    try:
        items = list(iter_path(path))
    except SourceError as exc:
        raise NationalFileError([str(exc)]) from None
    for line, (name, data) in enumerate(items, start=1):
        try:
            record = parse_relaton(name, data)
        except ValueError as exc:
            problems.append(str(exc))
            continue
        titles = record["titles"]
        english = next((t["content"] for t in titles if t["language"] == "en"), "")
        native = next((t for t in titles if t["language"] not in {"en", ""}), None)
        year = next(
            (int(d["value"][:4]) for d in record["dates"] if d["value"][:4].isdigit()), None
        )
        row = NationalRow(
            line=line,
            identifier=record["identifier"],
            title=native["content"] if native else english or titles[0]["content"],
            title_en=english if native else "",
            language=native["language"] if native else "en",
            year=year,
            status="withdrawn" if record["stage"][:2] == "95" else "current",
            ics=list(record["ics"]),
        )
        for rel in record["relations"]:
            degree = RELATON_DEGREES.get(rel["type"])
            if degree:
                row.adopts.append(rel["target"])
                row.degree = row.degree or degree
        rows.append(row)
    if problems:
        raise NationalFileError(problems)
    return rows


def _title(value: Any) -> str:
    if isinstance(value, dict):
        return str(value.get("en") or next(iter(value.values()), ""))
    return str(value or "")


def _en_adopts(number: str, title: str) -> str:
    amendment = _EN_AMENDMENT.match(number)
    if amendment and int(amendment.group("n")) < 10:
        base = _en_adopts(amendment.group("base"), title)
        if not base:
            return ""
        # Undated: the ISO amendment of that number, whatever its year (EN ISO
        # 11135:2014/A1:2019 adopts ISO 11135:2014/Amd 1:2018).
        return f"{base}/Amd {amendment.group('n')}"
    if _EN_OWN.search(number):
        return ""  # A11, A12..., AC: CEN's own amendments and corrigenda (EU annexes)
    named = _TITLE_ADOPTS.search(title)
    if named:
        try:
            return str(parse(named.group("id")).base)
        except IdentifierError:
            pass
    try:
        adopted = parse_adoption(number).adopted
    except IdentifierError:
        return ""
    return str(adopted[0]) if adopted else ""


def eu_mdr_rows(path: Path) -> list[NationalRow]:
    """The EN documents (and amendments) of the EU's harmonised-standards JSON lists."""
    seen: dict[str, NationalRow] = {}
    problems = []
    try:
        members = list(iter_path(path, (".json",)))
    except SourceError as exc:
        raise NationalFileError([str(exc)]) from None
    for name, data in members:
        if not name.endswith(".json") or name.endswith("_index.json"):
            continue
        try:
            standards = json.loads(data)["standards"]
        except RecursionError:
            problems.append(f"{name}: nested too deeply to be a list of standards")
            continue
        except (ValueError, KeyError, TypeError) as exc:
            problems.append(f"{name}: standards: {exc}")
            continue
        if not isinstance(standards, list) or not all(isinstance(s, dict) for s in standards):
            problems.append(f"{name}: standards: expected a list of objects")
            continue
        for i, item in enumerate(standards):
            number = str(item.get("number") or "").strip()
            if not number.startswith("EN "):
                continue  # ISO, IEC, ASTM documents the lists also name: not CEN's
            title = _title(item.get("title"))
            if not title:
                problems.append(f"{name}: standards[{i}].title: empty")
                continue
            for ident in [number, *(item.get("amendments") or [])]:
                if ident in seen:
                    continue
                adopts = _en_adopts(ident, title)
                year = re.search(r":(\d{4})(?:\+A\d+:\d{4})?$", ident)
                seen[ident] = NationalRow(
                    line=len(seen) + 1,
                    identifier=ident,
                    title=title if ident == number else f"{title} (amendment)",
                    language="en",
                    year=int(year.group(1)) if year else None,
                    status="current" if item.get("status", "active") == "active" else "withdrawn",
                    adopts=[adopts] if adopts else [],
                    degree="IDT" if adopts else "",
                    derive=not _EN_OWN.search(ident),
                )
    if problems:
        raise NationalFileError(problems)
    if not seen:
        raise NationalFileError([f"{path}: no EN standards found"])
    return list(seen.values())
