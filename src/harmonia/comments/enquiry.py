"""Public enquiry: a draft national standard open to anyone's comments until its
deadline. A comment needs no account: it is kept aside until its sender opens the
link mailed to them, then joins the draft's comments like an expert's, for the
secretary to decide and resolve. The body chooses which comments, with their
resolutions, the public page shows.

Spam is held off without third-party services: a field people do not see (a bot
fills it), a form signed when the page was shown so it cannot be forged or kept for
days, a limit per address, a limit of unconfirmed comments per
e-mail address, and a cap on links in the text."""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import secrets
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.mail import send_mail
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext

from harmonia.accounts import policy, throttle
from harmonia.catalogue.models import Body, Committee
from harmonia.numbers import quantity

from . import services
from .models import Comment, CommentEvent, CommentType, Enquiry, PublicSubmission

FORM_MAX_AGE = 24 * 3600
MAX_LINKS = 3
MAX_UNCONFIRMED_PER_EMAIL = 5
CONFIRM_DAYS = 7
DRAFT_TYPES = {
    ".pdf": ("application/pdf", b"%PDF-"),
    ".docx": (
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        b"PK\x03\x04",
    ),
}
_SALT = "harmonia.enquiry.form"


class EnquiryError(ValueError):
    pass


class Refused(EnquiryError):
    """Looks like spam or a flood: said plainly, without saying which check."""


def _digest(raw: str) -> str:
    return hashlib.sha256(raw.encode("utf-8")).hexdigest()


# -- the body's side ---------------------------------------------------------------------


def open_enquiry(
    user: Any,
    *,
    body: Body,
    reference: str,
    title: str,
    scope: str,
    closes_at: dt.datetime,
    opens_at: dt.datetime | None = None,
    committee: Committee | None = None,
    project: Any = None,
    draft: bytes = b"",
    draft_name: str = "",
    check: bool = True,
) -> Enquiry:
    if check and not policy.can_open_enquiry(user, body):
        raise PermissionError(
            gettext("only secretaries of %(body)s open a public enquiry") % {"body": body}
        )
    opens_at = opens_at or timezone.now()
    if closes_at <= opens_at:
        raise EnquiryError(gettext("closes_at: the deadline must be after the opening"))
    if not scope.strip():
        raise EnquiryError(gettext("scope: say what the draft covers"))
    draft_type = ""
    if draft:
        suffix = "." + draft_name.rsplit(".", 1)[-1].lower() if "." in draft_name else ""
        if suffix not in DRAFT_TYPES:
            raise EnquiryError(
                gettext("draft: %(draft_name)r is not a %(values)s file")
                % {"draft_name": draft_name, "values": " or ".join(DRAFT_TYPES)}
            )
        draft_type, magic = DRAFT_TYPES[suffix]
        if not draft.startswith(magic):
            raise EnquiryError(
                gettext("draft: the content of %(draft_name)r is not a %(suffix)s file")
                % {"draft_name": draft_name, "suffix": suffix}
            )
        if len(draft) > settings.UPLOAD_MAX_BYTES:
            raise EnquiryError(
                gettext("draft: larger than %(value)s MiB")
                % {"value": settings.UPLOAD_MAX_BYTES // 2**20}
            )
    with transaction.atomic():
        cs = services.open_set(
            user,
            body=body,
            reference=reference,
            title=title,
            committee=committee,
            closes_at=closes_at,
            project=project,
            check=False,
        )
        return Enquiry.objects.create(
            body=body,
            comment_set=cs,
            project=project,
            reference=cs.reference,
            title=cs.title,
            scope=scope.strip(),
            draft=draft,
            draft_name=draft_name[:200],
            draft_type=draft_type,
            opens_at=opens_at,
            closes_at=closes_at,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )


def open_now(now: dt.datetime | None = None) -> Any:
    now = now or timezone.now()
    return (
        Enquiry.objects.filter(opens_at__lte=now, closes_at__gt=now)
        .select_related("body")
        .defer("draft")
    )


def public_comments(enquiry: Enquiry) -> list[Comment]:
    """What the body chose to show, in clause order, with the secretariat's answers."""
    shown = enquiry.comment_set.comments.filter(public=True).select_related("type", "resolution")
    return services.ordered(shown)


# -- the public's side -------------------------------------------------------------------


def form_stamp(enquiry: Enquiry, now: dt.datetime | None = None) -> str:
    """A signed note of when the form was shown, sent back with the comment."""
    at = int((now or timezone.now()).timestamp())
    return signing.dumps({"e": enquiry.pk, "t": at}, salt=_SALT)


def _check_stamp(enquiry: Enquiry, stamp: str, now: dt.datetime) -> None:
    try:
        data = signing.loads(stamp, salt=_SALT, max_age=FORM_MAX_AGE)
    except signing.BadSignature:
        raise Refused(gettext("the form has expired: open the page again and resend")) from None
    if data.get("e") != enquiry.pk:
        raise Refused(gettext("the form belongs to another enquiry"))


@dataclass
class Submission:
    name: str
    email: str
    text: str
    type: str = "ge"
    organisation: str = ""
    clause: str = ""
    element: str = ""
    line: str = ""
    proposed_change: str = ""


_LINK = re.compile(r"https?://|www\.", re.IGNORECASE)


def submit(
    enquiry: Enquiry,
    form: Submission,
    *,
    stamp: str,
    honeypot: str = "",
    ip: str = "",
    confirm_url: str,
    now: dt.datetime | None = None,
) -> PublicSubmission:
    """Keep a public comment aside and mail its confirmation link (`confirm_url` has
    `{token}` in it). EnquiryError names a field; Refused is a flood or spam."""
    now = now or timezone.now()
    if not enquiry.is_open(now):
        raise EnquiryError(
            gettext("the enquiry on %(reference)s is not open for comments")
            % {"reference": enquiry.reference}
        )
    if honeypot.strip():
        raise Refused(gettext("the comment was not accepted"))
    _check_stamp(enquiry, stamp, now)
    name, email = form.name.strip(), form.email.strip()
    if not name:
        raise EnquiryError(gettext("name: required"))
    try:
        validate_email(email)
    except Exception:
        raise EnquiryError(
            gettext("email: %(value)r is not an e-mail address") % {"value": email}
        ) from None
    kind = form.type.strip().lower()
    if not CommentType.objects.filter(slug=kind).exists():
        raise EnquiryError(
            gettext("type: %(value)r is not one of ge, te, ed") % {"value": form.type}
        )
    text = form.text.strip()
    if not text:
        raise EnquiryError(gettext("text: the comment is empty"))
    for field_name, limit in services.LIMITS.items():
        value = getattr(form, field_name, "")
        if len(value) > limit:
            raise EnquiryError(
                gettext("%(field)s: longer than %(limit)s characters")
                % {"field": field_name, "limit": quantity(limit)}
            )
    if len(_LINK.findall(text + " " + form.proposed_change)) > MAX_LINKS:
        raise Refused(gettext("more than %(n)s links: cite the clause instead") % {"n": MAX_LINKS})
    limit, period = settings.RATE_LIMITS["enquiry"]
    if throttle.hit("enquiry", ip or "-", limit, period):
        raise Refused(gettext("too many comments from your address: try again later"))
    unconfirmed = PublicSubmission.objects.filter(
        enquiry=enquiry, email__iexact=email, confirmed_at__isnull=True
    ).count()
    if unconfirmed >= MAX_UNCONFIRMED_PER_EMAIL:
        raise Refused(
            gettext("confirm the comments already sent (see your e-mail) before sending more")
        )
    raw = secrets.token_urlsafe(32)
    with transaction.atomic():
        held = PublicSubmission.objects.create(
            enquiry=enquiry,
            name=name[:200],
            organisation=form.organisation.strip()[:200],
            email=email,
            line=form.line.strip(),
            clause=form.clause.strip(),
            element=form.element.strip(),
            type_id=kind,
            text=text,
            proposed_change=form.proposed_change.strip(),
            digest=_digest(raw),
            ip=ip[:45],
            created_at=now,
        )
        link = confirm_url.format(token=raw)
        transaction.on_commit(
            lambda: send_mail(
                f"Harmonia: confirm your comment on {enquiry.reference}",
                (
                    f"Thank you for commenting on {enquiry.reference} ({enquiry.title}).\n\n"
                    f"Open this link within {CONFIRM_DAYS} days to confirm the comment; "
                    f"until then the {enquiry.body} secretariat does not see it:\n{link}\n\n"
                    "If you did not send a comment, ignore this message."
                ),
                None,
                [email],
            )
        )
    return held


def confirm(raw: str, now: dt.datetime | None = None) -> Comment | None:
    """The comment a confirmation link stands for, joined to the enquiry's comments the
    first time it is opened; None for an unknown or expired link."""
    now = now or timezone.now()
    with transaction.atomic():
        held = (
            PublicSubmission.objects.select_for_update()
            .select_related("enquiry__comment_set__body")
            .filter(digest=_digest(raw))
            .first()
        )
        if held is None:
            return None
        if held.comment_id is not None:
            return held.comment
        if now - held.created_at > dt.timedelta(days=CONFIRM_DAYS):
            return None
        cs = held.enquiry.comment_set
        label = f"{held.name} ({held.organisation})" if held.organisation else held.name
        comment = Comment.objects.create(
            comment_set=cs,
            position=services.next_position(cs),
            member_body=cs.body.country_code or cs.body.code,
            line=held.line,
            clause=held.clause,
            element=held.element,
            type_id=held.type_id,
            text=held.text,
            proposed_change=held.proposed_change,
            author_label=label[:200],
            source="public",
            created_at=held.created_at,
        )
        CommentEvent.objects.create(comment=comment, what="created", after="public enquiry")
        held.confirmed_at = now
        held.comment = comment
        held.save(update_fields=["confirmed_at", "comment"])
        return comment
