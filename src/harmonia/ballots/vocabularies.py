"""Seed the ballot rules and types from data/ballot_rules.json (migrations call this)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "ballot_rules.json"


def seed_ballot_rules(apps: Any = None) -> None:
    from django.apps import apps as live

    registry = apps or live
    rule_model = registry.get_model("ballots", "BallotRule")
    type_model = registry.get_model("ballots", "BallotType")
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for r in data["rules"]:
        limit = r.get("negative_limit") or [None, None]
        rule_model.objects.get_or_create(
            slug=r["slug"],
            defaults={
                "name": r["name"],
                "p_threshold_num": r["p_threshold"][0],
                "p_threshold_den": r["p_threshold"][1],
                "p_strict": r["p_strict"],
                "negative_limit_num": limit[0],
                "negative_limit_den": limit[1],
                "ignore_unjustified": r["ignore_unjustified"],
                "min_participants_small": r.get("min_participants_small"),
                "min_participants_large": r.get("min_participants_large"),
                "large_committee_above": r.get("large_committee_above", 16),
                "source": r["source"],
            },
        )
    for position, t in enumerate(data["types"]):
        type_model.objects.get_or_create(
            slug=t["slug"],
            defaults={
                "name": t["name"],
                "rule_id": t["rule"],
                "weeks": t["weeks"],
                "electorate": t["electorate"],
                "missed_limit_percent": t["missed_limit_percent"],
                "participation_question": t.get("participation_question", ""),
                "position": position,
                "source": t["source"],
            },
        )
