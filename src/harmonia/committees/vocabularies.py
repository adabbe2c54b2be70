"""Seed the member statuses (P, O) from data/member_statuses.json."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "member_statuses.json"


def seed_statuses(apps: Any = None) -> None:
    from django.apps import apps as live

    model = (apps or live).get_model("committees", "MemberStatus")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for s in data["statuses"]:
        model.objects.get_or_create(
            slug=s["slug"],
            defaults={
                "name": s["name"],
                "votes": s["votes"],
                "description": s["description"],
                "source": data["source"],
            },
        )
