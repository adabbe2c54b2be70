"""The background job queue: rows in the database by default, Redis (RQ) when
HARMONIA_QUEUE_URL names one. The jobs are the same plain functions either way
(harmonia.alerts.jobs); each is safe to run twice, because a worker that dies mid-job
leaves it to be run again.

Failures are retried with exponential back-off: 30 s, 1 min, 2 min ... up to 1 h, six
attempts in all.
"""

from __future__ import annotations

import datetime as dt
import logging
import os
import socket
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.db import DatabaseError, IntegrityError, close_old_connections, transaction
from django.utils import timezone

from .models import Job, Tick

log = logging.getLogger("harmonia.worker")
jobs_log = logging.getLogger("harmonia.jobs")
MAX_ATTEMPTS = 6
BACKOFF_BASE = 30
BACKOFF_CAP = 3600
RQ_QUEUE = "harmonia"


def backoff(attempts: int) -> int:
    """Seconds to wait before the next attempt, after `attempts` failed ones."""
    return int(min(BACKOFF_BASE * 2 ** max(attempts - 1, 0), BACKOFF_CAP))


def using_redis() -> bool:
    return settings.QUEUE_URL.startswith(("redis://", "rediss://", "unix://"))


def enqueue(name: str, delay: int = 0, **payload: Any) -> None:
    """Queue job `name` with JSON-able keyword arguments. On the database the job row is
    written in the caller's transaction (it exists only if the change it follows does);
    on Redis it is sent once that transaction commits."""
    from .jobs import JOBS

    if name not in JOBS:
        raise KeyError(f"no such job: {name}")
    if using_redis():
        transaction.on_commit(lambda: _rq_enqueue(name, payload, delay), robust=True)
        return
    Job.objects.create(
        name=name,
        payload=payload,
        max_attempts=MAX_ATTEMPTS,
        run_after=timezone.now() + dt.timedelta(seconds=delay),
    )


# -- Redis ---------------------------------------------------------------------------------


def _redis() -> Any:
    from redis import Redis

    return Redis.from_url(settings.QUEUE_URL)


def rq_queue(connection: Any = None) -> Any:
    from rq import Queue

    return Queue(RQ_QUEUE, connection=connection or _redis())


def _rq_enqueue(name: str, payload: dict[str, Any], delay: int) -> None:
    from rq import Retry

    queue = rq_queue()
    intervals = [backoff(n) for n in range(1, MAX_ATTEMPTS)]
    kwargs = {"retry": Retry(max=MAX_ATTEMPTS - 1, interval=intervals), "result_ttl": 3600}
    if delay:
        queue.enqueue_in(dt.timedelta(seconds=delay), run_job, name, payload, **kwargs)
    else:
        queue.enqueue(run_job, name, payload, **kwargs)


_RQ_RAN = [0]  # jobs this process ran for RQ (SimpleWorker runs them here)


def run_job(name: str, payload: dict[str, Any]) -> Any:
    """What an RQ worker calls: the job by name, with Django's connections kept fresh."""
    from .jobs import JOBS

    _RQ_RAN[0] += 1
    close_old_connections()
    started = time.perf_counter()
    outcome = "failed"
    try:
        result = JOBS[name](**payload)
        outcome = "done"
        return result
    finally:
        _log_job(name, None, outcome, started)
        close_old_connections()


def _log_job(name: str, pk: int | None, outcome: str, started: float, attempt: int = 1) -> None:
    # One line per job run (a JSON line under HARMONIA_LOG_FORMAT=json).
    jobs_log.info(
        "job %s %s",
        name,
        outcome,
        extra={
            "job": name,
            "job_id": pk,
            "outcome": outcome,
            "attempt": attempt,
            "duration_ms": round((time.perf_counter() - started) * 1000, 2),
        },
    )


# -- the database queue ---------------------------------------------------------------


def worker_name() -> str:
    return f"{socket.gethostname()}:{os.getpid()}"[:80]


def claim(worker: str, now: dt.datetime | None = None) -> Job | None:
    """Take the next job that is due, or one whose worker's lease ran out. The claim is
    one conditional UPDATE, so of two workers racing for a row one wins, on SQLite and
    PostgreSQL alike."""
    now = now or timezone.now()
    lease = now + dt.timedelta(seconds=settings.JOB_LEASE_SECONDS)
    for _ in range(5):
        due = Job.objects.filter(state="queued", run_after__lte=now) | Job.objects.filter(
            state="running", locked_until__lt=now
        )
        candidate = due.order_by("run_after", "pk").values_list("pk", "state").first()
        if candidate is None:
            return None
        pk, state = candidate
        rows = Job.objects.filter(pk=pk, state=state)
        if state == "running":
            rows = rows.filter(locked_until__lt=now)
        won = rows.update(state="running", locked_until=lease, locked_by=worker)
        if won:
            return Job.objects.get(pk=pk)
    return None


def run_claimed(job: Job) -> bool:
    """Run a claimed job; a failure is retried after back-off or, past its attempts,
    left failed with the error. Returns whether it succeeded."""
    from .jobs import JOBS

    attempts = job.attempts + 1
    started = time.perf_counter()
    try:
        JOBS[job.name](**job.payload)
    except Exception as exc:  # a job's failure must not stop the worker
        log.warning("job %s #%s failed (attempt %s): %s", job.name, job.pk, attempts, exc)
        final = attempts >= job.max_attempts
        _log_job(job.name, job.pk, "failed" if final else "retrying", started, attempts)
        error = "".join(traceback.format_exception_only(exc)).strip()[:2000]
        if final:
            Job.objects.filter(pk=job.pk).update(
                state="failed", attempts=attempts, last_error=error, finished=timezone.now()
            )
        else:
            Job.objects.filter(pk=job.pk).update(
                state="queued",
                attempts=attempts,
                last_error=error,
                locked_until=None,
                run_after=timezone.now() + dt.timedelta(seconds=backoff(attempts)),
            )
        return False
    Job.objects.filter(pk=job.pk).update(
        state="done", attempts=attempts, finished=timezone.now(), locked_until=None
    )
    _log_job(job.name, job.pk, "done", started, attempts)
    return True


def run_due(worker: str | None = None, limit: int | None = None) -> int:
    """Run the database queue's due jobs until none is left (or `limit`); returns how
    many ran. Jobs a job queues are run too."""
    worker = worker or worker_name()
    ran = 0
    while limit is None or ran < limit:
        job = claim(worker)
        if job is None:
            break
        run_claimed(job)
        ran += 1
    return ran


# -- the clock: periodic jobs ---------------------------------------------------------

# (job, every so many seconds): the scan finds stage changes, adoptions and deadlines.
PERIODIC: list[tuple[str, int]] = [
    ("alerts.scan", 300),
    ("alerts.digests", 900),
    ("alerts.sweep", 300),
    # Each reminder is recorded once: hourly runs send each deadline's mail once.
    ("training.remind", 3600),
]


_TAKEN: dict[str, str] = {}  # the slot this process last took or saw taken, per job


def tick(now: dt.datetime | None = None) -> list[str]:
    """Queue each periodic job whose slot has come; a slot is taken once (a unique row),
    however many workers run the clock."""
    now = now or timezone.now()
    queued = []
    for name, every in PERIODIC:
        slot = str(int(now.timestamp()) // every)
        if _TAKEN.get(name) == slot:
            continue  # asked already: the worker loop ticks every second
        _TAKEN[name] = slot
        try:
            with transaction.atomic():
                Tick.objects.create(name=name, slot=slot, at=now)
                enqueue(name)
        except IntegrityError:
            continue
        queued.append(name)
    if queued:
        Tick.objects.filter(at__lt=now - dt.timedelta(days=2)).delete()
    return queued


def work(
    *,
    burst: bool = False,
    poll: float = 1.0,
    should_stop: Callable[[], bool] = lambda: False,
    clock: bool = True,
) -> int:
    """The worker loop of `harmonia worker`: run the clock, then the due jobs, and wait
    `poll` seconds when there is nothing to do. `burst`: stop once nothing is due."""
    worker = worker_name()
    ran = 0
    rq_worker = _rq_worker() if using_redis() else None
    while not should_stop():
        close_old_connections()
        try:
            if clock:
                tick()
            if rq_worker is not None:
                before = _RQ_RAN[0]
                rq_worker.work(burst=True, with_scheduler=True, logging_level="WARNING")
                done = _RQ_RAN[0] - before
            else:
                done = run_due(worker)
        except DatabaseError as exc:
            # The database busy (a long import holding SQLite's write lock) or gone for
            # a moment: the worker waits and tries again rather than dying.
            log.warning("worker: database unavailable, waiting: %s", exc)
            close_old_connections()
            time.sleep(poll * 5)
            continue
        ran += done
        if burst and not done:
            break
        if not done:
            time.sleep(poll)
    return ran


def _rq_worker() -> Any:
    from rq import SimpleWorker

    class Worker(SimpleWorker):  # type: ignore[misc]
        """RQ's worker with the signals left alone: `harmonia worker` handles SIGTERM
        itself (the job at hand ends first), a thread may not set handlers, and RQ's
        handlers would outlive the burst in the process that ran it (its forked
        children, such as an import's parser processes, would then ignore SIGTERM)."""

        def _install_signal_handlers(self) -> None:
            pass

    # SimpleWorker runs jobs in this process: Django's connections stay where they are
    # opened, and a job killed with the worker is left to the sweep to queue again.
    connection = _redis()
    return Worker([rq_queue(connection)], connection=connection)
