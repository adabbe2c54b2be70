"""Comments and public enquiries over the API: a member's drafts under comment, their
comments, adding one, the secretary's decision, the template files; open enquiries
and what their public pages show."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate
from ninja.responses import Status

from harmonia.accounts import policy
from harmonia.accounts.api_auth import reader, signed_in
from harmonia.pagination import Pages

from . import enquiry as enquiries
from . import services
from .models import Comment, CommentSet, Enquiry
from .views import CONTENT_TYPES

router = Router(tags=["comments"])


class CommentSetOut(Schema):
    id: int
    body: str
    committee: str | None
    reference: str
    title: str
    state: str
    closes_at: str | None
    enquiry: int | None
    demo: bool


class CommentSetDetailOut(CommentSetOut):
    summary: dict[str, int]


class CommentOut(Schema):
    id: int
    position: int
    member_body: str
    line: str
    clause: str
    element: str
    type: str
    text: str
    proposed_change: str
    observations: str
    resolution: str | None
    decision: str
    merged_into: int | None = Field(None, description="position of the comment it joined")
    author: str
    source: str
    public: bool


class CommentIn(Schema):
    text: str = Field(..., min_length=1, max_length=20_000)
    type: str = Field(..., pattern="^[a-z]{1,10}$", description="ge, te or ed")
    clause: str = Field("", max_length=100)
    element: str = Field("", max_length=200)
    line: str = Field("", max_length=40)
    proposed_change: str = Field("", max_length=20_000)
    member_body: str | None = Field(None, max_length=60)


class DecisionIn(Schema):
    decision: str | None = Field(None, pattern="^(|accepted|rejected|merged)$")
    merged_into: int | None = Field(None, ge=1, description="position of the comment to join")
    resolution: str | None = Field(None, max_length=40)
    observations: str = Field("", max_length=20_000)
    public: bool | None = None


class PublicCommentOut(Schema):
    clause: str
    element: str
    type: str
    text: str
    proposed_change: str
    author: str
    resolution: str | None
    observations: str


class EnquiryOut(Schema):
    id: int
    body: str
    reference: str
    title: str
    scope: str
    opens_at: str
    closes_at: str
    open: bool
    draft: str | None
    demo: bool


class EnquiryDetailOut(EnquiryOut):
    comments: list[PublicCommentOut]


def _sets() -> Any:
    # The enquiry comes along for its id; its draft file (megabytes) stays behind.
    return CommentSet.objects.select_related("body", "committee", "enquiry").defer("enquiry__draft")


def _set_out(cs: CommentSet) -> dict[str, Any]:
    """`cs` read with select_related("enquiry"), so a list costs no query a row."""
    try:
        enquiry: int | None = cs.enquiry.pk
    except Enquiry.DoesNotExist:
        enquiry = None
    return {
        "id": cs.pk,
        "body": cs.body.code,
        "committee": cs.committee.reference if cs.committee else None,
        "reference": cs.reference,
        "title": cs.title,
        "state": cs.state,
        "closes_at": cs.closes_at.isoformat() if cs.closes_at else None,
        "enquiry": enquiry,
        "demo": cs.demo,
    }


def _comment_out(c: Comment) -> dict[str, Any]:
    return {
        "id": c.pk,
        "position": c.position,
        "member_body": c.member_body,
        "line": c.line,
        "clause": c.clause,
        "element": c.element,
        "type": c.type_id,
        "text": c.text,
        "proposed_change": c.proposed_change,
        "observations": c.observations,
        "resolution": c.resolution_id,
        "decision": c.decision,
        "merged_into": c.merged_into.position if c.merged_into else None,
        "author": c.author_label,
        "source": c.source,
        "public": c.public,
    }


def _set(request: HttpRequest, pk: int) -> CommentSet:
    cs = _sets().filter(pk=pk).first()
    if cs is None:
        raise Http404(f"No comment set {pk}")
    if not policy.can_view_comments(reader(request), cs):
        raise PermissionDenied("the body's members and the committee's experts see it")
    return cs


@router.get(
    "/comment-sets",
    response=list[CommentSetOut],
    auth=signed_in("read"),
    summary="Drafts under comment you may see",
)
@paginate(Pages, page_size=100)
def list_comment_sets(request: HttpRequest) -> Any:
    qs = services.visible_sets(reader(request), _sets())
    return [_set_out(cs) for cs in qs.order_by("-created_at", "pk")]


@router.get(
    "/comment-sets/{pk}",
    response=CommentSetDetailOut,
    auth=signed_in("read"),
    summary="A draft under comment, with its counts",
)
def get_comment_set(request: HttpRequest, pk: int) -> Any:
    cs = _set(request, pk)
    return {**_set_out(cs), "summary": services.summary(cs)}


@router.get(
    "/comment-sets/{pk}/comments",
    response=list[CommentOut],
    auth=signed_in("read"),
    summary="The comments on a draft (order=clause: by clause; which=position: the body's)",
)
def list_comments(request: HttpRequest, pk: int, order: str = "", which: str = "all") -> Any:
    cs = _set(request, pk)
    if which == "position":
        rows = services.position_comments(cs)
    else:
        rows = list(cs.comments.select_related("merged_into").order_by("position"))
        if order == "clause":
            rows = services.ordered(rows)
    return [_comment_out(c) for c in rows]


@router.post(
    "/comment-sets/{pk}/comments",
    response={201: CommentOut},
    auth=signed_in("write"),
    summary="Add a comment (the committee's experts, the body's editors, while open)",
)
def add_comment(request: HttpRequest, pk: int, payload: CommentIn) -> Any:
    cs = _set(request, pk)
    try:
        comment = services.add(request.user, cs, **payload.dict())
    except services.CommentError as exc:
        raise HttpError(422, str(exc)) from None
    except PermissionError as exc:
        raise PermissionDenied(str(exc)) from None
    return Status(201, _comment_out(comment))


@router.post(
    "/comments/{pk}/decision",
    response=CommentOut,
    auth=signed_in("write"),
    summary="The secretary's decision, resolution and observations on a comment",
)
def decide_comment(request: HttpRequest, pk: int, payload: DecisionIn) -> Any:
    comment = (
        Comment.objects.select_related("comment_set__body", "comment_set__committee", "merged_into")
        .filter(pk=pk)
        .first()
    )
    if comment is None:
        raise Http404(f"No comment {pk}")
    cs = comment.comment_set
    if not policy.can_view_comments(request.user, cs):
        raise PermissionDenied("the body's members and the committee's experts see it")
    if not policy.can_manage_comments(request.user, cs):
        raise PermissionDenied("only the secretary decides on comments")
    try:
        if payload.decision is not None:
            target = None
            if payload.decision == "merged":
                target = cs.comments.filter(position=payload.merged_into or 0).first()
            services.decide(request.user, comment, payload.decision, target)
        if payload.resolution is not None:
            services.resolve(request.user, comment, payload.resolution, payload.observations)
        if payload.public is not None:
            services.set_public(request.user, comment, payload.public)
    except services.CommentError as exc:
        raise HttpError(422, str(exc)) from None
    comment.refresh_from_db()
    return _comment_out(comment)


@router.get(
    "/comment-sets/{pk}/export",
    auth=signed_in("read"),
    summary="The comments as the ISO template (format docx or xlsx; which=position)",
    response={200: None},
)
def export_comments(request: HttpRequest, pk: int, format: str = "docx", which: str = "all") -> Any:
    cs = _set(request, pk)
    if format not in CONTENT_TYPES:
        raise HttpError(422, f"format: {format!r} is not docx or xlsx")
    body = services.export(cs, format, "position" if which == "position" else "all")
    response = HttpResponse(body, content_type=CONTENT_TYPES[format])
    response["Content-Disposition"] = f'attachment; filename="comments-{cs.pk}.{format}"'
    return response


def _enquiry_out(e: Enquiry) -> dict[str, Any]:
    return {
        "id": e.pk,
        "body": e.body.code,
        "reference": e.reference,
        "title": e.title,
        "scope": e.scope,
        "opens_at": e.opens_at.isoformat(),
        "closes_at": e.closes_at.isoformat(),
        "open": e.is_open(),
        "draft": f"/enquiries/{e.pk}/draft" if e.draft_name else None,
        "demo": e.demo,
    }


@router.get(
    "/enquiries", response=list[EnquiryOut], summary="Public enquiries (open=false for all)"
)
@paginate(Pages, page_size=100)
def list_enquiries(request: HttpRequest, open: bool = True) -> Any:
    qs = enquiries.open_now() if open else Enquiry.objects.select_related("body")
    return [_enquiry_out(e) for e in qs.defer("draft").order_by("closes_at", "pk")]


@router.get(
    "/enquiries/{pk}",
    response=EnquiryDetailOut,
    summary="A public enquiry and the comments the body chose to show, with their responses",
)
def get_enquiry(request: HttpRequest, pk: int) -> Any:
    e = Enquiry.objects.select_related("body", "comment_set").defer("draft").filter(pk=pk).first()
    if e is None:
        raise Http404(f"No enquiry {pk}")
    shown = [
        {
            "clause": c.clause,
            "element": c.element,
            "type": c.type_id,
            "text": c.text,
            "proposed_change": c.proposed_change,
            "author": c.author_label,
            "resolution": c.resolution_id,
            "observations": c.observations,
        }
        for c in enquiries.public_comments(e)
    ]
    return {**_enquiry_out(e), "comments": shown}
