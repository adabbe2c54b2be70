"""Demo capacity building: the leadership and management programme Viet Nam's body
hosts in Hà Nội for the heads of 16 national standards bodies (Europe, South America,
Africa, South-East Asia): its modules and sessions, every body invited and two
participants each, attendance (some below the threshold) and the certificates that
follow. Invented people, labelled demo, from a fixed seed; loading twice changes
nothing."""

from __future__ import annotations

import datetime as dt
import random

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
LAST = ["Smith", "Müller", "Martin", "Silva", "García", "Rojas", "Nkosi", "Okafor", "Mensah",
        "Mushi", "Santoso", "Rahman", "Reyes", "Tan", "Chaiyaporn", "Nguyễn"]  # fmt: skip


def load_demo_training(today: dt.date | None = None) -> str:
    from harmonia.training import services
    from harmonia.training.models import (
        ActionItem,
        FollowUp,
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
        programme = Programme.objects.create(
            title=TITLE,
            host=host,
            partners="ISO Capacity Building Unit",
            framework="ISO Action Plan for developing countries 2021-2025",
            venue="Hà Nội, Việt Nam",
            starts_on=starts,
            ends_on=starts + dt.timedelta(days=4),
            languages=["en", "vi"],
            nominations_close=starts - dt.timedelta(days=30),
            attendance_threshold=75,
            demo=True,
        )
        sessions = []
        for position, (title, parts) in enumerate(MODULES, 1):
            module = Module.objects.create(programme=programme, position=position, title=title)
            day = timezone.make_aware(dt.datetime.combine(starts, dt.time(9)))
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
    return (
        f"demo training (invented): 1 programme, {len(bodies)} bodies, {len(people)} "
        f"participants, {len(sessions)} sessions, {len(issued)} certificates "
        f"({len(refused)} below the attendance threshold), {actions} actions followed up "
        "at 3 and 6 months"
    )
