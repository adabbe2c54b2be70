"""The review queue of proposed links, and the catalogue template for download."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harmonia import spreadsheets, uploads
from harmonia.accounts import policy
from harmonia.catalogue.models import Body

from . import services
from .models import Adoption, AdoptionMethod, Degree
from .national import COLUMNS, NationalFileError, template_rows


def _editable_bodies(user: object) -> list[Body]:
    bodies = policy.bodies_where(user, "editor")
    if bodies is None:
        return list(Body.objects.filter(documents__adoptions__status="proposed").distinct())
    return list(Body.objects.filter(pk__in=bodies))


def _decision_choices() -> dict[str, object]:
    """What a proposal's decision form offers: the degrees and the adoption methods."""
    return {"degrees": Degree.objects.all(), "methods": AdoptionMethod.objects.all()}


@login_required
def review(request: HttpRequest) -> HttpResponse:
    bodies = _editable_bodies(request.user)
    code = request.GET.get("body") or (bodies[0].code if bodies else "")
    body = next((b for b in bodies if b.code == code), None)
    queue = services.review_queue(body) if body else Adoption.objects.none()
    # Titles in the reader's language come with the rows (title_for), not one by one.
    queue = queue.prefetch_related("national__titles", "adopted__titles")
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    context = {
        "bodies": bodies,
        "body": body,
        "page": page,
        **_decision_choices(),
        "query": {"body": body.code} if body else {},
    }
    return render(request, "adoptions/review.html", context)


@login_required
@require_POST
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    adoption = get_object_or_404(Adoption.objects.select_related("national__publisher"), pk=pk)
    if not policy.can_decide_adoption(request.user, adoption):
        raise PermissionDenied("editors of the publishing body decide its links")
    try:
        services.decide(
            adoption,
            request.user,
            request.POST.get("action", ""),
            degree=request.POST.get("degree"),
            method=request.POST.get("method") or None,
            note=request.POST.get("note", "")[:2000],
        )
    except services.AdoptionError as exc:
        if request.htmx:  # type: ignore[attr-defined]
            # The row comes back with its form and the reason, where the editor clicked.
            context = {"a": adoption, "error": str(exc), **_decision_choices()}
            return render(request, "adoptions/_proposal.html", context)
        messages.error(request, str(exc))
        return redirect(f"{reverse('adoptions:review')}?body={adoption.national.publisher.code}")
    adoption.refresh_from_db()
    if request.htmx:  # type: ignore[attr-defined]
        return render(request, "adoptions/_decided.html", {"a": adoption})
    if adoption.status == "confirmed":
        done = _("%(national)s: the link to %(adopted)s is confirmed (%(degree)s).")
    else:
        done = _("%(national)s: the proposed link to %(adopted)s is rejected.")
    messages.success(
        request,
        done
        % {
            "national": adoption.national.identifier,
            "adopted": adoption.adopted_identifier,
            "degree": adoption.degree_id,
        },
    )
    return redirect(f"{reverse('adoptions:review')}?body={adoption.national.publisher.code}")


def template(request: HttpRequest, fmt: str) -> HttpResponse:
    return spreadsheets.download(
        COLUMNS, template_rows(), "national-catalogue-template", fmt, sheet="catalogue"
    )


@login_required
def upload(request: HttpRequest) -> HttpResponse:
    """An editor sends the body's national catalogue (CSV or Excel): all rows or none."""
    bodies = policy.bodies_where(request.user, "editor")
    choices = Body.objects.filter(kind="national")
    if bodies is not None:
        choices = choices.filter(pk__in=bodies)
    context: dict[str, object] = {"bodies": choices, "errors": [], "report": None}
    if request.method == "POST":
        body = Body.objects.filter(code=request.POST.get("body", "")).first()
        sent = request.FILES.get("file")
        if body is None or not policy.can_import_national(request.user, body):
            raise PermissionDenied("editors of a body import its catalogue")
        if sent is None:
            context["errors"] = [_("Choose a file.")]
        else:
            try:
                suffix = uploads.check(sent)
            except uploads.UploadError as exc:
                context["errors"] = [str(exc)]
            else:
                with uploads.saved(sent, suffix) as path:
                    try:
                        context["report"] = services.import_national(body, path)
                    except (NationalFileError, services.AdoptionError) as exc:
                        problems = getattr(exc, "problems", None) or [str(exc)]
                        # Name the file as the person sent it, not our temporary copy.
                        context["errors"] = [p.replace(str(path), sent.name) for p in problems]
        context["body"] = body
    status = 400 if context["errors"] else 200
    return render(request, "adoptions/upload.html", context, status=status)
