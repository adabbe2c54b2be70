"""Seed the comment types and resolutions from data/comment_vocabularies.json
(migrations call this; a body adds its own rows in the admin)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "comment_vocabularies.json"


def seed_comment_vocabularies(apps: Any = None) -> None:
    from django.apps import apps as live

    registry = apps or live
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for model_name, key in (("CommentType", "types"), ("Resolution", "resolutions")):
        model = registry.get_model("comments", model_name)
        for position, row in enumerate(data[key]):
            model.objects.get_or_create(
                slug=row["slug"],
                defaults={"name": row["name"], "position": position, "source": row["source"]},
            )
