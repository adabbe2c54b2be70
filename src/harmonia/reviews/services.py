"""Systematic review of a body's published documents: when each is due (the period
after publication or the last confirmation, from ReviewPeriod), the queue per body and
committee, the outdated adoptions as candidates, a review with its committee ballot,
and the outcome applied to the catalogue (the document's stage and dates, or a
revision or amendment project), kept as the document's status history."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext

from harmonia.accounts import policy
from harmonia.catalogue.models import Body, Committee, Document
from harmonia.catalogue.services import CURRENT, is_current_stage

from .models import Review, ReviewOutcome, ReviewPeriod

OUTCOME_QUESTION = "Recommended outcome"
OUTCOME_ANSWERS = ["confirm", "revise", "amend", "withdraw"]


class ReviewError(ValueError):
    pass


def _deny(allowed: bool, what: str) -> None:
    if not allowed:
        raise PermissionError(what)


# -- when a document is due --------------------------------------------------------------


def periods_for(body: Body | int) -> dict[str | None, int]:
    """{document type (None: any): years} for `body`, its own rows over the defaults."""
    body_id = body if isinstance(body, int) else body.pk
    out: dict[str | None, int] = {}
    rows = ReviewPeriod.objects.filter(Q(body_id=body_id) | Q(body__isnull=True))
    # Defaults first, so the body's own rows overwrite them.
    for row in sorted(
        rows.values("body_id", "doctype_id", "years"), key=lambda r: r["body_id"] is not None
    ):
        out[row["doctype_id"]] = row["years"]
    return out


def _date(value: str) -> dt.date | None:
    text = (value or "").strip()
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        try:
            return dt.date.fromisoformat(text)
        except ValueError:
            return None
    if re.fullmatch(r"\d{4}-\d{2}", text):
        return dt.date(int(text[:4]), int(text[5:7]), 1)
    if re.fullmatch(r"\d{4}", text):
        return dt.date(int(text), 1, 1)
    return None


def last_reviewed(published: str, dates: list[Any], year: int | None = None) -> dt.date | None:
    """The publication or the latest confirmation, whichever is later."""
    found = [_date(published)] if published else []
    for entry in dates or []:
        if isinstance(entry, dict) and entry.get("type") in ("published", "confirmed"):
            found.append(_date(str(entry.get("value", ""))))
    known = [d for d in found if d is not None]
    if not known and year:
        known = [dt.date(year, 1, 1)]
    return max(known) if known else None


def _add_years(day: dt.date, years: int) -> dt.date:
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def due_date(document: Document, periods: dict[str | None, int] | None = None) -> dt.date | None:
    periods = periods if periods is not None else periods_for(document.publisher_id)
    since = last_reviewed(document.published, document.dates, document.year)
    if since is None:
        return None
    years = periods.get(document.doctype_id, periods.get(None, 5))
    return _add_years(since, years)


@dataclass
class Due:
    document_id: int
    identifier: str
    title: str
    committee: str
    since: dt.date
    due: dt.date
    overdue: bool
    review_id: int | None

    @property
    def pk(self) -> int:
        """The document's, so that a page of these reads its titles in one query."""
        return self.document_id


def queue(
    body: Body,
    *,
    committee: Committee | None = None,
    today: dt.date | None = None,
    within_days: int = 365,
    limit: int | None = 500,
) -> tuple[list[Due], int, int]:
    """The body's current documents due for review within `within_days` (or overdue),
    the longest overdue first (at most `limit`; None: all), how many there are in all and how many
    of them are overdue."""
    today = today or timezone.localdate()
    periods = periods_for(body)
    docs = Document.objects.filter(CURRENT, publisher=body)
    if committee is not None:
        docs = docs.filter(committee=committee)
    open_reviews = dict(
        Review.objects.filter(body=body, state="open").values_list("document_id", "pk")
    )
    horizon = today + dt.timedelta(days=within_days)
    rows: list[Due] = []
    for pk, identifier, title, published, dates, year, doctype, ref in docs.values_list(
        "pk", "identifier", "title", "published", "dates", "year", "doctype_id",
        "committee__reference",
    ):  # fmt: skip
        since = last_reviewed(published, dates, year)
        if since is None:
            continue
        due = _add_years(since, periods.get(doctype, periods.get(None, 5)))
        if due <= horizon:
            rows.append(
                Due(pk, identifier, title, ref or "", since, due, due < today, open_reviews.get(pk))
            )
    rows.sort(key=lambda r: (r.due, r.identifier))
    return rows[:limit], len(rows), sum(r.overdue for r in rows)


def candidates(body: Body, today: dt.date | None = None) -> list[Any]:
    """Outdated adoptions (the adopted edition was revised, withdrawn or amended): each
    is a reason to review the national document now, with its newer edition."""
    from harmonia.analytics.indicators import outdated

    return outdated(body, today)


# -- a review ----------------------------------------------------------------------------


def start(
    user: Any,
    document: Document,
    *,
    ballot_closes: dt.datetime | None = None,
    with_ballot: bool = True,
    today: dt.date | None = None,
    check: bool = True,
) -> Review:
    """Put `document` under review; its committee's experts get a review ballot when the
    committee is the body's own and has experts."""
    body = document.publisher
    if check:
        _deny(
            policy.can_run_committees(user, body),
            gettext("only secretaries of %(body)s start reviews") % {"body": body},
        )
    if Review.objects.filter(document=document, state="open").exists():
        raise ReviewError(
            gettext("%(identifier)s is already under review") % {"identifier": document.identifier}
        )
    if not document.stage_id or not Document.objects.filter(CURRENT, pk=document.pk).exists():
        raise ReviewError(
            gettext("%(identifier)s is not a current document: nothing to review")
            % {"identifier": document.identifier}
        )
    today = today or timezone.localdate()
    due = due_date(document) or today
    committee = (
        document.committee if document.committee and document.committee.body_id == body.pk else None
    )
    actor = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        ballot = None
        if (
            with_ballot
            and committee is not None
            and committee.people.exclude(role_id="observer").exists()
        ):
            from harmonia.ballots import services as ballots
            from harmonia.ballots.models import REVIEW_TITLE, BallotType

            try:
                ballot = ballots.open_ballot(
                    actor,
                    body=body,
                    committee=committee,
                    ballot_type=BallotType.objects.get(slug="review"),
                    # A document is reviewed every few years: the year tells the ballots apart.
                    reference=f"SR {document.identifier} ({today.year})",
                    title=REVIEW_TITLE % {"identifier": document.identifier},
                    closes_at=ballot_closes,
                    document=document,
                    questions=[(OUTCOME_QUESTION, OUTCOME_ANSWERS)],
                )
            except ballots.BallotError as exc:
                raise ReviewError(
                    gettext("the review ballot cannot open: %(exc)s") % {"exc": exc}
                ) from None
        return Review.objects.create(
            document=document,
            body=body,
            committee=committee or document.committee,
            due=due,
            started_on=today,
            ballot=ballot,
            from_stage_id=document.stage_id,
            started_by=actor,
        )


def recommended(review: Review) -> tuple[str, dict[str, int]]:
    """The outcome most of the review ballot's voters recommend ("" without a ballot or
    votes), and the count of each answer."""
    if review.ballot is None:
        return "", {}
    from harmonia.ballots.models import Response

    counts = Counter(
        Response.objects.filter(
            question__ballot=review.ballot, question__text=OUTCOME_QUESTION
        ).values_list("answer", flat=True)
    )
    if not counts:
        return "", {}
    top = max(OUTCOME_ANSWERS, key=lambda a: (counts.get(a, 0), -OUTCOME_ANSWERS.index(a)))
    return top, {a: counts.get(a, 0) for a in OUTCOME_ANSWERS}


def _next_identifier(document: Document, year: int, amendment: bool) -> str:
    if amendment:
        n = 1
        while Document.objects.filter(identifier=f"{document.identifier}/Amd {n}:{year}").exists():
            n += 1
        return f"{document.identifier}/Amd {n}:{year}"
    stem = re.sub(r"[:-]\d{4}$", "", document.identifier)
    return f"{stem}:{year}"


def decide(
    user: Any,
    review: Review,
    outcome: str,
    *,
    note: str = "",
    on: dt.date | None = None,
    check: bool = True,
) -> Review:
    """Apply the outcome to the catalogue: confirm (90.93 and a confirmation date, the
    next review five years on), revise or amend (90.92 and a project), withdraw (95.99).
    The secretary may decide otherwise than the ballot recommends, saying why."""
    if check:
        _deny(
            policy.can_run_committees(user, review.body_id),
            gettext("only the body's secretaries decide"),
        )
    row = ReviewOutcome.objects.select_related("stage").filter(slug=outcome).first()
    if row is None:
        known = ", ".join(ReviewOutcome.objects.values_list("slug", flat=True))
        raise ReviewError(
            gettext("outcome: %(outcome)r is not one of %(known)s")
            % {"outcome": outcome, "known": known}
        )
    if review.state != "open":
        raise ReviewError(
            gettext("the review of %(identifier)s is already decided")
            % {"identifier": review.document.identifier}
        )
    advice, _counts = recommended(review)
    if advice and advice != outcome and not note.strip():
        raise ReviewError(
            gettext(
                "note: say why the outcome is %(outcome)s when the ballot recommends %(advice)s"
            )
            % {"outcome": outcome, "advice": advice}
        )
    on = on or timezone.localdate()
    actor = user if getattr(user, "is_authenticated", False) else None
    with transaction.atomic():
        review = Review.objects.select_for_update().get(pk=review.pk)
        document = Document.objects.select_for_update().get(pk=review.document_id)
        review.from_stage_id = document.stage_id
        document.stage_id = row.stage_id
        dates = [d for d in document.dates if isinstance(d, dict)]
        if outcome == "confirm":
            dates.append({"type": "confirmed", "value": on.isoformat()})
            document.status = "current"
        if row.withdraws:
            dates.append({"type": "withdrawn", "value": on.isoformat()})
            document.status = "withdrawn"
        document.dates = dates
        document.save(update_fields=["stage", "dates", "status"])
        if row.project_doctype_id:
            from harmonia.projects import services as projects

            amendment = row.project_doctype_id == "amendment"
            identifier = _next_identifier(document, on.year + 1, amendment)
            kind = "AMD" if amendment else "REV"
            try:
                review.project = projects.create_project(
                    actor,
                    body=review.body,
                    reference=f"{kind}-{document.number or document.pk}-{on.year}",
                    title=f"{'Sửa đổi' if amendment else 'Soát xét'} {document.identifier}"
                    if review.body.country_code == "VN"
                    else f"{'Amendment of' if amendment else 'Revision of'} {document.identifier}",
                    title_en=document.title,
                    identifier=identifier,
                    committee=review.committee
                    if review.committee and review.committee.body_id == review.body_id
                    else None,
                    doctype=row.project_doctype_id,
                    stage="20.00",
                    started=on,
                    plan_year=on.year,
                    replaces=None if amendment else document,
                )
            except projects.ProjectError as exc:
                raise ReviewError(
                    gettext("the %(value)s project cannot start: %(exc)s")
                    % {"value": kind.lower(), "exc": exc}
                ) from None
        review.state = "decided"
        review.outcome = row
        review.decided_on = on
        review.decided_by = actor
        review.note = note.strip()
        review.to_stage_id = row.stage_id
        review.save()
    return review


def history(document: Document) -> list[Review]:
    """The document's reviews, oldest first: its status history (from and to stage)."""
    return list(
        Review.objects.filter(document=document)
        .select_related("outcome", "decided_by", "from_stage", "to_stage", "project")
        .order_by("started_on", "pk")
    )


def review_facts(document: Document) -> dict[str, Any]:
    """What the document page says of review: when the next one is due (a body's own
    current documents), and the decided reviews with the stage each one set."""
    due = None
    if document.publisher.kind == "national" and is_current_stage(document.stage_id):
        due = due_date(document)
    decided = [r for r in history(document) if r.state == "decided"]
    return {"due": due, "decided": decided}


def visible_bodies(user: Any) -> Any:
    bodies = policy.bodies_where(user, "viewer")
    qs = Body.objects.filter(kind="national")
    return qs if bodies is None else qs.filter(pk__in=bodies)
