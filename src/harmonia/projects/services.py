"""The work programme: moving projects through the stage codes, their schedule, the
annual plan, and publication into the catalogue."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.db.models import Count, Q, QuerySet
from django.utils.translation import gettext

from harmonia.catalogue.models import (
    Body,
    Committee,
    Document,
    DocumentTitle,
    DocumentType,
    Relation,
    StageCode,
)
from harmonia.identifiers import canonical_key, work_key

from .models import Project, ProjectEvent, StagePeriod, StageTransition

PUBLISHED = "60.60"
# Stages a project goes through, in order, for its schedule.
PATH = ("00", "10", "20", "30", "40", "50", "60")
# A stage is "at risk" when less than this share of its period is left.
AT_RISK_SHARE = 0.25


class ProjectError(ValueError):
    pass


def stage_name(code: str) -> str:
    found = StageCode.objects.filter(code=code).first()
    return f"{code} ({found.name})" if found else code


def allowed_moves(code: str) -> list[StageTransition]:
    return list(
        StageTransition.objects.filter(from_code_id=code)
        .select_related("to_code")
        .order_by("to_code_id")
    )


def check_move(project: Project, to_code: str) -> StageTransition:
    move = StageTransition.objects.filter(from_code_id=project.stage_id, to_code_id=to_code).first()
    if move is not None:
        return move
    if not StageCode.objects.filter(code=to_code).exists():
        raise ProjectError(
            gettext("stage: %(to_code)r is not a harmonized stage code") % {"to_code": to_code}
        )
    allowed = ", ".join(m.to_code_id for m in allowed_moves(project.stage_id)) or "none"
    raise ProjectError(
        gettext(
            "stage: a project at %(value)s cannot move to %(value2)s; from %(stage_id)s it "
            "may go to: %(allowed)s"
        )
        % {
            "value": stage_name(project.stage_id),
            "value2": stage_name(to_code),
            "stage_id": project.stage_id,
            "allowed": allowed,
        }
    )


def create_project(
    user: Any,
    *,
    body: Body,
    reference: str,
    title: str,
    identifier: str,
    committee: Committee | None = None,
    title_en: str = "",
    doctype: str = "national-standard",
    stage: str = "00.00",
    started: dt.date | None = None,
    plan_year: int | None = None,
    adopts: Document | None = None,
    degree: str | None = None,
    replaces: Document | None = None,
) -> Project:
    reference, title, identifier = reference.strip(), title.strip(), identifier.strip()
    if not reference:
        raise ProjectError(gettext("reference: required"))
    if not title:
        raise ProjectError(gettext("title: required"))
    if not identifier:
        raise ProjectError(
            gettext("identifier: required (the identifier it will be published under)")
        )
    if Project.objects.filter(body=body, reference=reference).exists():
        raise ProjectError(
            gettext("reference: %(body)s already has a project %(reference)r")
            % {"body": body, "reference": reference}
        )
    if Document.objects.filter(identifier=identifier).exists():
        raise ProjectError(
            gettext("identifier: %(identifier)r is already in the catalogue")
            % {"identifier": identifier}
        )
    if not StageCode.objects.filter(code=stage).exists():
        raise ProjectError(
            gettext("stage: %(stage)r is not a harmonized stage code") % {"stage": stage}
        )
    if stage == PUBLISHED:
        raise ProjectError(gettext("stage: a new project cannot start as published"))
    if degree and adopts is None:
        raise ProjectError(gettext("degree: give the adopted document too"))
    if adopts is not None and not degree:
        raise ProjectError(
            gettext("degree: say how the project adopts the document (IDT, MOD or NEQ)")
        )
    if committee is not None and committee.body_id not in (None, body.pk):
        raise ProjectError(
            gettext("committee: %(committee)s is not a committee of %(body)s")
            % {"committee": committee, "body": body}
        )
    started = started or dt.date.today()
    with transaction.atomic():
        project = Project.objects.create(
            body=body,
            committee=committee,
            reference=reference,
            title=title,
            title_en=title_en.strip(),
            doctype=DocumentType.objects.get(slug=doctype),
            identifier=identifier,
            stage_id=stage,
            stage_since=started,
            started=started,
            plan_year=plan_year,
            adopts=adopts,
            degree_id=degree or None,
            replaces=replaces,
            created_by=user if getattr(user, "is_authenticated", False) else None,
        )
        ProjectEvent.objects.create(
            project=project, from_code=None, to_code_id=stage, on=started, by=project.created_by
        )
    return project


def move(
    project: Project, to_code: str, user: Any = None, on: dt.date | None = None, note: str = ""
) -> Project:
    """Move `project` to `to_code` if the transition table allows it; publishing
    (60.60) puts the document in the catalogue."""
    on = on or dt.date.today()
    with transaction.atomic():
        project = Project.objects.select_for_update().get(pk=project.pk)
        check_move(project, to_code)
        if on < project.stage_since:
            raise ProjectError(
                gettext("on: %(on)s is before the project reached %(stage_id)s (%(stage_since)s)")
                % {"on": on, "stage_id": project.stage_id, "stage_since": project.stage_since}
            )
        by = user if getattr(user, "is_authenticated", False) else None
        ProjectEvent.objects.create(
            project=project, from_code_id=project.stage_id, to_code_id=to_code, on=on, by=by,
            note=note.strip(),
        )  # fmt: skip
        project.stage_id = to_code
        project.stage_since = on
        project.save(update_fields=["stage", "stage_since"])
        if to_code == PUBLISHED and project.document_id is None:
            publish(project, on)
    return project


def publish(project: Project, on: dt.date) -> Document:
    """The catalogue document of a published project, with its relations."""
    if Document.objects.filter(identifier=project.identifier).exists():
        raise ProjectError(
            gettext("identifier: %(identifier)r is already in the catalogue")
            % {"identifier": project.identifier}
        )
    language = "vi" if project.body.country_code == "VN" else "en"
    doc = Document.objects.create(
        identifier=project.identifier,
        key=canonical_key(project.identifier),
        work=work_key(project.identifier),
        publisher=project.body,
        doctype=project.doctype,
        title=project.title_en or project.title,
        stage_id=PUBLISHED,
        status="current",
        published=on.isoformat(),
        year=on.year,
        dates=[{"type": "published", "value": on.isoformat()}],
        committee=project.committee,
        languages=sorted({language, "en"} if project.title_en else {language}),
        source_id=f"project:{project.body.code}:{project.reference}",
        source_rank="project",
    )
    DocumentTitle.objects.create(
        document=doc, language=language, kind="main", content=project.title
    )
    if project.title_en and language != "en":
        DocumentTitle.objects.create(
            document=doc, language="en", kind="main", content=project.title_en, position=1
        )
    if project.replaces is not None:
        Relation.objects.create(
            document=doc,
            type_id="obsoletes",
            target_identifier=project.replaces.identifier,
            target_key=project.replaces.key,
            target=project.replaces,
            source="entered",
        )
    if project.adopts is not None:
        from harmonia.adoptions.models import Adoption

        Adoption.objects.create(
            national=doc,
            adopted_identifier=project.adopts.identifier,
            adopted_key=project.adopts.key,
            adopted=project.adopts,
            degree_id=project.degree_id,
            source="entered",
            status="confirmed",
            note=f"published by project {project.reference}",
        )
    project.document = doc
    project.save(update_fields=["document"])
    return doc


# -- schedule ---------------------------------------------------------------------------


def periods(body: Body | int) -> dict[str, int]:
    """{stage: weeks}: the body's own rows over the defaults."""
    body_id = body if isinstance(body, int) else body.pk
    return periods_of([body_id])[body_id]


def periods_of(body_ids: list[int]) -> dict[int, dict[str, int]]:
    """periods() of several bodies in one query."""
    defaults: dict[str, int] = {}
    own: dict[int, dict[str, int]] = {b: {} for b in body_ids}
    for p in StagePeriod.objects.filter(Q(body__isnull=True) | Q(body_id__in=body_ids)):
        if p.body_id is None:
            defaults[p.stage] = p.weeks
        else:
            own[p.body_id][p.stage] = p.weeks
    return {b: {**defaults, **weeks} for b, weeks in own.items()}


@dataclass
class Bar:
    stage: str
    start: dt.date
    end: dt.date
    done: bool
    current: bool


def schedule(project: Project, weeks: dict[str, int] | None = None) -> list[Bar]:
    """Dates per stage: what happened (from the events), then targets from now on."""
    weeks = weeks if weeks is not None else periods(project.body_id)
    events = list(project.events.all())
    bars: list[Bar] = []
    entered: dict[str, dt.date] = {}
    for e in events:
        entered.setdefault(e.to_code_id[:2], e.on)
    current = project.stage_id[:2]
    for stage in PATH:
        if stage < current and stage in entered:
            nexts = [d for s, d in entered.items() if s > stage]
            bars.append(
                Bar(stage, entered[stage], min(nexts) if nexts else entered[stage], True, False)
            )
    if current not in PATH or project.stage_id == PUBLISHED:
        return bars
    start = project.stage_since
    for stage in PATH[PATH.index(current) :]:
        if stage == "00" and current != "00":
            continue
        end = start + dt.timedelta(weeks=weeks.get(stage, 0))
        bars.append(Bar(stage, start, end, False, stage == current))
        start = end
    return bars


def target_end(project: Project, weeks: dict[str, int] | None = None) -> dt.date:
    weeks = weeks if weeks is not None else periods(project.body_id)
    return project.stage_since + dt.timedelta(weeks=weeks.get(project.stage_id[:2], 0))


def health(project: Project, today: dt.date, weeks: dict[str, int] | None = None) -> str:
    """'overdue', 'at-risk', 'lapsed' (a preliminary item past its period), 'done' or 'ok'."""
    if project.stage_id == PUBLISHED or project.stage_id.endswith(".98"):
        return "done"
    if project.stage_id[:2] in ("90", "95"):
        return "done"
    weeks = weeks if weeks is not None else periods(project.body_id)
    end = target_end(project, weeks)
    if today > end:
        return "lapsed" if project.stage_id.startswith("00") else "overdue"
    period = max(weeks.get(project.stage_id[:2], 0), 1) * 7
    if (end - today).days < period * AT_RISK_SHARE:
        return "at-risk"
    return "ok"


def projects_of(bodies: list[int] | None = None) -> QuerySet[Project]:
    qs = Project.objects.select_related("body", "committee", "stage")
    if bodies is not None:
        qs = qs.filter(body_id__in=bodies)
    return qs.order_by("body__code", "reference")


def with_health(projects: Any, today: dt.date | None = None) -> list[tuple[Project, str, dt.date]]:
    today = today or dt.date.today()
    projects = list(projects)
    weeks = periods_of(sorted({p.body_id for p in projects}))
    return [
        (p, health(p, today, weeks[p.body_id]), target_end(p, weeks[p.body_id])) for p in projects
    ]


def annual_plan(body: Body, year: int) -> list[dict[str, Any]]:
    """Projects planned for `year`, by committee, with how many are published."""
    rows = (
        Project.objects.filter(body=body, plan_year=year)
        .values("committee__reference")
        .annotate(
            planned=Count("id"),
            published=Count("id", filter=Q(stage_id=PUBLISHED)),
            abandoned=Count("id", filter=Q(stage__code__endswith=".98")),
        )
        .order_by("committee__reference")
    )
    return list(rows)


def plan_years(body: Body) -> list[int]:
    return sorted(
        {y for y in Project.objects.filter(body=body).values_list("plan_year", flat=True) if y},
        reverse=True,
    )


def gantt(committee: Committee, today: dt.date | None = None) -> dict[str, Any]:
    """Rows of bars for a committee's projects, placed on one time axis (0-100%)."""
    today = today or dt.date.today()
    projects = list(
        Project.objects.filter(committee=committee)
        .select_related("stage")
        .prefetch_related("events")
        .order_by("started", "reference")
    )
    weeks = periods_of(sorted({p.body_id for p in projects}))
    rows = [(p, schedule(p, weeks[p.body_id])) for p in projects]
    dates = [b.start for _p, bars in rows for b in bars] + [
        b.end for _p, bars in rows for b in bars
    ]
    if not dates:
        return {"rows": [], "ticks": []}
    lo, hi = min([*dates, today]), max([*dates, today])
    span = max((hi - lo).days, 1)

    def x(d: dt.date) -> float:
        return round(100 * (d - lo).days / span, 2)

    out_rows = []
    for p, bars in rows:
        out_rows.append(
            {
                "project": p,
                "bars": [
                    {
                        "stage": b.stage,
                        "x": x(b.start),
                        "w": max(x(b.end) - x(b.start), 0.4),
                        "done": b.done,
                        "current": b.current,
                        "start": b.start,
                        "end": b.end,
                    }
                    for b in bars
                ],
            }
        )
    ticks = [{"x": x(dt.date(y, 1, 1)), "year": y} for y in range(lo.year + 1, hi.year + 1)]
    return {"rows": out_rows, "ticks": ticks, "today": x(today)}


def timeline(project: Project) -> list[ProjectEvent]:
    return list(project.events.select_related("from_code", "to_code", "by").order_by("on", "pk"))
