"""Alerts over the API: what I follow (add, remove), my notifications (read them), and
what changed for me since a date. Everything here is the caller's own."""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from harmonia.accounts.api_auth import signed_in
from harmonia.pagination import Pages

from . import changes, follows
from .models import Follow, Notification

router = Router(tags=["alerts"])


class FollowIn(Schema):
    kind: str = Field(..., description="document, work, ics, committee, body, search, enquiry")
    value: str = Field(..., max_length=500, description="e.g. ISO 9001, 03.120, ISO/TC 176")
    any_edition: bool = False


class FollowOut(Schema):
    id: int
    kind: str
    value: str
    label: str
    list: int | None

    @staticmethod
    def resolve_list(obj: Follow) -> int | None:
        return obj.follow_list_id


class NotificationOut(Schema):
    id: int
    kind: str = Field(..., alias="event.kind_id")
    title: str = Field(..., alias="event.title")
    summary: str = Field(..., alias="event.summary")
    url: str = Field(..., alias="event.url")
    due: dt.datetime | None = Field(None, alias="event.due")
    created: dt.datetime
    read: bool
    why: str = Field(..., alias="reason", description="the follow that brought it, kind:label")

    @staticmethod
    def resolve_read(obj: Notification) -> bool:
        return obj.read_at is not None


class ChangeOut(Schema):
    followed: str
    kind: str
    identifier: str
    title: str
    summary: str
    on: str | None
    url: str


class ReadIn(Schema):
    ids: list[Annotated[int, Field(ge=1, le=2**31 - 1)]] = Field(
        default_factory=list, max_length=1000
    )


class ReadOut(Schema):
    read: int


@router.get("/alerts/follows", response=list[FollowOut], auth=signed_in("read"))
@paginate(Pages, page_size=100)
def list_follows(request: HttpRequest) -> Any:
    return Follow.objects.filter(user=request.auth).order_by("kind", "pk")


@router.post("/alerts/follows", response={201: FollowOut, 400: dict}, auth=signed_in("write"))
def add_follow(request: HttpRequest, payload: FollowIn) -> Any:
    try:
        target = follows.target_for(payload.kind, payload.value, payload.any_edition)
    except follows.FollowError as exc:
        raise HttpError(400, str(exc)) from None
    return Status(201, follows.follow(request.auth, target))


@router.delete("/alerts/follows/{follow_id}", response={204: None}, auth=signed_in("write"))
def remove_follow(request: HttpRequest, follow_id: int) -> Any:
    deleted, _rows = Follow.objects.filter(user=request.auth, pk=follow_id).delete()
    if not deleted:
        raise HttpError(404, f"No follow #{follow_id} of yours")
    return Status(204, None)


@router.get("/alerts/notifications", response=list[NotificationOut], auth=signed_in("read"))
@paginate(Pages, page_size=50)
def list_notifications(request: HttpRequest, unread: bool = False) -> Any:
    mine = Notification.objects.filter(user=request.auth).select_related("event")
    if unread:
        mine = mine.filter(read_at__isnull=True)
    return mine.order_by("-created", "-pk")


@router.post("/alerts/notifications/read", response=ReadOut, auth=signed_in("write"))
def mark_read(request: HttpRequest, payload: ReadIn) -> Any:
    """Mark the given notifications read; with no ids, all of them."""
    mine = Notification.objects.filter(user=request.auth, read_at__isnull=True)
    if payload.ids:
        mine = mine.filter(pk__in=payload.ids)
    return {"read": mine.update(read_at=timezone.now())}


@router.get("/alerts/changes", response=list[ChangeOut], auth=signed_in("read"))
def what_changed(
    request: HttpRequest,
    since: dt.date,
    list_id: int | None = None,
) -> Any:
    """The documents you follow (or those of your imported list `list_id`) whose status
    changed since `since` (YYYY-MM-DD)."""
    if not dt.date(1900, 1, 1) <= since <= dt.date(2999, 12, 31):
        raise HttpError(422, "since: a date between 1900 and 2999")
    return [
        {
            "followed": c.followed,
            "kind": c.kind,
            "identifier": c.identifier,
            "title": c.title,
            "summary": c.summary,
            "on": c.on.isoformat() if c.on else None,
            "url": c.url,
        }
        for c in changes.changes_for(request.auth, since, list_id)
    ]
