"""Comments on a draft: entry, import and export in the ISO template, the secretary's
compilation into the body's comments, and the secretariat's resolutions. Every change
is a CommentEvent (who, when, before, after)."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path
from typing import Any

from django.db import transaction
from django.db.models import Count, Max, Q
from django.utils import timezone
from django.utils.translation import gettext, gettext_noop

from harmonia.accounts import policy
from harmonia.catalogue.models import Body, Committee
from harmonia.numbers import quantity

from . import iso_template
from .models import Comment, CommentEvent, CommentSet, CommentType, Resolution

# What a person may type into a template column (a comment is a paragraph or a few).
LIMITS = {
    "member_body": 60,
    "line": 40,
    "clause": 100,
    "element": 200,
    "text": 20_000,
    "proposed_change": 20_000,
    "observations": 20_000,
}
EDITABLE = ("member_body", "line", "clause", "element", "type", "text", "proposed_change")
DECISIONS = ("accepted", "rejected", "merged", "")


class CommentError(ValueError):
    pass


def _actor(user: Any) -> Any:
    return user if getattr(user, "is_authenticated", False) else None


def _deny(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionError(what)


# -- comment sets -----------------------------------------------------------------------


def open_set(
    user: Any,
    *,
    body: Body,
    reference: str,
    title: str,
    committee: Committee | None = None,
    closes_at: dt.datetime | None = None,
    ballot: Any = None,
    project: Any = None,
    check: bool = True,
) -> CommentSet:
    reference, title = reference.strip(), title.strip()
    if not reference:
        raise CommentError(
            gettext("reference: required (the draft's identifier, e.g. ISO/DIS 9001)")
        )
    if not title:
        raise CommentError(gettext("title: required"))
    cs = CommentSet(
        body=body,
        committee=committee,
        reference=reference[:200],
        title=title[:500],
        closes_at=closes_at,
        ballot=ballot,
        project=project,
        created_by=_actor(user),
    )
    if check:
        _deny(
            policy.can_manage_comments(user, cs),
            gettext("only secretaries of %(body)s collect comments") % {"body": body},
        )
    cs.save()
    return cs


def summary(cs: CommentSet) -> dict[str, int]:
    counts = cs.comments.aggregate(
        total=Count("pk"),
        waiting=Count("pk", filter=Q(decision="")),
        accepted=Count("pk", filter=Q(decision="accepted")),
        rejected=Count("pk", filter=Q(decision="rejected")),
        merged=Count("pk", filter=Q(decision="merged")),
        resolved=Count("pk", filter=Q(resolution__isnull=False)),
    )
    return {k: int(v or 0) for k, v in counts.items()}


def visible_sets(user: Any, queryset: Any = None) -> Any:
    """Comment sets `user` may read: their bodies' and their committees'."""
    from harmonia.accounts.models import CommitteeMembership

    qs = CommentSet.objects.all() if queryset is None else queryset
    if not policy.is_signed_in(user):
        return qs.none()
    bodies = policy.bodies_where(user, "viewer")
    if bodies is None:
        return qs
    committees = CommitteeMembership.objects.filter(user=user).exclude(role_id="observer")
    return qs.filter(Q(body_id__in=bodies) | Q(committee_id__in=committees.values("committee_id")))


# -- comments ---------------------------------------------------------------------------


def _types() -> list[str]:
    return list(CommentType.objects.values_list("slug", flat=True))


def _resolution_names() -> dict[str, str]:
    """name -> slug, for reading the secretariat's column."""
    return {name: slug for slug, name in Resolution.objects.values_list("slug", "name")}


def _checked(
    fields: dict[str, Any], where: str = "", types: list[str] | None = None
) -> dict[str, Any]:
    """The fields trimmed and checked; `types` (the comment types) read once by a caller
    that checks many rows."""
    out: dict[str, Any] = {}
    for name, value in fields.items():
        if name == "type":
            kind = str(value or "").strip().lower()
            known = types if types is not None else _types()
            if kind not in known:
                raise CommentError(
                    gettext("%(where)stype: %(value)r is not one of %(values)s")
                    % {"where": where, "value": value, "values": ", ".join(known)}
                )
            out["type_id"] = kind
            continue
        text = str(value or "").strip()
        limit = LIMITS.get(name)
        if limit is not None and len(text) > limit:
            raise CommentError(
                gettext("%(where)s%(name)s: longer than %(limit)s characters")
                % {"where": where, "name": name, "limit": quantity(limit)}
            )
        out[name] = text
    if "text" in out and not out["text"]:
        raise CommentError(gettext("%(where)stext: the comment is empty") % {"where": where})
    return out


def next_position(cs: CommentSet) -> int:
    """The position after the last comment of `cs`, its row locked until the transaction
    ends (two experts sending at once on PostgreSQL take turns)."""
    CommentSet.objects.select_for_update().filter(pk=cs.pk).first()
    return int(cs.comments.aggregate(m=Max("position"))["m"] or 0) + 1


def add(
    user: Any,
    cs: CommentSet,
    *,
    text: str,
    type: str,
    clause: str = "",
    element: str = "",
    line: str = "",
    proposed_change: str = "",
    member_body: str | None = None,
    author_label: str = "",
    source: str = "entered",
    check: bool = True,
) -> Comment:
    if check:
        _deny(
            policy.can_add_comment(user, cs),
            gettext("%(reference)s is not open to your comments") % {"reference": cs.reference},
        )
    values = _checked(
        {
            "text": text,
            "type": type,
            "clause": clause,
            "element": element,
            "line": line,
            "proposed_change": proposed_change,
            "member_body": cs.body.country_code or cs.body.code
            if member_body is None
            else member_body,
        }
    )
    actor = _actor(user)
    label = author_label or (actor.get_full_name() or actor.get_username() if actor else "")
    with transaction.atomic():
        comment = Comment.objects.create(
            comment_set=cs,
            position=next_position(cs),
            author=actor,
            author_label=label[:200],
            source=source,
            **values,
        )
        CommentEvent.objects.create(comment=comment, by=actor, what="created")
    return comment


def edit(user: Any, comment: Comment, **fields: Any) -> Comment:
    _deny(
        policy.can_edit_comment(user, comment),
        gettext(
            "only its author, before the secretary decides, or the secretary may change a comment"
        ),
    )
    unknown = set(fields) - set(EDITABLE)
    if unknown:
        raise CommentError(
            gettext("%(value)s: not a field of the template one may change")
            % {"value": sorted(unknown)[0]}
        )
    values = _checked(fields)
    with transaction.atomic():
        for name, value in values.items():
            before = getattr(comment, name)
            if before != value:
                setattr(comment, name, value)
                CommentEvent.objects.create(
                    comment=comment,
                    by=_actor(user),
                    what=name.removesuffix("_id"),
                    before=str(before),
                    after=str(value),
                )
        comment.save()
    return comment


def decide(
    user: Any, comment: Comment, decision: str, merged_into: Comment | None = None
) -> Comment:
    """The secretary's choice: into the body's comments, left out, or merged into
    another comment of the same draft (a duplicate)."""
    _deny(
        policy.can_manage_comments(user, comment.comment_set), gettext("only the secretary decides")
    )
    if decision not in DECISIONS:
        raise CommentError(
            gettext("decision: %(decision)r is not one of accepted, rejected, merged")
            % {"decision": decision}
        )
    if decision == "merged":
        if merged_into is None or merged_into.comment_set_id != comment.comment_set_id:
            raise CommentError(gettext("merged_into: name a comment of the same draft"))
        if merged_into.pk == comment.pk or merged_into.decision == "merged":
            raise CommentError(
                gettext(
                    "merged_into: comment %(position)s cannot take it (itself, or merged "
                    "into another)"
                )
                % {"position": merged_into.position}
            )
    else:
        merged_into = None
    with transaction.atomic():
        before = _decision_text(comment)
        comment.decision = decision
        comment.merged_into = merged_into
        comment.save(update_fields=["decision", "merged_into"])
        if decision == "merged":
            # A comment that others were merged into passes them on.
            comment.merged.update(merged_into=merged_into)
        CommentEvent.objects.create(
            comment=comment,
            by=_actor(user),
            what="decision",
            before=before,
            after=_decision_text(comment),
        )
    return comment


def _decision_text(comment: Comment) -> str:
    if comment.decision == "merged" and comment.merged_into is not None:
        return f"merged into {comment.merged_into.position}"
    return comment.decision


def resolve(user: Any, comment: Comment, resolution: str, observations: str = "") -> Comment:
    """The secretariat's resolution and observations."""
    _deny(
        policy.can_manage_comments(user, comment.comment_set),
        gettext("only the secretariat resolves"),
    )
    known = dict(Resolution.objects.values_list("slug", "name"))
    if resolution and resolution not in known:
        raise CommentError(
            gettext("resolution: %(resolution)r is not one of %(values)s")
            % {"resolution": resolution, "values": ", ".join(known)}
        )
    values = _checked({"observations": observations})
    with transaction.atomic():
        old = comment.resolution_id or ""
        if old != resolution:
            CommentEvent.objects.create(
                comment=comment, by=_actor(user), what="resolution", before=old, after=resolution
            )
        if comment.observations != values["observations"]:
            CommentEvent.objects.create(
                comment=comment,
                by=_actor(user),
                what="observations",
                before=comment.observations,
                after=values["observations"],
            )
        comment.resolution_id = resolution or None
        comment.observations = values["observations"]
        comment.save(update_fields=["resolution", "observations"])
    return comment


def set_public(user: Any, comment: Comment, public: bool) -> Comment:
    _deny(
        policy.can_manage_comments(user, comment.comment_set),
        gettext("only the secretary publishes"),
    )
    if comment.public != public:
        with transaction.atomic():
            comment.public = public
            comment.save(update_fields=["public"])
            CommentEvent.objects.create(
                comment=comment,
                by=_actor(user),
                what="public",
                before=str(not public),
                after=str(public),
            )
    return comment


def compile_set(user: Any, cs: CommentSet) -> CommentSet:
    """Close the draft to new comments: what is accepted is the body's position."""
    _deny(policy.can_manage_comments(user, cs), gettext("only the secretary compiles"))
    waiting = cs.comments.filter(decision="").count()
    if waiting:
        raise CommentError(
            gettext("%(waiting)s comment(s) still wait for a decision") % {"waiting": waiting}
        )
    cs.state = "compiled"
    cs.save(update_fields=["state"])
    return cs


def history(comment: Comment) -> list[CommentEvent]:
    """A comment's events, each with `shown_before` and `shown_after` in the reader's
    language: the stored values are the codes of a decision, a resolution or a flag."""
    events = list(comment.events.select_related("by"))
    resolutions = dict(Resolution.objects.values_list("slug", "name"))
    for e in events:
        e.shown_before = _shown_value(e.what, e.before, resolutions)
        e.shown_after = _shown_value(e.what, e.after, resolutions)
    return events


DECISION_NAMES = {
    "accepted": gettext_noop("accepted"),
    "rejected": gettext_noop("left out"),
    "": gettext_noop("waiting"),
}


def _shown_value(what: str, value: str, resolutions: dict[str, str]) -> str:
    if what == "decision":
        merged = re.fullmatch(r"merged into (\d+)", value)
        if merged:
            return gettext("merged into %(n)s") % {"n": merged[1]}
        return gettext(DECISION_NAMES[value]) if value in DECISION_NAMES else value
    if what == "resolution" and value in resolutions:
        return gettext(resolutions[value])
    if what == "public" and value in ("True", "False"):
        return gettext("yes") if value == "True" else gettext("no")
    return value


# -- order and the body's position -------------------------------------------------------


def clause_key(clause: str) -> tuple[Any, ...]:
    """Clauses in document order: general comments first, then 3 < 3.1 < 3.10 < 10 < A.1."""
    text = clause.strip().lower()
    if not text or text.startswith(("general", "all", "chung")):
        return ((0, ""),)
    parts: list[tuple[int, Any]] = []
    for piece in re.findall(r"\d+|[a-z]+", text):
        parts.append((1, int(piece)) if piece.isdigit() else (2, piece))
    return tuple(parts) or ((3, text),)


def _line_key(line: str) -> int:
    found = re.match(r"\d+", line.strip())
    return int(found.group()) if found else 0


def ordered(comments: Any) -> list[Comment]:
    return sorted(comments, key=lambda c: (clause_key(c.clause), _line_key(c.line), c.position))


def position_comments(cs: CommentSet) -> list[Comment]:
    """The body's comments: the accepted ones, in clause order, under the body's code."""
    accepted = cs.comments.filter(decision="accepted").select_related("type", "resolution")
    return ordered(accepted)


# -- files --------------------------------------------------------------------------------


def _sheet(
    cs: CommentSet, comments: list[Comment], member_body: str | None = None
) -> iso_template.Sheet:
    rows = [
        iso_template.TemplateRow(
            row=i,
            member_body=member_body if member_body is not None else c.member_body,
            line=c.line,
            clause=c.clause,
            element=c.element,
            type=c.type_id,
            text=c.text,
            proposed_change=c.proposed_change,
            observations=c.observations,
            resolution=c.resolution_id or "",
        )
        for i, c in enumerate(comments, start=2)
    ]
    return iso_template.Sheet(
        document=cs.reference, date=timezone.localdate().isoformat(), rows=rows
    )


def export(cs: CommentSet, fmt: str, which: str = "all") -> bytes:
    """The comments as a template file: every comment ("all") or the body's ("position")."""
    if which == "position":
        sheet = _sheet(cs, position_comments(cs), member_body=cs.body.country_code or cs.body.code)
    else:
        sheet = _sheet(cs, list(cs.comments.all()))
    names = dict(Resolution.objects.values_list("slug", "name"))
    if fmt == "docx":
        return iso_template.write_docx(sheet, names)
    if fmt == "xlsx":
        return iso_template.write_xlsx(sheet, names)
    raise CommentError(gettext("format: %(fmt)r is not docx or xlsx") % {"fmt": fmt})


def import_file(
    user: Any, cs: CommentSet, path: Path, author_label: str = "", check: bool = True
) -> int:
    """Every row of a template file as comments of `cs`, all or none."""
    if check:
        _deny(
            policy.can_add_comment(user, cs),
            gettext("%(reference)s is not open to your comments") % {"reference": cs.reference},
        )
    types = _types()
    sheet = iso_template.read(path, types, _resolution_names())
    if not sheet.rows:
        raise CommentError(
            gettext("%(path)s: the template's table has no comment") % {"path": path}
        )
    label = author_label or f"imported from {path.name}"
    with transaction.atomic():
        position = next_position(cs)
        actor = _actor(user)
        made = []
        for row in sheet.rows:
            where = f"{path}, row {row.row}: "
            values = _checked(
                {k: v for k, v in row.values().items() if k != "observations"}, where, types
            )
            values.update(_checked({"observations": row.observations}, where, types))
            made.append(
                Comment(
                    comment_set=cs,
                    position=position,
                    author=actor,
                    author_label=label[:200],
                    source="imported",
                    resolution_id=row.resolution or None,
                    **values,
                )
            )
            position += 1
        Comment.objects.bulk_create(made)
        saved = list(cs.comments.filter(position__gte=made[0].position))
        CommentEvent.objects.bulk_create(
            CommentEvent(comment=c, by=actor, what="created", after=label[:200]) for c in saved
        )
    return len(made)
