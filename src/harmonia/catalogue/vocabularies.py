"""Seed the vocabularies (stage codes, document and relation types) from package data."""

from __future__ import annotations

import json
from functools import cache
from importlib import resources
from typing import Any


@cache
def vocabulary_data() -> dict[str, Any]:
    base = resources.files("harmonia.catalogue") / "data"
    data: dict[str, Any] = json.loads((base / "vocabularies.json").read_text("utf-8"))
    data["stages"] = json.loads((base / "harmonized_stage_code.json").read_text("utf-8"))
    return data


def seed_vocabularies(apps: Any = None) -> None:
    """Create missing rows; rows staff have edited are left as they are."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Stage = apps.get_model("catalogue", "Stage")
    StageCode = apps.get_model("catalogue", "StageCode")
    DocumentType = apps.get_model("catalogue", "DocumentType")
    RelationType = apps.get_model("catalogue", "RelationType")
    data = vocabulary_data()
    source = data["stage_source"]
    vocab = data["stages"]["vocabulary"]
    for kind, key in (("stage", "XX"), ("substage", "YY")):
        for row in vocab[key]:
            Stage.objects.get_or_create(
                kind=kind, code=row["code"], defaults={"name": row["name"], "source": source}
            )
    for row in vocab["XX.YY"]:
        code = row["code"]
        StageCode.objects.get_or_create(
            code=code,
            defaults={
                "name": row["name"],
                "stage": code[:2],
                "substage": code[3:],
                "source": source,
            },
        )
    types = data["document_types"]
    for slug, name, abbreviation in types["rows"]:
        DocumentType.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "abbreviation": abbreviation, "source": types["source"]},
        )
    relations = data["relation_types"]
    for slug, name, inverse in relations["rows"]:
        RelationType.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "inverse_name": inverse, "source": relations["source"]},
        )
