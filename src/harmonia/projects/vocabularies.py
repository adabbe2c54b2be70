"""Seed the stage transitions and default stage periods (migrations call these)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .transitions import SOURCE, derive

DATA = Path(__file__).parent / "data"


def seed_transitions(apps: Any = None) -> int:
    from django.apps import apps as live

    registry = apps or live
    code_model = registry.get_model("catalogue", "StageCode")
    model = registry.get_model("projects", "StageTransition")
    codes = list(code_model.objects.values_list("code", flat=True))
    n = 0
    for a, b, kind in derive(codes):
        _, made = model.objects.get_or_create(
            from_code_id=a, to_code_id=b, defaults={"kind": kind, "source": SOURCE}
        )
        n += made
    return n


def seed_periods(apps: Any = None) -> None:
    from django.apps import apps as live

    model = (apps or live).get_model("projects", "StagePeriod")
    data = json.loads((DATA / "stage_periods.json").read_text(encoding="utf-8"))
    for stage, weeks in data["weeks"].items():
        model.objects.get_or_create(
            body=None, stage=stage, defaults={"weeks": weeks, "source": data["source"]}
        )
