"""Demo systematic review for Vietnam's body: reviews of overdue documents of the demo
national committees, one with its committee's ballot under way, one confirmed and one
sent for revision (which starts a project). Invented, labelled demo, from the demo
catalogue; loading twice changes nothing."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.db import transaction
from django.utils import timezone

from harmonia.catalogue.models import Body, Committee


def load_demo_reviews(today: dt.date | None = None) -> str:
    from harmonia.ballots import services as ballots
    from harmonia.catalogue.models import Document
    from harmonia.catalogue.services import CURRENT
    from harmonia.reviews import services
    from harmonia.reviews.models import Review

    body = Body.objects.filter(country_code="VN", kind="national").first()
    secretary = get_user_model().objects.filter(username="demo-vn-secretary").first()
    if body is None or secretary is None:
        return "demo reviews: load the demo work programme first"
    if Review.objects.filter(body=body, demo=True).exists():
        return "demo reviews: already loaded"
    today = today or timezone.localdate()
    # Invented documents of the demo committees (the real TCVN records are left alone).
    committees = Committee.objects.filter(body=body, kind="national", people__isnull=False)
    docs = list(
        Document.objects.filter(CURRENT, publisher=body, committee__in=committees)
        .exclude(source_id__startswith="real:")
        .order_by("year", "identifier")
        .distinct()[:40]
    )
    # The longest overdue first (the oldest); reviewing early is allowed too.
    docs.sort(key=lambda d: (services.due_date(d) or today, d.identifier))
    if len(docs) < 3:
        return "demo reviews: fewer than three documents in the demo committees"
    made = []
    with transaction.atomic():
        under_way, confirmed, revised = docs[:3]
        review = services.start(secretary, under_way, today=today)
        if review.ballot is not None:
            for i, voter in enumerate(review.ballot.voters.filter(user__isnull=False)[:5]):
                answer = "revise" if i % 3 == 2 else "confirm"
                ballots.record(
                    review.ballot,
                    voter,
                    voter.user,
                    {1: "approve", 2: answer},
                    now=timezone.now() - dt.timedelta(days=2),
                )
        made.append(review)
        for doc, outcome in ((confirmed, "confirm"), (revised, "revise")):
            r = services.start(
                secretary, doc, with_ballot=False, today=today - dt.timedelta(days=60)
            )
            services.decide(
                secretary,
                r,
                outcome,
                note="Ban kỹ thuật thống nhất.",
                on=today - dt.timedelta(days=10),
            )
            made.append(r)
        Review.objects.filter(pk__in=[r.pk for r in made]).update(demo=True)
        from harmonia.projects.models import Project

        Project.objects.filter(pk__in=[r.project_id for r in made if r.project_id]).update(
            demo=True
        )
    _rows, _total, overdue = services.queue(body, today=today)
    return (
        f"demo reviews (invented): {len(made)} reviews (1 under way, 1 confirmed, 1 to be "
        f"revised); {overdue:,} documents overdue for review"
    )
