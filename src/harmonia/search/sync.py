"""Keep the search index in step with the catalogue.

Writers call `changed(pks)` inside their transaction: the documents go to the outbox
(`PendingChange`) and `catch_up` runs after commit. A process that starts, or that
has not looked for a while, catches up with whatever another process (or a crash)
left in the outbox, and rebuilds an index that is missing or holds a different number
of documents than the catalogue.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterable

from django.db import transaction

from .models import REBUILD, PendingChange

FULL_REBUILD_ABOVE = 20_000
BATCH = 50_000  # outbox rows read at a time
CHECK_EVERY = 2.0  # seconds between looks at the outbox from the search path
_lock = threading.Lock()
_checked: dict[str, float] = {}


def changed(pks: Iterable[int | None]) -> None:
    ids = {int(pk) for pk in pks if pk}
    if not ids:
        return
    _enqueue({REBUILD} if len(ids) > FULL_REBUILD_ABOVE else ids)


def _enqueue(ids: set[int]) -> None:
    PendingChange.objects.bulk_create(
        [PendingChange(document_id=pk) for pk in sorted(ids)], batch_size=1000
    )
    _catch_up_after_commit()


class _CatchUpOnCommit:
    """The on-commit hook; it knows whether it has run (a test's captured hooks stay in
    the connection's list after they run)."""

    def __init__(self) -> None:
        self.ran = False
        # Django names a robust hook that raised by its __qualname__ when it logs the error.
        self.__qualname__ = "search.sync.catch_up"

    def __call__(self) -> None:
        self.ran = True
        catch_up()


def _catch_up_after_commit() -> None:
    # One catch-up a transaction, however many batches an import writes in it: each
    # one would read the outbox again after the commit.
    conn = transaction.get_connection()
    hooks = getattr(conn, "run_on_commit", [])
    if conn.in_atomic_block and any(
        isinstance(hook[1], _CatchUpOnCommit) and not hook[1].ran for hook in hooks
    ):
        return
    transaction.on_commit(_CatchUpOnCommit(), robust=True)


def changed_keys(keys: Iterable[str]) -> None:
    """Documents by canonical key (the importers know keys, not ids)."""
    from harmonia.catalogue.models import Document

    wanted = list(set(keys))
    if len(wanted) > FULL_REBUILD_ABOVE:
        # not through changed(): REBUILD is document 0, which changed() drops as no id
        _enqueue({REBUILD})
        return
    ids: list[int] = []
    for i in range(0, len(wanted), 900):
        ids += Document.objects.filter(key__in=wanted[i : i + 900]).values_list("pk", flat=True)
    changed(ids)


def catch_up() -> int:
    """Index what the outbox holds, until it is empty; returns the number of documents
    (re)indexed. Past FULL_REBUILD_ABOVE documents, one rebuild is cheaper than upserts."""
    from .backends import backend
    from .entries import iter_entries

    total = 0
    with _lock:
        while True:
            rows = list(
                PendingChange.objects.order_by("id").values_list("id", "document_id")[:BATCH]
            )
            if not rows:
                return total
            pks = {pk for _, pk in rows}
            engine = backend()
            if REBUILD in pks or len(pks) > FULL_REBUILD_ABOVE:
                # The rebuild reads the catalogue as it is now: every change already in
                # the outbox is in it; later ones stay for the next turn.
                last = PendingChange.objects.order_by("-id").values_list("id", flat=True)[0]
                total += engine.rebuild(iter_entries(), None)
                PendingChange.objects.filter(id__lte=last).delete()
                continue
            entries = list(iter_entries(pks))
            engine.upsert(entries)
            engine.delete(sorted(pks - {e.pk for e in entries}))
            total += len(pks)
            done = [row_id for row_id, _ in rows]
            for i in range(0, len(done), 900):
                PendingChange.objects.filter(id__in=done[i : i + 900]).delete()


def rebuild(progress: Callable[[int], None] | None = None) -> int:
    from .backends import backend
    from .entries import iter_entries

    with _lock:
        PendingChange.objects.all().delete()
        return backend().rebuild(iter_entries(), progress)


def ensure_ready() -> None:
    """Before a search: first time in a process, rebuild a missing or stale index; then,
    every few seconds, index what other processes left in the outbox."""
    from django.db import connection

    from harmonia.catalogue.models import Document

    from .backends import backend

    name = str(connection.settings_dict["NAME"])
    now = time.monotonic()
    last = _checked.get(name)
    if last is not None and now - last < CHECK_EVERY:
        return
    _checked[name] = now
    if last is None:
        engine = backend()
        catch_up()
        if engine.count() != Document.objects.count():
            rebuild()
        return
    if PendingChange.objects.exists():
        catch_up()


def forget() -> None:
    """Tests: look again at the next search."""
    _checked.clear()
