"""Relaton YAML records of ISO 9001's editions (shaped like ../shared/data's), written
to a directory for `import_items` or `harmonia import relaton`."""

from __future__ import annotations

from pathlib import Path

TEMPLATE = """\
---
schema-version: v1.2.9
id: {slug}
title:
- content: {title}
  language:
  - en
  type: main
type: standard
docid:
- id: {identifier}
  type: ISO
  primary: true
docnumber: '{number}'
date:
- type: published
  value: '{published}'
contributor:
- organization:
    name:
    - content: International Organization for Standardization
    abbreviation:
      content: ISO
  role:
  - type: publisher
language:
- en
docstatus:
  stage:
    value: '{stage}'
  substage:
    value: '{substage}'
ext:
  schema-version: v1.0.3
  doctype:
    type: international-standard
  editorialgroup:
    technical_committee:
    - name: Quality management and quality assurance
      number: 176
      type: TC
      identifier: ISO/TC 176
  ics:
  - code: {ics}
    text: Quality management and quality assurance
"""


def record(
    identifier: str,
    published: str,
    stage: str = "60.60",
    title: str = "Quality management systems - Requirements",
    ics: str = "03.120.10",
) -> str:
    number = identifier.split()[1].split(":")[0]
    return TEMPLATE.format(
        slug=identifier.replace(" ", "").replace(":", "-").replace("/", "-"),
        title=title,
        identifier=identifier,
        number=number,
        published=published,
        stage=stage.split(".")[0],
        substage=stage.split(".")[1],
        ics=ics,
    )


def write(path: Path, *records: str) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    for i, text in enumerate(records):
        (path / f"r{i}.yaml").write_text(text, "utf-8")
    return path


def import_dir(path: Path) -> object:
    from harmonia.catalogue.importers.relaton import parse_relaton
    from harmonia.catalogue.importers.sources import iter_path
    from harmonia.catalogue.loading import import_items

    return import_items("relaton", [str(path)], iter_path(path), parse_relaton, workers=1)
