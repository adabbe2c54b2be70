"""Comment pages: a body's drafts under comment, one draft's comments with the fast
entry row for experts and the secretary's decisions, a comment with its history, and
the template files in and out."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from harmonia import uploads
from harmonia.accounts import policy
from harmonia.webforms import aware_datetime, committee_named

from . import iso_template, services
from .models import Comment, CommentSet, CommentType, Enquiry, Resolution

TEMPLATE_KINDS = {
    ".docx": (
        {
            "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
            "application/octet-stream",
            "application/zip",
        },
        b"PK\x03\x04",
    ),
    ".xlsx": uploads.KINDS[".xlsx"],
}
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
# The entry row keeps these from one comment to the next: an expert types many
# comments on one clause, of one type, under one member body code.
STICKY = ("member_body", "clause", "type")


def _set(request: HttpRequest, pk: int) -> CommentSet:
    cs = get_object_or_404(CommentSet.objects.select_related("body", "committee"), pk=pk)
    if not policy.can_view_comments(request.user, cs):
        raise PermissionDenied(_("Only the body's members and the committee's experts see it."))
    return cs


def _comment(request: HttpRequest, pk: int) -> Comment:
    comment = get_object_or_404(
        Comment.objects.select_related("comment_set__body", "comment_set__committee"), pk=pk
    )
    if not policy.can_view_comments(request.user, comment.comment_set):
        raise PermissionDenied(_("Only the body's members and the committee's experts see it."))
    return comment


@login_required
def set_list(request: HttpRequest) -> HttpResponse:
    sets = services.visible_sets(
        request.user, CommentSet.objects.select_related("body", "committee")
    ).order_by("-created_at")[:300]
    can_open = policy.bodies_where(request.user, "secretary") != []
    return render(request, "comments/list.html", {"sets": sets, "can_open": can_open})


@login_required
def new_set(request: HttpRequest) -> HttpResponse:
    choices = policy.national_bodies_run_by(request.user)
    if choices is None:
        raise PermissionDenied(_("Only a body's committee secretaries collect comments."))
    form = request.POST if request.method == "POST" else request.GET
    error = ""
    if request.method == "POST":
        body = choices.filter(code=form.get("body", "")).first()
        try:
            if body is None:
                raise services.CommentError(_("body: choose one of yours"))
            committee = committee_named(form.get("committee", ""))
            cs = services.open_set(
                request.user,
                body=body,
                committee=committee,
                reference=form.get("reference", "")[:200],
                title=form.get("title", "")[:500],
                closes_at=aware_datetime(form.get("closes_at", ""), "closes_at"),
            )
            return redirect(cs.get_absolute_url())
        except (services.CommentError, ValueError) as exc:
            error = str(exc)
        except PermissionError as exc:
            raise PermissionDenied(str(exc)) from None
    return render(
        request,
        "comments/new.html",
        {"bodies": choices.order_by("code"), "form": form, "error": error},
    )


def _set_context(request: HttpRequest, cs: CommentSet, entry: dict[str, str] | None = None) -> dict:
    comments = list(
        cs.comments.select_related("type", "resolution", "merged_into", "author").order_by(
            "position"
        )
    )
    order = request.GET.get("order", "")
    if order == "clause":
        comments = services.ordered(comments)
    enquiry = _enquiry_of(cs)
    return {
        "cs": cs,
        "comments": comments,
        "order": order,
        "summary": services.summary(cs),
        "manages": policy.can_manage_comments(request.user, cs),
        "can_add": policy.can_add_comment(request.user, cs),
        "types": CommentType.objects.all(),
        "resolutions": Resolution.objects.all(),
        "entry": entry or {"member_body": cs.body.country_code or cs.body.code, "type": "te"},
        "enquiry": enquiry,
    }


@login_required
def set_detail(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _set(request, pk)
    return render(request, "comments/set.html", _set_context(request, cs))


@require_POST
@login_required
def add(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _set(request, pk)
    form = request.POST
    entry = {name: form.get(name, "")[:200] for name in STICKY}
    error = ""
    try:
        services.add(
            request.user,
            cs,
            text=form.get("text", "")[:20_000],
            type=form.get("type", ""),
            clause=form.get("clause", "")[:100],
            element=form.get("element", "")[:200],
            line=form.get("line", "")[:40],
            proposed_change=form.get("proposed_change", "")[:20_000],
            member_body=form.get("member_body", "")[:60],
        )
    except services.CommentError as exc:
        error = str(exc)
        entry.update(
            {k: form.get(k, "")[:20_000] for k in ("text", "element", "line", "proposed_change")}
        )
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    if request.htmx:
        context = _set_context(request, cs, entry)
        context["error"] = error
        return render(request, "comments/_comments.html", context)
    if error:
        messages.error(request, error)
    return redirect(cs.get_absolute_url())


@require_POST
@login_required
def import_file(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _set(request, pk)
    if not policy.can_add_comment(request.user, cs):
        raise PermissionDenied(_("This draft is not open to your comments."))
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise services.CommentError(_("file: choose a .docx or .xlsx commenting template"))
        suffix = uploads.check(upload, TEMPLATE_KINDS)
        with uploads.saved(upload, suffix) as path:
            try:
                n = services.import_file(
                    request.user, cs, path, author_label=request.user.get_username()
                )
            except (iso_template.TemplateError, services.CommentError) as exc:
                # The temporary folder means nothing to the person who sent the file.
                raise services.CommentError(str(exc).replace(f"{path.parent}/", "")) from None
        messages.success(request, _("%(n)s comments imported.") % {"n": n})
    except (uploads.UploadError, services.CommentError) as exc:
        messages.error(request, str(exc))
    return redirect(cs.get_absolute_url())


@login_required
def export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    cs = _set(request, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404(f"No format {fmt!r}: use docx or xlsx")
    which = "position" if request.GET.get("which") == "position" else "all"
    body = services.export(cs, fmt, which)
    response = HttpResponse(body, content_type=CONTENT_TYPES[fmt])
    stem = "".join(ch if ch.isalnum() or ch in "-_." else "_" for ch in cs.reference)[:80]
    suffix = "_position" if which == "position" else ""
    response["Content-Disposition"] = f'attachment; filename="{stem}{suffix}.{fmt}"'
    return response


@require_POST
@login_required
def compile_set(request: HttpRequest, pk: int) -> HttpResponse:
    cs = _set(request, pk)
    try:
        services.compile_set(request.user, cs)
        messages.success(request, _("Compiled: the accepted comments are the body's comments."))
    except services.CommentError as exc:
        messages.error(request, str(exc))
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    return redirect(cs.get_absolute_url())


@login_required
def comment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    cs = comment.comment_set
    context = {
        "c": comment,
        "cs": cs,
        "events": services.history(comment),
        "can_edit": policy.can_edit_comment(request.user, comment),
        "manages": policy.can_manage_comments(request.user, cs),
        "types": CommentType.objects.all(),
        "resolutions": Resolution.objects.all(),
        "others": cs.comments.exclude(pk=comment.pk)
        .exclude(decision="merged")
        .order_by("position"),
        "merged": comment.merged.order_by("position"),
        "enquiry": _enquiry_of(cs),
    }
    return render(request, "comments/comment.html", context)


@require_POST
@login_required
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    comment = _comment(request, pk)
    fields = {name: request.POST.get(name, "")[:20_000] for name in services.EDITABLE}
    try:
        services.edit(request.user, comment, **fields)
        messages.success(request, _("Saved."))
    except services.CommentError as exc:
        messages.error(request, str(exc))
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    return redirect("comments:comment", pk=comment.pk)


@require_POST
@login_required
def decide(request: HttpRequest, pk: int) -> HttpResponse:
    """The secretary's decision, resolution and observations, and (for an enquiry)
    whether the public page shows the comment."""
    comment = _comment(request, pk)
    cs = comment.comment_set
    if not policy.can_manage_comments(request.user, cs):
        raise PermissionDenied(_("Only the secretary decides on comments."))
    form = request.POST
    try:
        if "decision" in form:
            target = None
            if form.get("decision") == "merged":
                target = cs.comments.filter(position=_int(form.get("merged_into", ""))).first()
            services.decide(request.user, comment, form.get("decision", ""), target)
        if "resolution" in form:
            services.resolve(
                request.user,
                comment,
                form.get("resolution", ""),
                form.get("observations", "")[:20_000],
            )
        if "public" in form:
            services.set_public(request.user, comment, form.get("public") == "1")
    except services.CommentError as exc:
        messages.error(request, str(exc))
    if form.get("next") == "set":
        return redirect(f"{cs.get_absolute_url()}#c{comment.position}")
    return redirect("comments:comment", pk=comment.pk)


def _enquiry_of(cs: CommentSet) -> Enquiry | None:
    return Enquiry.objects.defer("draft").filter(comment_set=cs).first()


def _int(value: str) -> int:
    try:
        return int(value.strip().lstrip("#"))
    except ValueError:
        return 0
