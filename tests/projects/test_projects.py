"""The work programme: moves on the harmonized stage codes (allowed, refused with a
clear message), history, schedule and health, the annual plan, the Gantt rows, and
publication into the catalogue with its relations."""

from __future__ import annotations

import datetime as dt

import pytest

from harmonia.adoptions.models import Adoption
from harmonia.catalogue.models import Body, Committee, Document, Relation
from harmonia.projects import services
from harmonia.projects.models import Project, ProjectEvent, StagePeriod, StageTransition
from harmonia.search.models import PendingChange

pytestmark = pytest.mark.django_db

D0 = dt.date(2025, 1, 6)


@pytest.fixture
def body() -> Body:
    return Body.objects.create(code="STAMEQ", name="STAMEQ", kind="national", country_code="VN")


@pytest.fixture
def committee(body) -> Committee:
    return Committee.objects.create(reference="TCVN/TC 176", body=body, kind="national")


def new(body, committee=None, ref="DT-1", stage="00.00", **kw) -> Project:
    return services.create_project(
        None,
        body=body,
        reference=ref,
        title="Hệ thống quản lý chất lượng",
        identifier=kw.pop("identifier", f"TCVN 99{ref[-1]}01:2027"),
        committee=committee,
        stage=stage,
        started=kw.pop("started", D0),
        **kw,
    )


def doc(identifier: str, **kw) -> Document:
    iso = Body.objects.get_or_create(code="ISO", defaults={"name": "ISO", "kind": "international"})
    return Document.objects.create(
        identifier=identifier,
        key=identifier.lower().replace(" ", "-"),
        publisher=iso[0],
        doctype_id="international-standard",
        **kw,
    )


def walk(project: Project, codes: list[str], start: dt.date = D0, step: int = 10) -> Project:
    for i, code in enumerate(codes, 1):
        project = services.move(project, code, on=start + dt.timedelta(days=step * i))
    return project


def test_transitions_are_derived_from_the_stage_code_table():
    moves = set(StageTransition.objects.values_list("from_code_id", "to_code_id"))
    assert ("20.00", "20.20") in moves  # registration → main action
    assert ("40.60", "40.99") in moves and ("40.99", "50.00") in moves
    assert ("40.93", "40.20") in moves  # repeat the current phase
    assert ("20.99", "40.00") in moves  # the CD stage may be skipped
    assert ("30.20", "30.98") in moves  # abandon during the stage
    assert ("20.00", "60.60") not in moves
    assert all(
        len(row.source) > 40 for row in StageTransition.objects.all()[:5]
    )  # each row cites its source


def test_an_invalid_move_is_refused_with_a_clear_message(body):
    project = walk(new(body), ["00.20", "00.60", "00.99", "10.00", "10.20", "10.60", "10.99"])
    project = services.move(project, "20.00", on=D0 + dt.timedelta(days=100))
    with pytest.raises(services.ProjectError) as refused:
        services.move(project, "60.60")
    message = str(refused.value)
    assert message.startswith("stage: a project at 20.00 (")
    assert "cannot move to 60.60 (" in message and "from 20.00 it may go to: 20.20" in message
    with pytest.raises(services.ProjectError, match=r"'61\.00' is not a harmonized stage code"):
        services.move(project, "61.00")
    project.refresh_from_db()
    assert project.stage_id == "20.00"
    assert project.events.count() == 9  # creation and 8 moves; the refusals left no trace


def test_repeat_and_abandon_where_the_table_allows(body):
    project = walk(new(body, stage="40.00"), ["40.20", "40.60", "40.93", "40.20", "40.60", "40.92"])
    project = services.move(project, "30.00", on=D0 + dt.timedelta(days=90))
    assert project.stage_id == "30.00"
    project = services.move(project, "30.98", on=D0 + dt.timedelta(days=91))
    with pytest.raises(services.ProjectError, match=r"from 30\.98 it may go to: none"):
        services.move(project, "30.20")
    assert services.health(project, dt.date.today()) == "done"


def test_history_records_who_when_from_and_to(body, django_user_model):
    user = django_user_model.objects.create(username="sec")
    project = new(body)
    services.move(project, "00.20", user, D0 + dt.timedelta(days=3), note="registered")
    rows = [(e.from_code_id, e.to_code_id, e.on, e.by, e.note) for e in services.timeline(project)]
    assert rows == [
        (None, "00.00", D0, None, ""),
        ("00.00", "00.20", D0 + dt.timedelta(days=3), user, "registered"),
    ]
    with pytest.raises(services.ProjectError, match=r"is before the project reached 00\.20"):
        services.move(project, "00.60", on=D0)


def test_creation_is_checked(body, committee):
    new(body, committee)
    with pytest.raises(services.ProjectError, match="already has a project 'DT-1'"):
        new(body, committee, identifier="TCVN 1:2027")
    with pytest.raises(services.ProjectError, match="cannot start as published"):
        new(body, ref="DT-2", stage="60.60")
    with pytest.raises(services.ProjectError, match="degree: say how"):
        new(body, ref="DT-3", adopts=doc("ISO 1:2020"))
    other = Body.objects.create(code="TISI", name="TISI", kind="national", country_code="TH")
    with pytest.raises(services.ProjectError, match="is not a committee of TISI"):
        new(other, committee, ref="DT-4")
    assert Project.objects.count() == 1


def test_publication_creates_the_document_its_adoption_and_replacement(body, committee):
    iso = doc("ISO 9001:2015", stage_id="60.60")
    old = doc("TCVN ISO 9001:2008")
    project = new(
        body,
        committee,
        stage="50.60",
        identifier="TCVN ISO 9001:2026",
        title_en="Quality management systems — Requirements",
        adopts=iso,
        degree="IDT",
        replaces=old,
    )
    project = walk(project, ["50.99", "60.00", "60.60"])
    published = project.document
    assert published is not None and published.identifier == "TCVN ISO 9001:2026"
    assert (published.publisher, published.stage_id, published.committee, published.year) == (
        body,
        "60.60",
        committee,
        2025,
    )
    titles = dict(published.titles.values_list("language", "content"))
    assert titles == {
        "vi": "Hệ thống quản lý chất lượng",
        "en": "Quality management systems — Requirements",
    }
    adoption = Adoption.objects.get(national=published)
    assert (adoption.adopted, adoption.degree_id, adoption.status) == (iso, "IDT", "confirmed")
    assert Relation.objects.filter(document=published, type_id="obsoletes", target=old).exists()
    # The search index hears of it in the same transaction.
    assert PendingChange.objects.filter(document_id=published.pk).exists()


def test_publication_under_a_taken_identifier_is_refused_and_nothing_moves(body):
    project = new(body, stage="60.00", identifier="TCVN 5000:2026")
    doc("TCVN 5000:2026")
    with pytest.raises(services.ProjectError, match="already in the catalogue"):
        services.move(project, "60.60", on=D0 + dt.timedelta(days=1))
    project.refresh_from_db()
    assert project.stage_id == "60.00" and project.events.count() == 1


def test_target_dates_follow_the_periods_and_a_body_overrides_them(body):
    project = new(body, stage="30.20", started=D0)
    assert services.periods(body)["30"] == 26
    assert services.target_end(project) == D0 + dt.timedelta(weeks=26)
    StagePeriod.objects.create(body=body, stage="30", weeks=10, source="national rule")
    assert services.target_end(project) == D0 + dt.timedelta(weeks=10)
    bars = services.schedule(project)
    assert [b.stage for b in bars] == ["30", "40", "50", "60"]
    assert bars[0].current and bars[1].start == bars[0].end


def test_health_overdue_at_risk_lapsed(body):
    project = new(body, stage="30.20", started=D0)  # 26 weeks: due 2025-07-07
    due = D0 + dt.timedelta(weeks=26)
    assert services.health(project, D0 + dt.timedelta(days=10)) == "ok"
    assert services.health(project, due - dt.timedelta(days=20)) == "at-risk"
    assert services.health(project, due + dt.timedelta(days=1)) == "overdue"
    preliminary = new(body, ref="DT-2", started=D0)
    assert services.health(preliminary, D0 + dt.timedelta(weeks=157)) == "lapsed"


def test_annual_plan_by_committee(body, committee):
    other = Committee.objects.create(reference="TCVN/TC 207", body=body, kind="national")
    for i, (c, stage) in enumerate([(committee, "60.00"), (committee, "20.98"), (other, "30.20")]):
        new(body, c, ref=f"P-{i}", stage=stage, plan_year=2026, identifier=f"TCVN {i}:2026")
    new(body, committee, ref="P-9", plan_year=2025, identifier="TCVN 9:2025")
    walk(Project.objects.get(reference="P-0"), ["60.60"])
    plan = services.annual_plan(body, 2026)
    assert plan == [
        {"committee__reference": "TCVN/TC 176", "planned": 2, "published": 1, "abandoned": 1},
        {"committee__reference": "TCVN/TC 207", "planned": 1, "published": 0, "abandoned": 0},
    ]
    assert services.plan_years(body) == [2026, 2025]


def test_gantt_places_done_and_planned_stages_on_one_axis(body, committee):
    project = walk(new(body, committee), ["00.20", "00.60", "00.99", "10.00"], step=30)
    chart = services.gantt(committee, today=D0 + dt.timedelta(days=130))
    (row,) = chart["rows"]
    assert row["project"] == project
    stages = [(b["stage"], b["done"], b["current"]) for b in row["bars"]]
    assert stages[:2] == [("00", True, False), ("10", False, True)]
    assert [b["stage"] for b in row["bars"]] == ["00", "10", "20", "30", "40", "50", "60"]
    assert all(0 <= b["x"] <= 100 for b in row["bars"])
    assert 0 <= chart["today"] <= 100


def test_every_move_is_a_new_event_row(body):
    project = walk(new(body), ["00.20", "00.60"])
    first = ProjectEvent.objects.filter(project=project).order_by("pk").first()
    assert first.to_code_id == "00.00"
    assert ProjectEvent.objects.filter(project=project).count() == 3
