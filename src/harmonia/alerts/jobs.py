"""The jobs the queue runs, by name: plain functions of JSON-able arguments, each safe
to run twice (a worker that dies mid-job leaves it to run again)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any


def _fan_out(batch: str) -> int:
    from .delivery import fan_out

    return fan_out(batch)


def _send(delivery: int) -> str:
    from .delivery import send

    return send(delivery)


def _scan() -> int:
    from .events import scan

    return len(scan())


def _digests() -> int:
    from .delivery import send_digests

    return len(send_digests())


def _sweep() -> int:
    from .delivery import sweep

    return sweep()


def _training_reminders() -> int:
    from harmonia.training.reminders import send_due

    return len(send_due())


JOBS: dict[str, Callable[..., Any]] = {
    "alerts.fan_out": _fan_out,
    "alerts.send": _send,
    "alerts.scan": _scan,
    "alerts.digests": _digests,
    "alerts.sweep": _sweep,
    "training.remind": _training_reminders,
}
