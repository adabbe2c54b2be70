"""gunicorn's configuration hooks for `harmonia serve` (read by gunicorn, not imported
by Harmonia): the counters of a web process that has ended leave /metrics' sums."""

from __future__ import annotations

from typing import Any

# Imported here, when gunicorn reads its configuration: child_exit runs in a signal
# handler, where a first import can be interrupted by the next child's exit and the
# half-imported module takes gunicorn's master down with it.
from prometheus_client import multiprocess


def child_exit(server: Any, worker: Any) -> None:
    multiprocess.mark_process_dead(worker.pid)
