"""Seed the event kinds from data/event_kinds.json (the migration calls this; a body
changes the "closing soon" days in the admin)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "event_kinds.json"


def seed_event_kinds(apps: Any = None) -> None:
    from django.apps import apps as live

    kind = (apps or live).get_model("alerts", "EventKind")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for position, row in enumerate(data["kinds"]):
        kind.objects.get_or_create(
            slug=row["slug"],
            defaults={
                "name": row["name"],
                "deadline": row["deadline"],
                "soon_days": data["soon_days"].get(row["slug"]),
                "position": position,
                "source": data["source"],
            },
        )
