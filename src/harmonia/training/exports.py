"""The programme's tables for spreadsheet users (organisers only): participants with
their logistics, attendance per session, assessment scores, feedback results and the
dashboard's figures."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from .dashboard import MEASURES, dashboard
from .feedback import results
from .models import (
    AssessmentResponse,
    Attendance,
    FeedbackCriterion,
    Participant,
    Programme,
    Session,
)
from .services import attendance_percent, local

Table = tuple[list[str], list[list[Any]]]


def _people(programme: Programme) -> list[Participant]:
    return list(
        Participant.objects.filter(programme=programme)
        .select_related("body", "certificate")
        .order_by("body__code", "name")
    )


def participants(programme: Programme) -> Table:
    shares = attendance_percent(programme)
    header = ["Name", "Body", "Country", "Position", "Gender", "E-mail", "Status", "Arrival",
              "Departure", "Dietary needs", "Accessibility needs", "Attendance (%)",
              "Certificate"]  # fmt: skip
    rows = []
    for p in _people(programme):
        certificate = getattr(p, "certificate", None)
        rows.append([p.name, p.body.code, p.body.country_code, p.position, p.gender, p.email,
                     p.status, p.arrival, p.departure, p.dietary, p.accessibility,
                     shares.get(p.pk), certificate.code if certificate else ""])  # fmt: skip
    return header, rows


def attendance(programme: Programme) -> Table:
    sessions = list(Session.objects.filter(module__programme=programme).order_by("starts_at", "pk"))
    present = set(
        Attendance.objects.filter(session__module__programme=programme).values_list(
            "participant_id", "session_id"
        )
    )
    header = [
        "Name",
        "Body",
        *(f"{local(programme, s.starts_at):%m-%d %H:%M} {s.title}" for s in sessions),
    ]
    rows = [
        [p.name, p.body.code, *(1 if (p.pk, s.pk) in present else "" for s in sessions)]
        for p in _people(programme)
        if p.status == "accepted"
    ]
    return header, rows


def assessments(programme: Programme) -> Table:
    scores: dict[tuple[int, int], dict[str, float]] = {}
    for r in AssessmentResponse.objects.filter(module__programme=programme):
        scores.setdefault((r.participant_id, r.module_id), {})[r.kind] = round(r.percent, 1)
    modules = list(programme.modules.all())
    header = ["Name", "Body", "Module", "Pre (%)", "Post (%)", "Gain (points)"]
    rows = []
    for p in _people(programme):
        for m in modules:
            s = scores.get((p.pk, m.pk))
            if s:
                pre, post = s.get("pre"), s.get("post")
                gain = round(post - pre, 1) if pre is not None and post is not None else ""
                rows.append([p.name, p.body.code, m.title, pre, post, gain])
    return header, rows


def feedback(programme: Programme) -> Table:
    found = results(programme)
    names = {c.slug: c.name for c in FeedbackCriterion.objects.all()}
    header = ["Form", "Responses", "Question", "Mean (1-5)", "Comment"]
    rows: list[list[Any]] = []
    forms = [("Programme", found.programme)] + [
        (str(s), found.sessions[s.pk])
        for s in Session.objects.filter(module__programme=programme).order_by("starts_at")
        if s.pk in found.sessions
    ]
    for title, r in forms:
        for slug, value in r.means.items():
            rows.append([title, r.responses, names.get(slug, slug), round(value, 2), ""])
        for text in r.comments:
            rows.append([title, r.responses, "", "", text])
    return header, rows


def figures(programme: Programme) -> Table:
    d = dashboard(programme)
    gains = d.learning
    header = ["Figure", "Value"]
    rows: list[list[Any]] = [
        [label, None if (v := read(d)) is None else round(v, 2)]
        for label, read in MEASURES.values()
    ]
    rows += [[f"By region: {k}", v] for k, v in d.by_region]
    rows += [[f"By country: {k}", v] for k, v in d.by_country]
    rows += [[f"By gender: {k}", v] for k, v in d.by_gender]
    modules = {m.pk: m.title for m in programme.modules.all()}
    rows += [
        [f"Learning gain: {modules[m]}", round(g.gain, 2)]
        for m, g in gains.by_module.items()
        if g is not None
    ]
    rows += [
        [f"Indicator {i.code} {i.name} (target {i.target})", None if v is None else round(v, 2)]
        for i, v, _share in d.indicators
    ]
    return header, rows


TABLES: dict[str, Callable[[Programme], Table]] = {
    "participants": participants,
    "attendance": attendance,
    "assessments": assessments,
    "feedback": feedback,
    "dashboard": figures,
}
