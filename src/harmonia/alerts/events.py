"""Recording events: each once (a unique key), with the change it came from.

Catalogue changes are recorded by the import itself, in its transaction, against what
was held before it (an import into an empty catalogue tells nobody anything; an older
edition arriving late is not a "new edition"). Everything else is found by `scan`,
which the worker's clock runs every 5 minutes:
project stage changes, national adoptions, enquiries and ballots opening and closing,
reviews coming due and training deadlines. Scanning again finds the same keys, so it
records nothing twice.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.urls import reverse
from django.utils import timezone

from harmonia.catalogue.models import Document, ImportRun, StageCode
from harmonia.identifiers import IdentifierError, base_key, canonical_key, work_key

from .models import Event, EventKind
from .queue import enqueue

RECENT_DAYS = 365  # a document published longer ago than this is not news
ADOPTION_DAYS = 60  # nor a national adoption published longer ago than this
OPENED_DAYS = 7  # an enquiry or ballot opened longer ago than this is not news
SCAN_BACK = dt.timedelta(days=3)  # stage changes and adoptions looked at by a scan


@dataclass
class Draft:
    """An event about to be recorded."""

    kind: str
    key: str
    title: str
    summary: str = ""
    url: str = ""
    due: dt.datetime | None = None
    document: Document | None = None
    keys: list[str] = field(default_factory=list)
    works: list[str] = field(default_factory=list)
    ics: list[str] = field(default_factory=list)
    committee_id: int | None = None
    body_id: int | None = None
    enquiry_id: int | None = None
    audience: list[int] = field(default_factory=list)
    restricted: bool = False
    mail: bool = True
    demo: bool = False


def record(drafts: Iterable[Draft], *, source: str, source_id: str, batch: str) -> list[Event]:
    """Record the drafts not recorded before (by key) and queue their fan-out; returns
    the new events."""
    drafts = list({d.key: d for d in drafts}.values())
    if not drafts:
        return []
    known: set[str] = set()
    keys = [d.key for d in drafts]
    for i in range(0, len(keys), 500):
        known |= set(Event.objects.filter(key__in=keys[i : i + 500]).values_list("key", flat=True))
    now = timezone.now()
    new = [
        Event(
            key=d.key[:255],
            kind_id=d.kind,
            occurred=now,
            source=source,
            source_id=source_id[:40],
            batch=batch[:80],
            title=d.title[:500],
            summary=d.summary,
            url=d.url[:500],
            due=d.due,
            document=d.document,
            keys=sorted(set(filter(None, d.keys))),
            works=sorted(set(filter(None, d.works))),
            ics=sorted(set(d.ics)),
            committee_id=d.committee_id,
            body_id=d.body_id,
            enquiry_id=d.enquiry_id,
            audience=sorted(set(d.audience)),
            restricted=d.restricted,
            mail=d.mail,
            demo=d.demo,
        )
        for d in drafts
        if d.key not in known
    ]
    if not new:
        return []
    # ignore_conflicts: a concurrent scan may have recorded one of them meanwhile.
    Event.objects.bulk_create(new, batch_size=500, ignore_conflicts=True)
    enqueue("alerts.fan_out", batch=batch[:80])
    return new


def _work(key: str) -> str:
    try:
        return work_key(key) or ""
    except IdentifierError:
        return ""


def _subjects(doc: Document) -> tuple[list[str], list[str]]:
    """The keys and works a document's events match: its own, and for an amendment or
    corrigendum those of the edition it amends."""
    keys, works = [doc.key], [doc.work or _work(doc.key)]
    base = doc.base_identifier or _base(doc.key)
    if base:
        keys.append(base)
        works.append(_work(base))
    return keys, works


def _base(key: str) -> str:
    try:
        return base_key(key) or ""
    except IdentifierError:
        return ""


# -- the catalogue --------------------------------------------------------------------


@dataclass
class Before:
    """What the catalogue held, before an import, of the documents it brings."""

    stages: dict[str, str | None]  # key → stage code of the documents held
    newest: dict[str, str]  # work → the latest publication date held of it
    editions: dict[str, list[str]]  # work → the keys of its editions held
    held: set[str]  # keys held (to know an amendment's base)
    publishers: set[str]  # publishers with documents held: a first load is no news
    empty: bool


def before_import(records: Iterable[dict[str, Any]]) -> Before:
    records = list(records)
    if not records:
        return Before({}, {}, {}, set(), set(), empty=True)
    keys = [r["_key"] for r in records]
    works = sorted({r["_work"] for r in records if r.get("_work")})
    bases = sorted({r["base"] for r in records if r.get("base")})
    stages: dict[str, str | None] = {}
    for i in range(0, len(keys), 900):
        stages.update(
            Document.objects.filter(key__in=keys[i : i + 900]).values_list("key", "stage")
        )
    newest: dict[str, str] = {}
    editions: dict[str, list[str]] = {}
    for i in range(0, len(works), 900):
        for work, key, published in Document.objects.filter(
            work__in=works[i : i + 900]
        ).values_list("work", "key", "published"):
            newest[work] = max(newest.get(work, ""), published or "0")
            editions.setdefault(work, []).append(key)
    held: set[str] = set()
    for i in range(0, len(bases), 900):
        held |= set(
            Document.objects.filter(key__in=bases[i : i + 900]).values_list("key", flat=True)
        )
    codes = sorted({r["publisher"] for r in records if r.get("publisher")})
    publishers = set(
        Document.objects.filter(publisher__code__in=codes)
        .order_by()
        .values_list("publisher__code", flat=True)
        .distinct()
    )
    return Before(stages, newest, editions, held, publishers, empty=not Document.objects.exists())


def _recent(published: str, today: dt.date) -> bool:
    cutoff = (today - dt.timedelta(days=RECENT_DAYS)).isoformat()
    return bool(published) and published[:10] >= cutoff[: len(published[:10])]


def _document_draft(kind: str, doc: Document, key: str, summary: str = "") -> Draft:
    keys, works = _subjects(doc)
    return Draft(
        kind=kind,
        key=key,
        title=f"{doc.identifier} {doc.title}".strip() if doc.title else doc.identifier,
        summary=summary,
        url=doc.get_absolute_url(),
        document=doc,
        keys=keys,
        works=works,
        ics=[x.code for x in doc.documentics_set.all()],
        committee_id=doc.committee_id,
        body_id=doc.publisher_id,
    )


def catalogue_drafts(before: Before, keys: Iterable[str], today: dt.date) -> list[Draft]:
    """The events of an import: new editions, amendments and corrigenda, withdrawals,
    new documents and stage changes, against what was held before it."""
    if before.empty:
        return []
    stages = dict(StageCode.objects.values_list("code", "stage"))
    wanted = list(keys)
    found: dict[str, tuple[str, str]] = {}  # key → (kind, summary)
    for i in range(0, len(wanted), 900):
        rows = Document.objects.filter(key__in=wanted[i : i + 900]).values_list(
            "key", "stage", "work", "published", "base_identifier", "publisher__code"
        )
        for key, code, work, published_on, base_identifier, publisher in rows:
            stage = stages.get(code or "", "")
            published = code is None or (stage in {"60", "90"} and code != "60.00")
            if key not in before.stages:
                base = base_identifier or _base(key)
                if base:
                    if base in before.held and _recent(published_on, today):
                        found[key] = ("amendment", base)
                elif work and work in before.newest:
                    if published and (published_on or "9") > before.newest[work]:
                        found[key] = ("new-edition", ", ".join(sorted(before.editions[work])))
                    elif code and not published and stage != "95":
                        found[key] = ("stage-change", code)
                elif published and publisher in before.publishers and _recent(published_on, today):
                    # A publisher's first catalogue load is no news: its documents are.
                    found[key] = ("publication", "")
                continue
            old = before.stages[key]
            if old == code or code is None:
                continue
            change = f"{old or '—'} → {code}"
            if stage == "95" and not (old or "").startswith("95"):
                found[key] = ("withdrawal", change)
            elif stage != "95":
                found[key] = ("stage-change", change)
    docs = list(Document.objects.filter(key__in=list(found)).prefetch_related("documentics_set"))
    drafts = []
    for doc in docs:
        kind, summary = found[doc.key]
        tail = doc.stage_id if kind in {"stage-change", "withdrawal"} else ""
        draft = _document_draft(kind, doc, f"{kind}:{doc.key}:{tail}".rstrip(":"), summary)
        if kind == "new-edition":
            # Followers of the editions it replaces are told too.
            draft.keys += before.editions[doc.work]
        drafts.append(draft)
    return drafts


def after_import(run: ImportRun, before: Before, keys: Iterable[str]) -> list[Event]:
    drafts = catalogue_drafts(before, keys, timezone.localdate())
    return record(drafts, source="import", source_id=str(run.pk), batch=f"import:{run.pk}")


# -- the scan -------------------------------------------------------------------------


def _soon(kind: str) -> dt.timedelta:
    days = EventKind.objects.filter(slug=kind).values_list("soon_days", flat=True).first()
    return dt.timedelta(days=days or 7)


def _project_drafts(now: dt.datetime) -> list[Draft]:
    from harmonia.projects.models import ProjectEvent

    out = []
    # A move is news when it was made lately and says it happened lately (a history
    # entered after the fact is not).
    recent = ProjectEvent.objects.filter(at__gte=now - SCAN_BACK, on__gte=(now - SCAN_BACK).date())
    for pe in recent.select_related("project", "to_code", "project__adopts"):
        p = pe.project
        keys = [canonical_key(p.identifier)] if p.identifier else []
        works = [_work(k) for k in keys]
        if p.adopts_id:
            keys.append(p.adopts.key)  # type: ignore[union-attr]
            works.append(p.adopts.work)  # type: ignore[union-attr]
        out.append(
            Draft(
                kind="stage-change",
                key=f"project-stage:{pe.pk}",
                title=f"{p.reference} {p.title}",
                summary=f"{pe.from_code_id or '—'} → {pe.to_code_id} {pe.to_code.name}",
                url=reverse("projects:detail", args=[p.pk]),
                keys=keys,
                works=works,
                committee_id=p.committee_id,
                body_id=p.body_id,
                demo=p.demo,
            )
        )
    return out


def _adoption_drafts(now: dt.datetime) -> list[Draft]:
    from harmonia.adoptions.models import Adoption

    cutoff = (now.date() - dt.timedelta(days=ADOPTION_DAYS)).isoformat()
    out = []
    for a in Adoption.objects.filter(
        status="confirmed", created__gte=now - SCAN_BACK, national__published__gte=cutoff
    ).select_related("national", "adopted"):
        national = a.national
        keys, works = [national.key, a.adopted_key], [national.work, _work(a.adopted_key)]
        if a.adopted is not None:
            works.append(a.adopted.work)
        out.append(
            Draft(
                kind="national-adoption",
                key=f"adoption:{a.pk}",
                title=f"{national.identifier} {national.title}".strip(),
                summary=f"{national.identifier} ← {a.adopted_identifier} ({a.degree_id or ''})",
                url=national.get_absolute_url(),
                document=national,
                keys=keys,
                works=works,
                ics=list(national.documentics_set.values_list("code", flat=True)),
                committee_id=national.committee_id,
                body_id=national.publisher_id,
            )
        )
    return out


def _enquiry_drafts(now: dt.datetime) -> list[Draft]:
    from harmonia.comments.models import Enquiry

    soon = _soon("enquiry-closing")
    out = []
    for e in Enquiry.objects.filter(opens_at__lte=now, closes_at__gt=now).select_related("project"):
        p = e.project
        keys = [canonical_key(p.identifier)] if p is not None and p.identifier else []
        common = {
            "title": f"{e.reference} {e.title}",
            "url": reverse("enquiries:detail", args=[e.pk]),
            "due": e.closes_at,
            "keys": keys,
            "works": [_work(k) for k in keys],
            "committee_id": p.committee_id if p is not None else None,
            "body_id": e.body_id,
            "enquiry_id": e.pk,
            "demo": e.demo,
        }
        if e.opens_at >= now - dt.timedelta(days=OPENED_DAYS):
            out.append(Draft(kind="enquiry-opened", key=f"enquiry-opened:{e.pk}", **common))
        if e.closes_at - soon <= now:
            out.append(Draft(kind="enquiry-closing", key=f"enquiry-closing:{e.pk}", **common))
    return out


def staff_of(bodies: set[int]) -> dict[int, set[int]]:
    """{body id: its people of editor rank and above}: who acts for a body."""
    from harmonia.accounts import policy
    from harmonia.accounts.models import Membership

    staff: dict[int, set[int]] = {}
    if not bodies:
        return staff
    rows = Membership.objects.filter(
        body_id__in=bodies, role__rank__gte=policy._rank_of("editor"), user__is_active=True
    ).values_list("user_id", "body_id")
    for user_id, body_id in rows:
        staff.setdefault(body_id, set()).add(user_id)
    return staff


def _ballot_drafts(now: dt.datetime) -> list[Draft]:
    from harmonia.ballots.models import Ballot, Voter

    soon = _soon("ballot-closing")
    ballots = list(
        Ballot.objects.filter(state="open", opens_at__lte=now, closes_at__gt=now).select_related(
            "document", "committee"
        )
    )
    if not ballots:
        return []
    voters = Voter.objects.filter(ballot__in=ballots).values_list(
        "ballot_id", "user_id", "body_id", "responses__question__kind"
    )
    people: dict[int, set[int]] = {}
    waiting: dict[int, set[int]] = {}
    body_voters: dict[int, set[int]] = {}
    voted: set[tuple[int, int | None, int | None]] = set()
    for ballot_id, user_id, body_id, answered in voters:
        if answered == "vote":
            voted.add((ballot_id, user_id, body_id))
    editors = staff_of({body_id for _b, _u, body_id, _a in voters if body_id})
    for ballot_id, user_id, body_id, _answered in voters:
        who = {user_id} if user_id else editors.get(body_id or 0, set())
        people.setdefault(ballot_id, set()).update(who)
        if body_id:
            body_voters.setdefault(ballot_id, set()).add(body_id)
        if (ballot_id, user_id, body_id) not in voted:
            waiting.setdefault(ballot_id, set()).update(who)
    out = []
    for b in ballots:
        doc = b.document
        common = {
            "title": f"{b.reference} {b.title}",
            "url": reverse("ballots:detail", args=[b.pk]),
            "due": b.closes_at,
            "keys": [doc.key] if doc else [],
            "works": [doc.work] if doc else [],
            "committee_id": b.committee_id,
            "body_id": b.body_id,
            "restricted": True,
            "demo": b.demo,
        }
        if b.opens_at >= now - dt.timedelta(days=OPENED_DAYS) and people.get(b.pk):
            out.append(
                Draft(
                    kind="ballot-opened",
                    key=f"ballot-opened:{b.pk}",
                    audience=sorted(people[b.pk]),
                    **common,
                )
            )
        if b.closes_at - soon <= now and waiting.get(b.pk):
            out.append(
                Draft(
                    kind="ballot-closing",
                    key=f"ballot-closing:{b.pk}",
                    audience=sorted(waiting[b.pk]),
                    **common,
                )
            )
    return out


def _review_drafts(now: dt.datetime) -> list[Draft]:
    from harmonia.reviews.models import Review

    today = now.date()
    ahead = _soon("review-due")
    reviews = list(
        Review.objects.filter(state="open", due__lte=today + ahead).select_related("document")
    )
    staff = staff_of({r.body_id for r in reviews})
    out = []
    for r in reviews:
        doc = r.document
        out.append(
            Draft(
                kind="review-due",
                key=f"review-due:{r.pk}:{r.due}",
                title=f"{doc.identifier} {doc.title}".strip(),
                summary=str(r.due),
                url=reverse("reviews:detail", args=[r.pk]),
                due=dt.datetime.combine(r.due, dt.time(), tzinfo=dt.UTC),
                document=doc,
                keys=[doc.key],
                works=[doc.work],
                committee_id=r.committee_id,
                body_id=r.body_id,
                audience=sorted(staff.get(r.body_id, set())),
                # Review pages are for the body's people: its followers outside it
                # are not told.
                restricted=True,
                demo=r.demo,
            )
        )
    return out


def _training_drafts(now: dt.datetime) -> list[Draft]:
    from django.contrib.auth import get_user_model

    from harmonia.training.reminders import due

    reminders = due(now.date())
    emails = {r.email.lower() for r in reminders}
    users: dict[str, list[int]] = {}
    for pk, email in (
        get_user_model().objects.filter(is_active=True).exclude(email="").values_list("pk", "email")
    ):
        if email.lower() in emails:
            users.setdefault(email.lower(), []).append(pk)
    return [
        Draft(
            kind="training-deadline",
            key=f"training:{r.key}:{r.email.lower()}",
            title=r.subject.removeprefix("Harmonia: "),
            summary=r.text,
            url=reverse("training:list"),
            audience=users[r.email.lower()],
            restricted=True,
            mail=False,
        )
        for r in reminders
        if users.get(r.email.lower())
    ]


def scan(now: dt.datetime | None = None) -> list[Event]:
    """Record what happened or came due since the last scans; returns the new events."""
    now = now or timezone.now()
    drafts = [
        *_project_drafts(now),
        *_adoption_drafts(now),
        *_enquiry_drafts(now),
        *_ballot_drafts(now),
        *_review_drafts(now),
        *_training_drafts(now),
    ]
    stamp = now.strftime("%Y%m%dT%H%M%S%f")
    return record(drafts, source="scan", source_id=stamp, batch=f"scan:{stamp}")
