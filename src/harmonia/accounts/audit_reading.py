"""An audit entry as a body's administrator reads it: the action and the kind of
object in their language, and each changed field by its name with the values before
and after, a reference to another row shown as that row (`Nguyễn Văn A`, not 18).

The entries stay as they were written (append-only); this only reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext, gettext_noop

from harmonia.catalogue.models import Body

from .models import AuditEvent

ACTIONS = {
    "create": gettext_noop("created"),
    "update": gettext_noop("changed"),
    "delete": gettext_noop("deleted"),
    "import": gettext_noop("imported"),
    "sign-in": gettext_noop("signed in"),
    "permission:create": gettext_noop("permission given"),
    "permission:delete": gettext_noop("permission taken back"),
}


@dataclass
class Change:
    field: str
    before: str
    after: str


@dataclass
class Reading:
    event: AuditEvent
    action: str
    kind: str
    changes: list[Change]


def _model(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field(model: type[models.Model] | None, name: str) -> models.Field | None:
    if model is None:
        return None
    for candidate in (name, name.removesuffix("_id")):
        try:
            return model._meta.get_field(candidate)  # type: ignore[return-value]
        except FieldDoesNotExist:
            continue
    return None


def _shown(value: Any, field: models.Field | None, rows: dict[tuple[Any, Any], str]) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field is not None and field.is_relation and field.related_model is not None:
        return rows.get((field.related_model, value), str(value))
    if field is not None and field.choices:
        return str(dict(field.flatchoices).get(value, value))
    if isinstance(value, list | dict):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)


def read(events: Iterable[AuditEvent]) -> list[Reading]:
    """The entries of a page, with the rows they refer to read once per kind."""
    events = list(events)
    # References shown by name: people and bodies, a query each per page whatever the
    # number of entries; other references show their key (a role's or a stage's code).
    shown_by_name = {get_user_model(), Body}
    wanted: dict[Any, set[Any]] = {}
    for e in events:
        model = _model(e.model)
        for values in (e.before or {}, e.after or {}):
            if not isinstance(values, dict):
                continue
            for name, value in values.items():
                f = _field(model, name)
                if f is not None and f.related_model in shown_by_name and value is not None:
                    wanted.setdefault(f.related_model, set()).add(value)
    rows: dict[tuple[Any, Any], str] = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=list(pks)[:1000]):
            rows[(related, obj.pk)] = str(obj)
    readings = []
    for e in events:
        model = _model(e.model)
        before = e.before if isinstance(e.before, dict) else {}
        after = e.after if isinstance(e.after, dict) else {}
        changes = []
        for name in dict.fromkeys([*before, *after]):
            if name in before and name in after and before[name] == after[name]:
                continue
            f = _field(model, name)
            # Names are translated by harmonia.accounts.field_names' catalogue entries.
            label = gettext(str(f.verbose_name) if f is not None else name.replace("_", " "))
            changes.append(
                Change(
                    label[:1].upper() + label[1:],
                    _shown(before.get(name), f, rows) if name in before else "—",
                    _shown(after.get(name), f, rows) if name in after else "—",
                )
            )
        kind = gettext(str(model._meta.verbose_name)) if model is not None else e.model
        readings.append(Reading(e, gettext(ACTIONS.get(e.action, e.action)), kind, changes))
    return readings
