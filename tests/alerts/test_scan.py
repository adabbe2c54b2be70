"""The scan: stage changes, enquiries and ballots opening and closing, reviews due,
each recorded once, and told to followers or, for ballots and reviews, to the people
who act on them only."""

import datetime as dt

from django.utils import timezone

from harmonia.alerts import events, follows, queue
from harmonia.alerts.models import Event, Notification
from harmonia.ballots.models import Voter


def told(kind):
    return set(
        Notification.objects.filter(event__kind_id=kind).values_list("user__username", flat=True)
    )


def test_a_scan_records_each_change_once_and_tells_the_right_people(tenants):
    a, people = tenants.a, tenants.people
    follows.follow(people["outsider"], follows.body_target(a.code))
    follows.follow(people["viewer"], follows.enquiry_target(tenants.enquiry.pk))
    found = events.scan()
    kinds = {e.kind_id for e in found}
    assert {"stage-change", "enquiry-opened", "ballot-opened", "review-due"} <= kinds
    assert events.scan() == []  # nothing twice
    queue.run_due()

    assert told("stage-change") == {"b-viewer"}
    assert told("enquiry-opened") == {"b-viewer", "a-viewer"}
    voters = set()
    for v in Voter.objects.filter(ballot=tenants.ballot).select_related("user"):
        if v.user:
            voters.add(v.user.username)
        else:
            voters |= set(
                v.body.memberships.filter(role__rank__gte=20).values_list(
                    "user__username", flat=True
                )
            )
    assert voters and told("ballot-opened") == voters
    assert "b-viewer" not in told("ballot-opened")  # follows the body, votes for nobody
    assert told("review-due") == {"a-editor", "a-secretary", "a-admin"}
    event = Event.objects.get(kind="enquiry-opened")
    assert event.due == tenants.enquiry.closes_at and event.source == "scan"


def test_closing_soon_comes_once_the_deadline_is_near(tenants):
    events.scan()
    assert not Event.objects.filter(kind__in=["enquiry-closing", "ballot-closing"]).exists()
    soon = timezone.now() + dt.timedelta(days=2)
    type(tenants.enquiry).objects.filter(pk=tenants.enquiry.pk).update(closes_at=soon)
    type(tenants.ballot).objects.filter(pk=tenants.ballot.pk).update(closes_at=soon)
    new = {e.kind_id for e in events.scan()}
    assert new == {"enquiry-closing", "ballot-closing"}
    closing = Event.objects.get(kind="ballot-closing")
    assert closing.restricted and closing.audience


def test_a_project_stage_move_is_an_event_for_the_committee_s_followers(tenants):
    from harmonia.catalogue.models import Committee
    from harmonia.projects.models import Project
    from harmonia.projects.services import allowed_moves, move

    committee = Committee.objects.get(reference="TCVN/TC 176")
    Project.objects.filter(pk=tenants.project.pk).update(committee=committee)
    events.scan()
    follows.follow(tenants.people["outsider"], follows.committee_target("TCVN/TC 176"))
    project = Project.objects.get(pk=tenants.project.pk)
    target = allowed_moves(project.stage_id)[0].to_code_id
    move(project, target, tenants.people["secretary"])
    new = events.scan()
    assert [e.kind_id for e in new] == ["stage-change"]
    assert target in new[0].summary
    queue.run_due()
    assert told("stage-change") == {"b-viewer"}
