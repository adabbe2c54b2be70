"""Seed the degrees of correspondence and adoption methods from package data."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any


def seed(apps: Any = None) -> None:
    """Create missing rows; rows staff have edited stay as they are."""
    if apps is None:
        from django.apps import apps as global_apps

        apps = global_apps
    Degree = apps.get_model("adoptions", "Degree")
    AdoptionMethod = apps.get_model("adoptions", "AdoptionMethod")
    data = json.loads(
        (resources.files("harmonia.adoptions") / "data" / "vocabularies.json").read_text("utf-8")
    )
    degrees = data["degrees"]
    for code, name, is_adoption, description in degrees["rows"]:
        Degree.objects.get_or_create(
            code=code,
            defaults={
                "name": name,
                "is_adoption": is_adoption,
                "description": description,
                "source": degrees["source"],
            },
        )
    methods = data["methods"]
    for slug, name, description in methods["rows"]:
        AdoptionMethod.objects.get_or_create(
            slug=slug,
            defaults={"name": name, "description": description, "source": methods["source"]},
        )
