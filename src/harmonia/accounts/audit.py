"""The audit trail: who changed what, when, with the values before and after.

Each app registers its domain models here (in its AppConfig.ready); saves and
deletes of those models are recorded from Django's signals, in the same transaction
as the change, so a change that rolls back leaves no event. Bulk imports go around
the signals and are recorded as one `import` event with their counts.

Who acts comes from a context variable: the web and API middleware set it per
request, the CLI per command. Personal fields are recorded as changed without their
values, so a person removed later leaves no personal data in a trail that is never
rewritten.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import decimal
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.db.models.signals import post_delete, post_save, pre_save

HIDDEN = "(changed; not recorded)"


@dataclass(frozen=True)
class Actor:
    user: Any = None
    via: str = "system"
    ip: str = ""


# Actor is frozen, so one shared default is safe.
_actor: contextvars.ContextVar[Actor] = contextvars.ContextVar(
    "harmonia_actor",
    default=Actor(),  # noqa: B039
)


def current_actor() -> Actor:
    return _actor.get()


def act_as(user: Any = None, via: str = "cli") -> contextvars.Token[Actor]:
    """For a CLI command: what it saves is done by `user` via `via`, until the returned
    token is given to `stop_acting` (the CLI does when the command ends)."""
    actor = Actor(user if getattr(user, "is_authenticated", False) else None, via, "")
    return _actor.set(actor)


def stop_acting(token: contextvars.Token[Actor]) -> None:
    _actor.reset(token)


@contextlib.contextmanager
def acting(user: Any = None, via: str = "system", ip: str = "") -> Iterator[Actor]:
    actor = Actor(user if getattr(user, "is_authenticated", False) else None, via, ip)
    token = _actor.set(actor)
    try:
        yield actor
    finally:
        _actor.reset(token)


@dataclass(frozen=True)
class Registration:
    body: Callable[[Any], Any]
    exclude: frozenset[str]
    personal: frozenset[str]
    describe: Callable[[Any], str]
    action: str


_REGISTRY: dict[type[models.Model], Registration] = {}


def register(
    model: type[models.Model],
    *,
    body: Callable[[Any], Any] = lambda obj: None,
    exclude: tuple[str, ...] = (),
    personal: tuple[str, ...] = (),
    describe: Callable[[Any], str] = str,
    action: str = "",
) -> None:
    """Record every save and delete of `model`. `body` gives the body id the event
    belongs to (its admins see it); `exclude` fields are never recorded (secrets,
    caches); `personal` ones are recorded as changed, without values; `action`
    names what a create or delete means, for permission changes ("permission")."""
    _REGISTRY[model] = Registration(body, frozenset(exclude), frozenset(personal), describe, action)
    uid = f"harmonia-audit-{model._meta.label_lower}"
    pre_save.connect(_remember_before, sender=model, dispatch_uid=uid + "-pre")
    post_save.connect(_saved, sender=model, dispatch_uid=uid + "-post")
    post_delete.connect(_deleted, sender=model, dispatch_uid=uid + "-delete")


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, decimal.Decimal):
        return str(value)
    if isinstance(value, bytes | memoryview):
        return "(binary)"
    return value


def snapshot(obj: models.Model, reg: Registration) -> dict[str, Any]:
    values: dict[str, Any] = {}
    for field in obj._meta.concrete_fields:
        if field.name in reg.exclude:
            continue
        values[field.name] = _plain(getattr(obj, field.attname))
    return values


def _mask(before: dict[str, Any] | None, after: dict[str, Any] | None, reg: Registration) -> None:
    for name in reg.personal:
        old = before.get(name) if before else None
        new = after.get(name) if after else None
        for values in (before, after):
            if values is not None and name in values:
                values[name] = HIDDEN if old != new else "(unchanged)"


def _remember_before(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    if kwargs.get("raw") or instance.pk is None or instance._state.adding:
        instance._audit_before = None  # type: ignore[attr-defined]
        return
    old = sender._default_manager.filter(pk=instance.pk).first()
    reg = _REGISTRY[sender]
    instance._audit_before = snapshot(old, reg) if old else None  # type: ignore[attr-defined]


def _saved(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    reg = _REGISTRY[sender]
    before = None if created else getattr(instance, "_audit_before", None)
    after = snapshot(instance, reg)
    if before is not None:
        changed = {k for k in after if before.get(k) != after.get(k)}
        if not changed:
            return
        before = {k: before.get(k) for k in sorted(changed)}
        after = {k: after[k] for k in sorted(changed)}
    _mask(before, after, reg)
    action = "create" if created else "update"
    if reg.action:
        action = f"{reg.action}:{action}"
    write(action, instance, before, after, reg)


def _deleted(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    reg = _REGISTRY[sender]
    before = snapshot(instance, reg)
    _mask(before, None, reg)
    action = f"{reg.action}:delete" if reg.action else "delete"
    write(action, instance, before, None, reg)


def write(
    action: str,
    instance: models.Model | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    reg: Registration | None = None,
    *,
    model: str = "",
    body: Any = None,
    description: str = "",
) -> Any:
    from .models import AuditEvent

    actor = current_actor()
    if instance is not None:
        reg = reg or _REGISTRY.get(type(instance))
        model = instance._meta.label_lower
        body = reg.body(instance) if reg else body
        description = (reg.describe(instance) if reg else str(instance))[:255]
    body_id = body.pk if isinstance(body, models.Model) else body
    return AuditEvent.objects.create(
        actor=actor.user,
        via=actor.via,
        action=action,
        model=model,
        object_id=str(instance.pk) if instance is not None else "",
        object_repr=description,
        body_id=body_id,
        before=before,
        after=after,
        ip=actor.ip,
    )


def record(
    action: str, *, model: str, body: Any = None, description: str = "", **after: Any
) -> Any:
    """An event that is not one object's save: an import, a sign-in, a removal."""
    return write(
        action, None, None, {k: _plain(v) for k, v in after.items()} or None,
        model=model, body=body, description=description,
    )  # fmt: skip


class NotAnAuditReader(PermissionError):
    pass


def events_for(user: Any, **filters: str | None) -> Any:
    """The events `user` may read (None: the operator, every event), cut by `body`
    (a code), `action` and `model` when given. Web, API and CLI all read through here."""
    from . import policy
    from .models import AuditEvent

    events = AuditEvent.objects.select_related("actor", "body")
    if user is not None:
        bodies = policy.audit_bodies(user)
        if bodies == []:
            raise NotAnAuditReader("the audit trail is for body admins")
        if bodies is not None:
            events = events.filter(body_id__in=bodies)
    if filters.get("body"):
        events = events.filter(body__code=filters["body"])
    for name in ("action", "model"):
        if filters.get(name):
            events = events.filter(**{name: filters[name]})
    return events
