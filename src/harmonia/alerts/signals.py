"""The alerts follow the catalogue's imports: what was held before the write, then the
events the import made (new documents, stage changes, new editions)."""

from __future__ import annotations

from typing import Any

from harmonia.catalogue import signals as catalogue_signals

from . import events


def _writing(sender: Any, records: list[dict[str, Any]], notes: dict[str, Any], **kw: Any) -> None:
    notes["alerts.before"] = events.before_import(records)


def _written(sender: Any, run: Any, keys: list[str], notes: dict[str, Any], **kw: Any) -> None:
    events.after_import(run, notes["alerts.before"], keys)


catalogue_signals.import_writing.connect(_writing, dispatch_uid="alerts-import-writing")
catalogue_signals.import_written.connect(_written, dispatch_uid="alerts-import-written")
