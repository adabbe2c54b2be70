"""The signed-in person over the API: their own data, and the audit trail of the
bodies they administer."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.pagination import paginate

from harmonia.pagination import Pages

from . import audit, services
from .api_auth import signed_in
from .models import AuditEvent

router = Router(tags=["accounts"])


class AuditOut(Schema):
    id: int
    at: str
    actor: str | None
    via: str
    action: str
    model: str
    object_id: str
    object: str = Field(..., alias="object_repr", description="what the object was called")
    body: str | None
    before: dict[str, Any] | None
    after: dict[str, Any] | None

    @staticmethod
    def resolve_at(event: AuditEvent) -> str:
        return event.at.isoformat()

    @staticmethod
    def resolve_actor(event: AuditEvent) -> str | None:
        return event.actor.username if event.actor else None

    @staticmethod
    def resolve_body(event: AuditEvent) -> str | None:
        return event.body.code if event.body else None


@router.get("/me", auth=signed_in("read"), summary="Everything kept about you")
def me(request: HttpRequest) -> dict[str, Any]:
    return services.personal_data(request.auth)  # type: ignore[attr-defined]


@router.get(
    "/audit",
    auth=signed_in("read"),
    response=list[AuditOut],
    summary="Audit trail of the bodies you administer",
)
@paginate(Pages, page_size=100)
def audit_trail(request: HttpRequest, body: str | None = None, action: str | None = None) -> Any:
    try:
        return audit.events_for(request.auth, body=body, action=action)  # type: ignore[attr-defined]
    except audit.NotAnAuditReader as exc:
        raise PermissionDenied(str(exc)) from None
