"""Votes cast at the same moment all count, and one voter's concurrent votes end as
one response (PostgreSQL: real row locks and a unique constraint under load).

PostgreSQL allows 100 connections by default and the test itself holds one, so the
100 votes are cast by 50 threads with a connection each, released together, two votes
a thread: every vote still races others in flight."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections

from harmonia.ballots import services
from harmonia.ballots.models import Response, ResponseChange

from .conftest import make_setup


def _postgres_only() -> None:
    if connection.vendor != "postgresql":
        pytest.skip("concurrency is measured on PostgreSQL (the PostgreSQL half runs this)")


THREADS = 50


def _run(jobs) -> list[BaseException]:
    """Run `jobs` on at most THREADS threads that start at the same moment."""
    errors: list[BaseException] = []
    shares = [jobs[i::THREADS] for i in range(min(THREADS, len(jobs)))]
    barrier = threading.Barrier(len(shares))

    def work(share) -> None:
        try:
            barrier.wait()
            for job in share:
                try:
                    job()
                except BaseException as exc:
                    errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(share,)) for share in shares]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return errors


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_hundred_votes_at_once_are_all_counted():
    _postgres_only()
    s = make_setup(experts=100)
    ballot = s.open()
    voters = {v.user_id: v for v in ballot.voters.all()}
    answers = {u.pk: ("approve" if i % 4 else "disapprove") for i, u in enumerate(s.experts)}
    jobs = [
        (lambda u=u: services.cast(ballot, voters[u.pk], u, {1: answers[u.pk]}, reasons="r"))
        for u in s.experts
    ]
    assert _run(jobs) == []
    counts = services.tally(ballot)
    assert (counts.p_approve, counts.p_disapprove) == (75, 25)
    assert Response.objects.filter(voter__ballot=ballot).count() == 100


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_one_voter_voting_twenty_times_at_once_keeps_one_vote():
    _postgres_only()
    s = make_setup(experts=1)
    ballot = s.open()
    user = s.experts[0]
    v = ballot.voters.get(user=user)
    choices = ["approve", "disapprove", "abstain"]
    jobs = [
        (lambda i=i: services.cast(ballot, v, user, {1: choices[i % 3]}, reasons="r"))
        for i in range(20)
    ]
    assert _run(jobs) == []
    assert Response.objects.filter(voter=v).count() == 1
    assert ResponseChange.objects.filter(voter=v).count() == 20
    last = ResponseChange.objects.filter(voter=v).order_by("pk").last()
    assert Response.objects.get(voter=v).answer == last.answer
