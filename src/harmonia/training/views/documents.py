"""Files of a programme: a session's material, the spreadsheets and printouts for the
organisers, and the calendars."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _

from harmonia import spreadsheets
from harmonia.accounts import policy

from .. import calendars, exports, planning, printouts
from ..models import Material, Programme
from .programmes import programme_or_403

ICS = "text/calendar; charset=utf-8"


def _organiser(request: HttpRequest, pk: int) -> Programme:
    programme = programme_or_403(request, pk)
    if not policy.can_organise(request.user, programme):
        raise PermissionDenied(_("Only the host's organisers export a programme."))
    return programme


@login_required
def material(request: HttpRequest, pk: int) -> HttpResponse:
    item = get_object_or_404(Material.objects.select_related("session__module__programme"), pk=pk)
    if not planning.can_read_materials(request.user, item.session.module.programme):
        raise PermissionDenied(_("Only the organisers and the participants read the materials."))
    if item.url:
        return redirect(item.url)
    response = HttpResponse(bytes(item.content), content_type=item.content_type)
    name = "".join(c if c.isalnum() or c in "-_." else "_" for c in item.file_name)[:120]
    response["Content-Disposition"] = f'attachment; filename="{name or "material"}"'
    return response


@login_required
def export(request: HttpRequest, pk: int, what: str) -> HttpResponse:
    programme = _organiser(request, pk)
    if what not in exports.TABLES:
        raise Http404(f"No table {what!r}: {', '.join(exports.TABLES)}")
    header, rows = exports.TABLES[what](programme)
    return spreadsheets.download(
        header,
        rows,
        f"programme-{programme.pk}-{what}",
        "xlsx",
        sheet=what,
        heading=programme.title,
    )


def _pdf(body: bytes, name: str) -> HttpResponse:
    response = HttpResponse(body, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def badges(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _organiser(request, pk)
    return _pdf(printouts.badges_pdf(programme), f"programme-{pk}-badges.pdf")


@login_required
def participant_list(request: HttpRequest, pk: int) -> HttpResponse:
    programme = _organiser(request, pk)
    return _pdf(printouts.participant_list_pdf(programme), f"programme-{pk}-participants.pdf")


@login_required
def calendar(request: HttpRequest, pk: int) -> HttpResponse:
    programme = programme_or_403(request, pk)
    response = HttpResponse(
        calendars.programme_calendar(programme, request.get_host()), content_type=ICS
    )
    response["Content-Disposition"] = f'inline; filename="programme-{pk}.ics"'
    return response


def my_calendar(request: HttpRequest, token: str) -> HttpResponse:
    """A participant's feed, by its secret address (calendar programs do not sign in)."""
    participant = calendars.participant_for(token[:80])
    if participant is None or participant.status != "accepted":
        raise Http404("No calendar at this address.")
    response = HttpResponse(
        calendars.participant_calendar(participant, request.get_host()), content_type=ICS
    )
    response["Content-Disposition"] = 'inline; filename="my-programme.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
