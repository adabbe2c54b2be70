"""The REST API root: /api/v1, one router per app, OpenAPI at /api/v1/openapi.json."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from harmonia import __version__
from harmonia.accounts.api import router as accounts_router
from harmonia.alerts.api import router as alerts_router
from harmonia.analytics.api import router as analytics_router
from harmonia.ballots.api import router as ballots_router
from harmonia.catalogue.api import router as catalogue_router
from harmonia.comments.api import router as comments_router
from harmonia.committees.api import router as committees_router
from harmonia.projects.api import router as projects_router
from harmonia.reviews.api import router as reviews_router
from harmonia.search.api import router as search_router
from harmonia.training.api import router as training_router

api = NinjaAPI(
    title="Harmonia API",
    version=__version__,
    description=(
        "Catalogue of international and national standards: documents, ICS, committees; "
        "national adoptions and harmonization indicators; participation in ISO committees, "
        "the work programme and ballots; comments in the ISO template, public enquiries "
        "and systematic review. "
        "The published catalogue and indicators are public. Private data and changes need "
        "a token (`Authorization: Bearer hm_…`, made on your account page) with the "
        "`read` or `write` scope, or a web session with its CSRF token."
    ),
    urls_namespace="api",
)
api.add_router("/", catalogue_router)
api.add_router("/", analytics_router)
api.add_router("/", search_router)
api.add_router("/", accounts_router)
api.add_router("/", committees_router)
api.add_router("/", projects_router)
api.add_router("/", ballots_router)
api.add_router("/", comments_router)
api.add_router("/", reviews_router)
api.add_router("/", training_router)
api.add_router("/", alerts_router)


@api.exception_handler(Http404)
def not_found(request: HttpRequest, exc: Http404) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Not found"}, status=404)


@api.exception_handler(PermissionDenied)
def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    return api.create_response(request, {"detail": str(exc) or "Forbidden"}, status=403)


@api.exception_handler(ValidationError)
def invalid(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors: list[Any] = exc.errors
    parts = []
    for err in errors:
        loc = ".".join(str(x) for x in err.get("loc", []) if x not in {"query", "path", "body"})
        parts.append(f"{loc}: {err.get('msg', 'invalid')}" if loc else err.get("msg", "invalid"))
    return api.create_response(
        request, {"detail": "; ".join(parts) or "invalid request", "errors": errors}, status=422
    )
