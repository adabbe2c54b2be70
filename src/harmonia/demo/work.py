"""Demo standards development for Vietnam's body: ISO's committees (two real snapshots
shipped in the package), invented national committees with their people, projects in
every stage, and open, pending and closed ballots with votes.

Everything invented is marked (`demo` on projects and ballots, `demo-` user names)
and generated from a fixed seed; dates are placed relative to the day it runs, so the
dashboard always has ballots closing soon. Loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
import random
from collections import deque
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from harmonia.accounts.models import CommitteeMembership, Membership
from harmonia.catalogue.models import Body, Committee, Document
from harmonia.committees.importer import import_committees
from harmonia.committees.models import Snapshot

from .people import PASSWORD
from .snapshot import data_dir

SEED = 2026
COMMITTEE_FILES = ["iso_committees_2025-08-20.jsonl.xz", "iso_committees_2026-05-02.csv.xz"]
# National committees of the demo: (number of the mirrored ISO/TC, Vietnamese title)
NATIONAL = [
    (176, "Quản lý chất lượng và đảm bảo chất lượng"),
    (207, "Quản lý môi trường"),
    (34, "Thực phẩm"),
    (22, "Phương tiện giao thông đường bộ"),
    (215, "Tin học y tế"),
    (283, "An toàn và sức khỏe nghề nghiệp"),
]
EXPERTS = [
    ("Nguyễn", "Văn An"), ("Trần", "Thị Bình"), ("Lê", "Minh Châu"), ("Phạm", "Quốc Dũng"),
    ("Hoàng", "Thu Hà"), ("Vũ", "Đức Hải"), ("Đặng", "Ngọc Lan"), ("Bùi", "Thanh Long"),
    ("Đỗ", "Thị Mai"), ("Hồ", "Văn Nam"), ("Ngô", "Bảo Ngọc"), ("Dương", "Minh Phúc"),
]  # fmt: skip
# Where the demo projects stop, so every stage shows up.
TARGETS = [
    "00.00", "00.20", "00.60", "10.20", "10.60", "10.99", "20.20", "20.60", "20.99",
    "30.20", "30.60", "30.92", "40.20", "40.60", "40.93", "50.20", "50.60", "60.00",
    "60.60", "60.60", "90.20", "90.93", "20.98", "40.98",
]  # fmt: skip
TITLES = [
    ("Hệ thống quản lý chất lượng — Các yêu cầu", "Quality management systems — Requirements"),
    ("Hệ thống quản lý môi trường — Hướng dẫn", "Environmental management systems — Guidance"),
    (
        "Quản lý chất lượng — Sự thỏa mãn của khách hàng",
        "Quality management — Customer satisfaction",
    ),
    ("Đánh giá sự phù hợp — Từ vựng", "Conformity assessment — Vocabulary"),
    ("Thực phẩm — Phương pháp lấy mẫu", "Food products — Sampling methods"),
    ("An toàn thực phẩm — Truy xuất nguồn gốc", "Food safety — Traceability"),
    ("Quản lý năng lượng — Đo lường hiệu quả", "Energy management — Measuring performance"),
    ("Tin học y tế — Bệnh án điện tử", "Health informatics — Electronic health records"),
    ("An toàn và sức khỏe nghề nghiệp — Hướng dẫn", "Occupational health and safety — Guidance"),
    ("Phương tiện giao thông đường bộ — Phanh", "Road vehicles — Braking"),
]


def load_committees() -> str:
    base = data_dir()
    out = []
    for name in COMMITTEE_FILES:
        if Snapshot.objects.filter(source=name).exists():
            continue
        snap = import_committees(base / name)
        out.append(f"{snap.taken_on}: {snap.counts['committees']} committees")
    return "ISO committees (ISO Open Data): " + ("; ".join(out) or "already loaded")


def _person(username: str, first: str, last: str, body: Body, role: str) -> Any:
    User = get_user_model()
    user, made = User.objects.get_or_create(
        username=username,
        defaults={"first_name": first, "last_name": last, "email": f"{username}@example.invalid"},
    )
    if made:
        user.set_password(PASSWORD)
        user.save()
    Membership.objects.get_or_create(user=user, body=body, defaults={"role_id": role})
    return user


def _path(start: str, goal: str) -> list[str]:
    """The shortest way through the transition table, preferring plain progress."""
    from harmonia.projects.models import StageTransition

    edges: dict[str, list[tuple[int, str]]] = {}
    rank = {"proceed": 0, "skip": 2, "repeat": 1, "abandon": 1}
    for t in StageTransition.objects.all():
        edges.setdefault(t.from_code_id, []).append((rank.get(t.kind, 3), t.to_code_id))
    seen = {start: [start]}
    queue = deque([start])
    while queue:
        code = queue.popleft()
        if code == goal:
            return seen[code][1:]
        for _r, nxt in sorted(edges.get(code, [])):
            if nxt not in seen:
                seen[nxt] = [*seen[code], nxt]
                queue.append(nxt)
    raise ValueError(f"no way from {start} to {goal}")


def _free_identifier(number: int, year: int) -> str:
    while Document.objects.filter(identifier__startswith=f"TCVN {number}:").exists():
        number += 1
    return f"TCVN {number}:{year}"


@transaction.atomic
def load_demo_work(today: dt.date | None = None) -> str:
    from harmonia.ballots import services as ballots
    from harmonia.ballots.models import Ballot, BallotType
    from harmonia.projects import services as projects
    from harmonia.projects.models import Project

    body = Body.objects.filter(country_code="VN", kind="national").first()
    if body is None:
        return "demo work programme: no Vietnamese body loaded"
    if Project.objects.filter(body=body, demo=True).exists():
        return "demo work programme: already loaded"
    rng = random.Random(SEED)
    today = today or timezone.localdate()
    now = timezone.now()

    secretary = _person("demo-vn-secretary", "Demo", "Thư ký", body, "secretary")
    experts = [
        _person(f"demo-vn-expert{i:02d}", f"{last} {first}", "", body, "viewer")
        for i, (last, first) in enumerate(EXPERTS, 1)
    ]
    committees = []
    for number, title in NATIONAL:
        ref = f"TCVN/TC {number}"
        committee, _ = Committee.objects.get_or_create(
            reference=ref, defaults={"body": body, "kind": "national"}
        )
        committee.body, committee.kind, committee.status = body, "national", "Active"
        committee.title = committee.title or title
        committee.save()
        iso = Committee.objects.filter(reference=f"ISO/TC {number}").first()
        if iso is not None:
            committee.mirrors.add(iso)
        committees.append(committee)
        members = rng.sample(experts, 7) if number != 176 else experts[:10]
        CommitteeMembership.objects.get_or_create(
            user=secretary,
            committee=committee,
            defaults={
                "role_id": "secretary",
                "term_start": dt.date(today.year - 2, 1, 1),
                "term_end": dt.date(today.year + 2, 12, 31),
            },
        )
        for i, person in enumerate(members):
            role = "chair" if i == 0 else ("observer" if i == len(members) - 1 else "expert")
            CommitteeMembership.objects.get_or_create(
                user=person,
                committee=committee,
                defaults={
                    "role_id": role,
                    "term_start": dt.date(today.year - 1, 1, 1) if role == "chair" else None,
                    "term_end": dt.date(today.year + 3, 12, 31) if role == "chair" else None,
                },
            )

    weeks = projects.periods(body)
    made_projects = []
    for i, target in enumerate(TARGETS):
        committee = committees[i % len(committees)]
        title_vi, title_en = TITLES[i % len(TITLES)]
        steps = _path("00.00", target)
        # Time spent per stage: 0.5 to 1.4 of its period, so some projects run late.
        spans = [rng.uniform(0.5, 1.4) for _ in steps]
        total = sum(
            (
                dt.timedelta(weeks=weeks.get(code[:2], 8) * f / 3)
                for code, f in zip(steps, spans, strict=True)
            ),
            dt.timedelta(),
        )
        # Every fourth project stalls in its current stage: overdue on the dashboard.
        stalled = dt.timedelta(days=rng.randint(200, 400) if i % 4 == 1 else rng.randint(5, 60))
        start = today - total - stalled
        iso_work = committee.mirrors.first()
        adopts = (
            Document.objects.filter(committee=iso_work, stage_id="60.60")
            .order_by("identifier")
            .first()
            if iso_work is not None and i % 3 != 2
            else None
        )
        project = projects.create_project(
            secretary,
            body=body,
            reference=f"DT-{today.year - 1 + i % 3}-{i + 1:03d}",
            title=title_vi,
            title_en=title_en,
            identifier=_free_identifier(14100 + i * 3, today.year),
            committee=committee,
            started=start,
            plan_year=today.year - 1 + i % 3,
            adopts=adopts,
            degree="IDT" if adopts is not None else None,
        )
        project.demo = True
        project.save(update_fields=["demo"])
        when = start
        for code, f in zip(steps, spans, strict=True):
            when = min(when + dt.timedelta(weeks=weeks.get(code[:2], 8) * f / 3), today)
            projects.move(project, code, secretary, when)
        made_projects.append(project)

    types = {t.slug: t for t in BallotType.objects.all()}
    enquiry = [p for p in made_projects if p.stage_id.startswith("40")]
    opened = []

    def ballot(
        slug: str,
        committee: Committee,
        ref: str,
        title: str,
        opens: dt.datetime,
        closes: dt.datetime,
        **kw: Any,
    ) -> Ballot:
        b = ballots.open_ballot(
            secretary,
            body=body,
            committee=committee,
            ballot_type=types[slug],
            reference=ref,
            title=title,
            opens_at=opens,
            closes_at=closes,
            **kw,
        )
        b.demo = True
        b.save(update_fields=["demo"])
        opened.append(b)
        return b

    def votes(b: Ballot, share: float, yes: float, at: dt.datetime) -> None:
        for v in b.voters.all():
            if rng.random() > share:
                continue
            roll = rng.random()
            answer = (
                "approve"
                if roll < yes
                else ("disapprove" if roll < yes + 0.6 * (1 - yes) else "abstain")
            )
            answers = {1: answer}
            if b.type.participation_question:
                answers[2] = "yes" if rng.random() < 0.5 else "no"
            reasons = (
                "Điều 5.2 mâu thuẫn với TCVN hiện hành."
                if answer == "disapprove" and rng.random() < 0.7
                else ""
            )
            ballots.record(b, v, None, answers, reasons=reasons, comment="", now=at)

    tc176 = committees[0]
    hour = dt.timedelta(hours=1)
    # Closed national ballots over the last year: the obligations page has a history.
    for k in range(4):
        closes = now - dt.timedelta(days=40 + 80 * k)
        b = ballot(
            "national",
            tc176,
            f"TC176-B{k + 1:02d}",
            f"Biểu quyết dự thảo {k + 1}",
            closes - dt.timedelta(weeks=8),
            closes,
        )
        votes(b, 0.8 if k else 0.55, 0.8, closes - 2 * hour)
        ballots.close(b, secretary, note="", now=closes + dt.timedelta(days=2))
    pending = ballot(
        "national",
        tc176,
        "TC176-B05",
        "Biểu quyết dự thảo TCVN (đã hết hạn)",
        now - dt.timedelta(weeks=8),
        now - dt.timedelta(days=2),
    )
    votes(pending, 0.85, 0.75, now - dt.timedelta(days=3))
    open_one = ballot(
        "national",
        tc176,
        "TC176-B06",
        f"Dự thảo {enquiry[0].identifier if enquiry else 'TCVN'} — biểu quyết trong ban",
        now - dt.timedelta(weeks=3),
        now + dt.timedelta(days=9),
        project=enquiry[0] if enquiry else None,
    )
    votes(open_one, 0.5, 0.8, now - hour)
    iso176 = Committee.objects.filter(reference="ISO/TC 176").first()
    if iso176 is not None:
        deadline = now + dt.timedelta(days=30)
        position = ballot(
            "position",
            iso176,
            "ISO-TC176-DIS-POS",
            "Ý kiến quốc gia về ISO/DIS 9001",
            now - dt.timedelta(days=10),
            deadline - dt.timedelta(days=7),
            international_deadline=deadline,
        )
        votes(position, 0.6, 0.7, now - hour)
        for slug, ref, title, ago, yes in [
            ("dis", "ISO-TC176-DIS-DEMO", "ISO/DIS 9001 (đếm như ISO)", 120, 0.85),
            ("np", "ISO-TC176-NP-DEMO", "NP: chất lượng dịch vụ (đếm như ISO)", 200, 0.6),
        ]:
            closes = now - dt.timedelta(days=ago)
            b = ballot(slug, iso176, ref, title, closes - dt.timedelta(weeks=12), closes)
            votes(b, 0.9, yes, closes - hour)
            ballots.close(b, secretary, now=closes + dt.timedelta(days=1))
    for committee in committees[1:3]:
        b = ballot(
            "national",
            committee,
            f"TC{committee.reference.split()[-1]}-B01",
            "Biểu quyết dự thảo TCVN",
            now - dt.timedelta(weeks=2),
            now + dt.timedelta(days=20),
        )
        votes(b, 0.4, 0.8, now - hour)
    return (
        f"demo work programme (invented): {len(committees)} national committees, "
        f"{len(experts) + 1} people, {len(made_projects)} projects, {len(opened)} ballots"
    )
