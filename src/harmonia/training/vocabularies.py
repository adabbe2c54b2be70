"""The data tables of capacity building, read from data/: the feedback criteria (seeded
by a migration; a host adds its own in the admin) and the countries' UN M49 regions
that the dashboard groups participants by."""

from __future__ import annotations

import csv
import functools
import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data"
NOT_PLACED = ("—", "—")


def seed_feedback_criteria(apps: Any = None) -> None:
    from django.apps import apps as live

    model = (apps or live).get_model("training", "FeedbackCriterion")
    data = json.loads((DATA / "feedback_criteria.json").read_text(encoding="utf-8"))
    for position, row in enumerate(data["criteria"]):
        model.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "scope": row["scope"],
                "position": position,
                "source": data["source"],
            },
        )


@functools.cache
def _regions() -> dict[str, tuple[str, str]]:
    lines = [
        line
        for line in (DATA / "regions.csv").read_text(encoding="utf-8").splitlines()
        if line and not line.startswith("#")
    ]
    out: dict[str, tuple[str, str]] = {}
    for row in csv.DictReader(lines):
        for code in row["countries"].split():
            out[code] = (row["region"], row["area"])
    return out


def region_of(country_code: str) -> tuple[str, str]:
    """(region, area) of a country by UN M49, e.g. ("Asia", "South-eastern Asia")."""
    return _regions().get(country_code.upper(), NOT_PLACED)
