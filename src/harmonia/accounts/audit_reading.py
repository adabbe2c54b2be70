"""An audit entry as a body's administrator reads it: the action and the kind of
object in their language, and each changed field by its name with the values before
and after, a reference to another row shown as that row (`Nguyễn Văn A`, not 18).

The entries stay as they were written (append-only); this only reads them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from types import SimpleNamespace
from typing import Any

from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.db.models import CharField, Value
from django.db.models.functions import Cast
from django.utils.translation import gettext, gettext_noop

from harmonia.catalogue.models import Body
from harmonia.catalogue.reader_language import country_of

from . import audit
from .field_names import RECORDED_NAMES
from .models import AuditEvent

ACTIONS = {
    "create": gettext_noop("created"),
    "remove-person": gettext_noop("person removed"),
    "update": gettext_noop("changed"),
    "delete": gettext_noop("deleted"),
    "import": gettext_noop("imported"),
    "sign-in": gettext_noop("signed in"),
    "permission:create": gettext_noop("permission given"),
    "permission:delete": gettext_noop("permission taken back"),
}


# How the change came: the web app, the REST API, the command line, or the software
# itself (a scheduled job, an import run by the worker).
VIA = {
    "web": gettext_noop("web"),
    "api": gettext_noop("API"),
    "cli": gettext_noop("command line"),
    "system": gettext_noop("system"),
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
    via: str


def _is_vocabulary(model: type[models.Model]) -> bool:
    """A table of named values with their source (roles, ballot types, stages…)."""
    names = {f.name for f in model._meta.get_fields()}
    return "name" in names and ("source" in names or "slug" in names)


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
    if value == audit.HIDDEN:
        return gettext("changed; not recorded")
    if isinstance(value, bool):
        return gettext("yes") if value else gettext("no")
    if field is not None and field.is_relation and field.related_model is not None:
        shown = rows.get((field.related_model, value)) or rows.get(
            (field.related_model, str(value))
        )
        return shown or str(value)
    if field is not None and field.choices:
        return gettext(str(dict(field.flatchoices).get(value, value)))
    if isinstance(value, list | dict):
        return ", ".join(map(str, value)) if isinstance(value, list) else str(value)
    return str(value)


def read(events: Iterable[AuditEvent]) -> list[Reading]:
    """The entries of a page, with the rows they refer to read once per kind."""
    events = list(events)
    # References shown by name: people and bodies, a query each per page whatever the
    # number of entries, and vocabularies (below); other references show their key.
    shown_by_name = {get_user_model(), Body}
    wanted: dict[Any, set[Any]] = {}
    named: set[Any] = set()
    for e in events:
        model = _model(e.model)
        for values in (e.before or {}, e.after or {}):
            if not isinstance(values, dict):
                continue
            for name, value in values.items():
                f = _field(model, name)
                if f is None or value is None or f.related_model is None:
                    continue
                if f.related_model in shown_by_name:
                    wanted.setdefault(f.related_model, set()).add(value)
                elif _is_vocabulary(f.related_model):
                    named.add(f.related_model)
    rows: dict[tuple[Any, Any], str] = {}
    for related, pks in wanted.items():
        for obj in related._default_manager.filter(pk__in=list(pks)[:1000]):
            rows[(related, obj.pk)] = str(obj)
    # A vocabulary's rows (roles, ballot types…) are few: all of the page's
    # vocabularies read in one query, each row shown by its translated name.
    by_label = {m._meta.label_lower: m for m in named}
    names = [
        m._default_manager.order_by()
        .annotate(k=Cast("pk", CharField()), t=Value(label, CharField()))
        .values_list("t", "k", "name")
        for label, m in by_label.items()
    ]
    if names:
        for label, key, name in names[0].union(*names[1:], all=True):
            rows[(by_label[label], key)] = gettext(name)
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
            label = gettext(
                str(f.verbose_name) if f is not None else RECORDED_NAMES.get(name, name)
            )
            shown = [
                _shown(values.get(name), f, rows) if name in values else "—"
                for values in (before, after)
            ]
            if name == "country":
                # A country is held in English: shown by its code in the reader's.
                shown = [
                    country_of(SimpleNamespace(country=v, country_code=values.get("country_code")))
                    if name in values else v
                    for v, values in zip(shown, (before, after), strict=True)
                ]  # fmt: skip
            changes.append(Change(label[:1].upper() + label[1:], *shown))
        kind = gettext(str(model._meta.verbose_name)) if model is not None else e.model
        # "token:create": the kind of object says what was made, the verb what happened.
        verb = e.action.rsplit(":", 1)[-1]
        action = ACTIONS.get(e.action) or ACTIONS.get(verb) or e.action
        via = VIA.get(e.via, e.via)
        readings.append(Reading(e, gettext(action), kind, changes, gettext(via)))
    return readings
