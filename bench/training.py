"""Benchmark: a large training programme's dashboard, its page, its Excel export and its
badges, each beside a baseline measured in the same run.

    python bench/training.py [--participants 500] [--modules 10]

It makes its own SQLite database in a temporary directory (or a fresh PostgreSQL
database named by DATABASE_URL) with an invented programme: `--participants` accepted
participants from a fifth as many bodies, `--modules` modules of 4 sessions, attendance
at about 90 % of the sessions, pre- and post-assessments of 5 questions per module,
feedback on most sessions and on the programme, two actions each with their 3- and
6-month follow-ups.

- dashboard: `dashboard.dashboard` (every figure and indicator); baseline: reading the
  rows it is computed from (attendance, assessment scores, ratings, follow-ups,
  participants with their bodies) with `values_list`, the database's floor.
- the dashboard page (HTTP, test client, organiser) beside the service alone.
- participants.xlsx beside openpyxl writing the same cells bare.
- badges.pdf beside fpdf2 writing one line per participant on bare pages.
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import sys
import tempfile
import time

from benchkit import best_of, django_on_a_fresh_database


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--participants", type=int, default=500)
    parser.add_argument("--modules", type=int, default=10)
    args = parser.parse_args()
    django_on_a_fresh_database("harmonia-bench-training-")
    t = time.perf_counter()
    programme, organiser = build(args.participants, args.modules)
    print(f"set-up: {time.perf_counter() - t:.1f} s")
    measure(programme, organiser)
    return 0


def build(n: int, n_modules: int):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from harmonia.accounts.models import Membership
    from harmonia.catalogue.models import Body
    from harmonia.training.models import (
        ActionItem,
        AssessmentResponse,
        Attendance,
        Certificate,
        Feedback,
        FeedbackCriterion,
        FollowUp,
        Indicator,
        Module,
        Participant,
        Programme,
        ProgrammeBody,
        Question,
        Rating,
        Session,
    )  # fmt: skip

    rnd = random.Random(7)
    host = Body.objects.create(code="HOST", name="Host", kind="national", country_code="VN")
    organiser = get_user_model().objects.create(username="organiser")
    Membership.objects.create(user=organiser, body=host, role_id="editor")
    start = dt.date(2026, 3, 2)
    programme = Programme.objects.create(
        title="Bench programme", host=host, starts_on=start,
        ends_on=start + dt.timedelta(days=n_modules), attendance_threshold=75,
    )  # fmt: skip
    countries = ["TH", "VN", "KE", "PE", "DE", "BR", "NG", "ID", "GH", "FR"]
    bodies = Body.objects.bulk_create(
        Body(code=f"B{i}", name=f"Body {i}", kind="national", country_code=countries[i % 10])
        for i in range(max(1, n // 5))
    )
    ProgrammeBody.objects.bulk_create(
        ProgrammeBody(programme=programme, body=b, quota=5) for b in bodies
    )
    people = Participant.objects.bulk_create(
        Participant(programme=programme, body=bodies[i % len(bodies)], name=f"P{i}",
                    email=f"p{i}@x.example", gender=rnd.choice(["female", "male"]),
                    status="accepted")
        for i in range(n)
    )  # fmt: skip
    sessions, questions = [], {}
    for m in range(1, n_modules + 1):
        module = Module.objects.create(programme=programme, position=m, title=f"Module {m}")
        day = timezone.make_aware(dt.datetime.combine(start, dt.time(9))) + dt.timedelta(m - 1)
        for k in range(4):
            at = day + dt.timedelta(hours=2 * k)
            sessions.append(Session.objects.create(module=module, title=f"S{m}.{k}",
                            starts_at=at, ends_at=at + dt.timedelta(hours=2)))  # fmt: skip
        questions[module] = Question.objects.bulk_create(
            Question(module=module, position=q, text=f"Q{q}", choices=["a", "b", "c"], correct=0)
            for q in range(1, 6)
        )
    Attendance.objects.bulk_create(
        Attendance(session=s, participant=p, method="organiser")
        for p in people for s in sessions if rnd.random() < 0.9
    )  # fmt: skip
    AssessmentResponse.objects.bulk_create(
        AssessmentResponse(module=m, participant=p, kind=kind, score=rnd.randint(lo, 5), out_of=5)
        for p in people for m in questions for kind, lo in (("pre", 0), ("post", 2))
    )  # fmt: skip
    criteria = {
        s: list(FeedbackCriterion.objects.filter(scope=s)) for s in ("session", "programme")
    }
    feedback = Feedback.objects.bulk_create(
        [Feedback(programme=programme, session=s, participant=p)
         for p in people for s in sessions if rnd.random() < 0.5]
        + [Feedback(programme=programme, participant=p, comment="ok") for p in people]
    )  # fmt: skip
    Rating.objects.bulk_create(
        Rating(feedback=f, criterion=c, value=rnd.randint(2, 5))
        for f in feedback for c in criteria["session" if f.session_id else "programme"]
    )  # fmt: skip
    items = ActionItem.objects.bulk_create(
        ActionItem(participant=p, action="A", owner="O", due=start + dt.timedelta(days=200))
        for p in people for _ in range(2)
    )  # fmt: skip
    FollowUp.objects.bulk_create(
        FollowUp(item=i, month=m, progress=rnd.randint(0, 100)) for i in items for m in (3, 6)
    )
    Certificate.objects.bulk_create(
        Certificate(participant=p, code=f"C{p.pk:08d}", attendance_percent=90) for p in people
    )
    for code, measure in (("1", "bodies"), ("2", "completion_rate"), ("3", "learning_gain")):
        Indicator.objects.create(programme=programme, code=code, name=code, measure=measure,
                                 target=10)  # fmt: skip
    return programme, organiser


def measure(programme, organiser) -> None:
    from django.test import Client
    from fpdf import FPDF
    from openpyxl import Workbook

    from harmonia.training import dashboard, exports, printouts
    from harmonia.training.models import (
        AssessmentResponse,
        Attendance,
        FollowUp,
        Participant,
        Rating,
    )  # fmt: skip

    def floor() -> None:
        list(Attendance.objects.filter(session__module__programme=programme)
             .values_list("participant_id", "session_id"))  # fmt: skip
        list(AssessmentResponse.objects.filter(module__programme=programme)
             .values_list("participant_id", "module_id", "kind", "score", "out_of"))  # fmt: skip
        list(Rating.objects.filter(feedback__programme=programme)
             .values_list("feedback__session_id", "criterion__slug", "value"))  # fmt: skip
        list(FollowUp.objects.filter(item__participant__programme=programme)
             .values_list("month", "progress"))  # fmt: skip
        list(Participant.objects.filter(programme=programme)
             .values_list("pk", "gender", "body__code", "body__country_code"))  # fmt: skip

    n = Participant.objects.filter(programme=programme).count()
    service = best_of(lambda: dashboard.dashboard(programme))
    base = best_of(floor)
    print(f"dashboard ({n} participants): {service * 1000:.0f} ms; "
          f"baseline, reading its rows: {base * 1000:.0f} ms ({service / base:.1f}×)")  # fmt: skip

    client = Client()
    client.force_login(organiser)
    url = f"/training/{programme.pk}/dashboard/"
    assert client.get(url).status_code == 200
    page = best_of(lambda: client.get(url))
    print(f"dashboard page over HTTP: {page * 1000:.0f} ms; "
          f"baseline, the service alone: {service * 1000:.0f} ms")  # fmt: skip

    header, rows = exports.participants(programme)

    def bare_xlsx() -> None:
        book = Workbook(write_only=True)
        ws = book.create_sheet("data")
        for row in [header, *rows]:
            ws.append(row)
        with tempfile.TemporaryFile() as out:
            book.save(out)

    export = best_of(lambda: client.get(f"/training/{programme.pk}/export/participants.xlsx"))
    bare = best_of(bare_xlsx)
    print(f"participants.xlsx over HTTP: {export * 1000:.0f} ms; "
          f"baseline, openpyxl writing the same cells: {bare * 1000:.0f} ms")  # fmt: skip

    names = [r[0] for r in rows]

    def bare_pdf() -> None:
        pdf = FPDF()
        pdf.set_font("helvetica", size=12)
        for i, name in enumerate(names):
            if i % 8 == 0:
                pdf.add_page()
            pdf.cell(0, 10, name, new_x="LMARGIN", new_y="NEXT")
        pdf.output()

    badges = best_of(lambda: printouts.badges_pdf(programme), repeat=2)
    bare = best_of(bare_pdf, 2)
    print(f"badges.pdf ({n} badges): {badges * 1000:.0f} ms; "
          f"baseline, fpdf2 one line a participant: {bare * 1000:.0f} ms")  # fmt: skip


if __name__ == "__main__":
    sys.exit(main())
