"""Harmonization indicators and adoption links over the API (public read)."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError

from harmonia.accounts import policy
from harmonia.accounts.api_auth import reader, signed_in
from harmonia.adoptions.models import Adoption
from harmonia.adoptions.services import AdoptionError, decide

from . import indicators
from .models import Network
from .views import body_or_404

router = Router(tags=["harmonization"])


class Scope(Schema):
    ics: list[str] = Field(default_factory=list, description="ICS fields or groups (repeatable)")


class OutdatedOut(Schema):
    national: str
    adopted: str
    current: str
    reason: str = Field(..., description="revised, withdrawn or amended")
    since: str
    days: int | None
    degree: str


class DecisionIn(Schema):
    action: str = Field(..., description="confirm or reject")
    degree: str | None = Field(None, description="IDT, MOD or NEQ (required to confirm)")
    method: str | None = Field(None, description="endorsement, cover-sheet, reprint, ...")
    note: str = Field("", max_length=2000)


class AdoptionOut(Schema):
    id: int
    national: str = Field(..., alias="national.identifier")
    adopted: str = Field(..., alias="adopted_identifier")
    degree: str | None = Field(None, alias="degree_id")
    method: str | None = Field(None, alias="method_id")
    source: str
    status: str
    score: float | None


@router.get("/bodies/{code}/harmonization", summary="Harmonization rate of a body")
def harmonization(request: HttpRequest, code: str) -> dict[str, Any]:
    """Current national documents adopting an international one (IDT, MOD), by degree,
    ICS field, committee and year of publication."""
    return indicators.harmonization(body_or_404(code))


@router.get("/bodies/{code}/coverage", summary="Coverage of current international documents")
def coverage(request: HttpRequest, code: str, scope: Query[Scope]) -> dict[str, Any]:
    return indicators.coverage(body_or_404(code), scope.ics)


@router.get("/bodies/{code}/outdated", response=list[OutdatedOut], summary="Outdated adoptions")
def outdated(request: HttpRequest, code: str) -> list[dict[str, Any]]:
    return [o.as_dict() for o in indicators.outdated(body_or_404(code))]


@router.get("/bodies/{code}/gaps", summary="International documents not adopted")
def gaps(request: HttpRequest, code: str, scope: Query[Scope], limit: int = 100) -> dict[str, Any]:
    return indicators.gaps(body_or_404(code), scope.ics, limit=min(max(limit, 1), 5000))


@router.get("/bodies/{code}/uptake", summary="ISO Survey certificates beside adoption")
def uptake(request: HttpRequest, code: str) -> dict[str, Any]:
    return indicators.uptake(body_or_404(code))


@router.get("/bodies/{code}/adoptions", response=list[AdoptionOut], summary="Adoption links")
def adoptions(request: HttpRequest, code: str, status: str | None = None) -> list[Adoption]:
    """Confirmed links are public; proposed and rejected ones only for the body's members
    (a token needs the `read` scope)."""
    qs = Adoption.objects.filter(national__publisher=body_or_404(code)).select_related("national")
    qs = policy.visible_adoptions(reader(request), qs)
    if status:
        qs = qs.filter(status=status)
    return list(qs.order_by("national__identifier", "adopted_key")[:5000])


@router.get("/networks/{slug}/matrix", summary="Adoption matrix of a network")
def matrix(request: HttpRequest, slug: str, scope: Query[Scope]) -> dict[str, Any]:
    network = Network.objects.filter(slug=slug).first()
    if network is None:
        raise Http404(f"No network {slug!r}")
    return indicators.matrix(network, scope.ics, only_adopted=True)


@router.post(
    "/adoptions/{adoption_id}/decision",
    response=AdoptionOut,
    auth=signed_in("write"),
    summary="Confirm or reject a proposed link (editors of the national body)",
)
def decision(request: HttpRequest, adoption_id: int, payload: DecisionIn) -> Any:
    """A token with the `write` scope, or a web session with its CSRF token. The decision
    is kept in the link's history with the user's name."""
    adoption = get_object_or_404(
        Adoption.objects.select_related("national__publisher"), pk=adoption_id
    )
    if not policy.can_decide_adoption(request.user, adoption):
        raise PermissionDenied("editors of the publishing body decide its links")
    try:
        decided = decide(
            adoption, request.user, payload.action, payload.degree, payload.method, payload.note
        )
    except AdoptionError as exc:
        raise HttpError(400, str(exc)) from None
    return Adoption.objects.select_related("national").get(pk=decided.pk)
