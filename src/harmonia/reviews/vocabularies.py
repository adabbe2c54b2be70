"""Seed the review periods and outcomes from data/review_rules.json (migrations call
this; a body adds its own period rows in the admin)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "review_rules.json"


def seed_review_rules(apps: Any = None) -> None:
    from django.apps import apps as live

    registry = apps or live
    period = registry.get_model("reviews", "ReviewPeriod")
    outcome = registry.get_model("reviews", "ReviewOutcome")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for row in data["periods"]:
        if not period.objects.filter(body__isnull=True, doctype__isnull=True).exists():
            period.objects.create(years=row["years"], source=row["source"])
    for position, row in enumerate(data["outcomes"]):
        outcome.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "stage_id": row["stage"],
                "project_doctype_id": row["project_doctype"] or None,
                "withdraws": row["withdraws"],
                "position": position,
                "source": row["source"],
            },
        )
