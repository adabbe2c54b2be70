"""Demo capacity building: the leadership and management programme Viet Nam's body
hosts in Hà Nội for the heads of 16 national standards bodies (Europe, South America,
Africa, South-East Asia): its modules and sessions, every body invited and two
participants each, attendance (some below the threshold) and the certificates that
follow, pre- and post-assessments, feedback, materials, an announcement, the framework's
indicators with targets, and the action plans followed up at 3 and 6 months. Invented
people, answers and targets, labelled demo, from a fixed seed; loading twice changes
nothing. One participant can sign in (demo-participant) and Thailand's editor is its
body's focal point."""

from __future__ import annotations

import datetime as dt
import random
from typing import Any

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from harmonia.catalogue.models import Body

from .national import PROFILES

SEED = 2028
TITLE = "Leadership and management development programme for national standards bodies"
MODULES = [
    ("Strategy and vision of a national standards body", ["Vision and strategy", "Case study"]),
    ("Leadership", ["Leading change", "Leading people"]),
    ("Stakeholder engagement", ["Engaging industry and regulators", "Consumers and SMEs"]),
    ("Management of a standards body", ["Finance and sustainability", "Digital services"]),
]
FIRST = ["Anna", "Jonas", "Claire", "Lucas", "Sofía", "Mateo", "Thandi", "Chinedu", "Ama",
         "Neema", "Putri", "Aiman", "Maria", "Wei", "Somchai", "Lan"]  # fmt: skip
ACTIONS = [
    ("Adopt a five-year strategy with the ministry", "Director"),
    ("Stakeholder forum with industry associations", "Head of standards development"),
    ("Digital catalogue and public enquiry online", "Head of information services"),
    ("Review the national mirror committees' membership", "Head of standards development"),
]
QUESTIONS = {
    1: [
        ("What does a national standards body's strategy set first?",
         ["Its vision and the outcomes it serves", "The price of standards", "Its logo"], 0),
        ("Who should a strategy be agreed with?",
         ["Stakeholders and government", "Only the staff", "Nobody outside"], 0),
        ("How often is a strategy reviewed?",
         ["Never", "At set intervals against its indicators", "Only when staff change"], 1),
    ],
    2: [
        ("What makes change last in an organisation?",
         ["A memo", "Shared purpose and quick wins", "A new organisation chart"], 1),
        ("Delegation works when…",
         ["authority goes with responsibility", "nothing is written", "one person decides"], 0),
        ("Feedback to staff is best…",
         ["yearly only", "timely and specific", "avoided"], 1),
    ],
    3: [
        ("Public enquiry on a draft serves to…",
         ["collect comments from all parties", "announce a standard", "sell copies"], 0),
        ("Balanced committees mean…",
         ["one company", "the interested categories are represented", "only government"], 1),
        ("SMEs take part more when…",
         ["meetings are costly", "participation is made easy and free", "drafts are secret"], 1),
    ],
    4: [
        ("A body's revenue from sales should…",
         ["fund its mission sustainably", "be its only aim", "be hidden"], 0),
        ("Digital services first help…",
         ["users find and buy standards", "nobody", "only printers"], 0),
        ("A risk register lists…",
         ["risks with owners and actions", "staff birthdays", "standards sold"], 0),
    ],
}  # fmt: skip
COMMENTS = [
    "Very practical: the case studies matched our situation.",
    "More time for exchange between bodies would help.",
    "The stakeholder engagement module changed how we plan our committees.",
    "Excellent organisation in Hà Nội; thank you to the host.",
]
LAST = ["Smith", "Müller", "Martin", "Silva", "García", "Rojas", "Nkosi", "Okafor", "Mensah",
        "Mushi", "Santoso", "Rahman", "Reyes", "Tan", "Chaiyaporn", "Nguyễn"]  # fmt: skip


# code, indicator, measure, target, recorded value: invented for the demo.
INDICATORS = [
    ("1.1", "National standards bodies whose managers are trained", "bodies", 16, None),
    ("1.2", "Managers who complete the programme", "certified", 28, None),
    ("1.3", "Women among the participants (%)", "women_share", 50, None),
    ("2.1", "Learning gain (percentage points)", "learning_gain", 25, None),
    ("2.2", "Participants satisfied with the programme (%)", "satisfaction", 85, None),
    ("3.1", "Actions of the plans done at 6 months (%)", "actions_done", 40, None),
    ("3.2", "Bodies that adopted a new strategy within a year", "recorded", 10, 6),
]


def load_demo_training(today: dt.date | None = None) -> str:
    from harmonia.training import services
    from harmonia.training.models import (
        ActionItem,
        FollowUp,
        Framework,
        Module,
        Participant,
        Programme,
        Session,
    )

    host = Body.objects.filter(country_code="VN", kind="national").first()
    organiser = get_user_model().objects.filter(username="demo-vn-admin").first()
    if host is None:
        return "demo training: no Vietnamese body loaded"
    if Programme.objects.filter(host=host, demo=True).exists():
        return "demo training: already loaded"
    bodies = [
        b
        for p in PROFILES
        if (b := Body.objects.filter(country_code=p.country, kind="national").first())
    ]
    rng = random.Random(SEED)
    today = today or timezone.localdate()
    # Far enough back that the 3- and 6-month follow-ups have happened.
    starts = today - dt.timedelta(days=200)
    with transaction.atomic():
        framework, _ = Framework.objects.get_or_create(
            name="ISO Action Plan for developing countries 2021-2025",
            defaults={
                "starts_year": 2021,
                "ends_year": 2025,
                "source": "ISO Action Plan for developing countries 2021-2025 (ISO, 2021); "
                "the indicators and targets of the demo programme are invented.",
            },
        )
        programme = Programme.objects.create(
            title=TITLE,
            host=host,
            framework=framework,
            venue="Hà Nội, Việt Nam",
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=4),
            languages=["en", "vi"],
            nominations_close=starts - dt.timedelta(days=30),
            assessments_close=starts + dt.timedelta(days=18),
            attendance_threshold=75,
            demo=True,
        )
        sessions = []
        for position, (title, parts) in enumerate(MODULES, 1):
            module = Module.objects.create(programme=programme, position=position, title=title)
            day = services.day_start(programme, starts) + dt.timedelta(hours=9)
            for k, part in enumerate(parts):
                at = day + dt.timedelta(days=position - 1, hours=4 * k)
                sessions.append(
                    Session.objects.create(
                        module=module,
                        title=part,
                        starts_at=at,
                        ends_at=at + dt.timedelta(hours=3),
                        room=f"Hội trường {1 + k}",
                        trainers="ISO Capacity Building Unit",
                    )
                )
        people = []
        for i, body in enumerate(bodies):
            invited = services.invite(None, programme, body, quota=2, check=False)
            for k in range(2):
                first, last = FIRST[(i + 5 * k) % 16], LAST[i]
                person = Participant.objects.create(
                    programme=programme,
                    body=invited.body,
                    name=f"{first} {last}",
                    position="Director" if k == 0 else "Head of standards development",
                    gender="female" if (i + k) % 2 else "male",
                    email=f"demo-{body.code.lower()}-{k + 1}@example.org",
                    arrival=programme.starts_on - dt.timedelta(days=1),
                    departure=programme.ends_on + dt.timedelta(days=1),
                    status="accepted",
                    demo=True,
                )
                people.append(person)
        for person in people:
            # Most attend everything; some miss two or more sessions.
            missed = rng.choice([0, 0, 0, 0, 1, 2, 3])
            for s in rng.sample(sessions, len(sessions) - missed):
                services.check_in(organiser, s, person, check=False)
        issued, refused = services.issue_certificates(
            None, programme, on=programme.ends_on, check=False
        )
        actions = 0
        for person in people:
            for k, (action, owner) in enumerate(ACTIONS[(person.pk % 3) :][:2]):
                item = ActionItem.objects.create(
                    participant=person,
                    action=action,
                    owner=owner,
                    due=programme.ends_on + dt.timedelta(days=120 + 90 * k),
                )
                actions += 1
                three = rng.choice([10, 25, 40, 50])
                for month, progress in (
                    (3, three),
                    (6, min(100, three + rng.choice([20, 35, 50]))),
                ):
                    FollowUp.objects.create(
                        item=item,
                        month=month,
                        progress=progress,
                        recorded_at=timezone.make_aware(
                            dt.datetime.combine(
                                services.follow_up_due(programme, month), dt.time(10)
                            )
                        ),
                    )
        learning = _learning(programme, people, sessions, rng)
    return (
        f"demo training (invented): 1 programme, {len(bodies)} bodies, {len(people)} "
        f"participants, {len(sessions)} sessions, {len(issued)} certificates "
        f"({len(refused)} below the attendance threshold), {actions} actions followed up "
        f"at 3 and 6 months, {learning}"
    )


def _learning(programme: Any, people: list[Any], sessions: list[Any], rng: random.Random) -> str:
    """Partners, indicators, questions with pre- and post-answers, feedback, materials,
    an announcement, and who can sign in as a participant or a focal point."""
    from harmonia.demo.people import PASSWORD
    from harmonia.training import printouts
    from harmonia.training.models import (
        Announcement,
        AssessmentResponse,
        Feedback,
        FeedbackCriterion,
        Indicator,
        Material,
        Partner,
        ProgrammeBody,
        Question,
        Rating,
    )
    from harmonia.training.services import day_start

    Partner.objects.create(
        programme=programme, name="ISO Capacity Building Unit", role="programme and trainers"
    )
    for code, name, measure, target, recorded in INDICATORS:
        Indicator.objects.create(
            programme=programme, code=code, name=name, measure=measure, target=target,
            recorded=recorded,
        )  # fmt: skip
    answered = 0
    for module in programme.modules.all():
        questions = [
            Question.objects.create(
                module=module, position=i, text=text, choices=choices, correct=correct
            )
            for i, (text, choices, correct) in enumerate(QUESTIONS[module.position], 1)
        ]
        for person in people:
            for kind, right in (("pre", 0.45), ("post", 0.85)):
                answers = {
                    q.pk: q.correct if rng.random() < right else (q.correct + 1) % len(q.choices)
                    for q in questions
                }
                AssessmentResponse.objects.create(
                    module=module,
                    participant=person,
                    kind=kind,
                    answers={str(k): v for k, v in answers.items()},
                    score=sum(answers[q.pk] == q.correct for q in questions),
                    out_of=len(questions),
                )
                answered += 1
    session_criteria = list(FeedbackCriterion.objects.filter(scope="session"))
    programme_criteria = list(FeedbackCriterion.objects.filter(scope="programme"))
    rated = 0
    for person in people:
        attended = list(person.attendance.values_list("session", flat=True))
        for session in sessions:
            if session.pk not in attended or rng.random() < 0.3:
                continue
            f = Feedback.objects.create(programme=programme, session=session, participant=person)
            Rating.objects.bulk_create(
                Rating(feedback=f, criterion=c, value=rng.choice([3, 4, 4, 5, 5]))
                for c in session_criteria
            )
        if rng.random() < 0.9:
            f = Feedback.objects.create(
                programme=programme,
                participant=person,
                comment=COMMENTS[rated] if rated < len(COMMENTS) else "",
            )
            Rating.objects.bulk_create(
                Rating(feedback=f, criterion=c, value=rng.choice([3, 4, 4, 5, 5, 5]))
                for c in programme_criteria
            )
            rated += 1
    for session in sessions[::2]:
        Material.objects.create(
            session=session,
            title=f"Handout: {session.title}",
            content=_handout(printouts.new_pdf(), programme, session),
            file_name=f"handout-{session.pk}.pdf",
            content_type="application/pdf",
        )
    Announcement.objects.create(
        programme=programme,
        title="Welcome to Hà Nội",
        text="Registration opens at 8:00 on the first day in the lobby of Hội trường 1. "
        "Bring your badge to every session: the room code for attendance is shown on screen.",
        posted_at=day_start(programme, programme.starts_on - dt.timedelta(days=3))
        + dt.timedelta(hours=9),
    )
    users = get_user_model().objects
    trainee, created = users.get_or_create(
        username="demo-participant",
        defaults={"first_name": "Demo", "email": "demo-participant@example.invalid"},
    )
    if created:
        trainee.set_password(PASSWORD)
        trainee.save()
    people[0].user = trainee
    people[0].save(update_fields=["user"])
    focal = users.filter(username="demo-th-editor").first()
    if focal is not None:
        ProgrammeBody.objects.filter(programme=programme, body__country_code="TH").update(
            focal_point=focal
        )
    return (
        f"{answered} assessments, {rated} programme feedback forms, "
        f"{len(INDICATORS)} framework indicators; sign in as demo-participant"
    )


def _handout(pdf: Any, programme: Any, session: Any) -> bytes:
    pdf.add_page()
    pdf.set_font("DejaVu", "B", 16)
    pdf.multi_cell(0, 8, f"{session.module.title}: {session.title}", new_x="LMARGIN", new_y="NEXT")
    pdf.set_font("DejaVu", "", 11)
    pdf.multi_cell(0, 6, programme.title, new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    pdf.multi_cell(0, 6, "DEMO DATA — a handout invented by the demo generator.")
    return bytes(pdf.output())
