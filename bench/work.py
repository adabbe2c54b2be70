"""Benchmark: standards development — votes, closing a ballot, the My work page, and
the committee import, each beside a baseline measured in the same run.

    python bench/work.py [--voters 300] [--threads 50]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/harmonia_bench python bench/work.py

It makes its own database (SQLite in a temporary directory, or the PostgreSQL database
named, created if missing and emptied first) with invented people and ballots:

- votes: `ballots.services.cast` (permission check, voter row lock, response and its
  history row) one after the other, and from `--threads` threads at once; baseline:
  the same number of response rows written by one bulk insert (the write floor).
- close: tallying and closing a ballot whose whole electorate voted; baseline: one
  aggregate query counting its answers.
- My work: the page of a secretary with 40 open ballots and 200 projects, in-process;
  baseline: `/api/v1/ballot-types` (seven rows of JSON) through the same stack.
- committee import: the shipped 2026 ISO Open Data snapshot (796 committees, about
  20,000 seats); baseline: reading and checking the file without writing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import sys
import threading
import time
from pathlib import Path

from benchkit import best_of, django_on_a_fresh_database


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--voters", type=int, default=300)
    parser.add_argument("--threads", type=int, default=50)
    parser.add_argument("--requests", type=int, default=60)
    args = parser.parse_args()
    django_on_a_fresh_database("harmonia-bench-work-")
    from django.db import connections

    world = make_world(args.voters)
    votes(world, args.threads, connections)
    close(world)
    my_work(world, args.requests)
    committee_import()
    return 0


def once(fn) -> float:
    return best_of(fn, 1)


class World:
    pass


def make_world(voters: int) -> World:
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from harmonia.accounts.models import CommitteeMembership, Membership
    from harmonia.ballots.models import BallotType
    from harmonia.catalogue.models import Body, Committee
    from harmonia.projects import services as projects

    User = get_user_model()
    w = World()
    w.body = Body.objects.create(code="BENCH", name="Bench body", kind="national")
    w.committee = Committee.objects.create(reference="BENCH/TC 1", body=w.body, kind="national")
    w.secretary = User.objects.create(username="bench-secretary")
    Membership.objects.create(user=w.secretary, body=w.body, role_id="secretary")
    w.experts = User.objects.bulk_create(
        [User(username=f"bench-expert-{i:04d}") for i in range(voters)]
    )
    CommitteeMembership.objects.bulk_create(
        [CommitteeMembership(user=u, committee=w.committee, role_id="expert") for u in w.experts]
    )
    w.type = BallotType.objects.get(slug="national")
    w.now = timezone.now()
    for i in range(200):
        projects.create_project(
            w.secretary,
            body=w.body,
            reference=f"P-{i:03d}",
            title=f"Project {i}",
            identifier=f"BENCH {i}:2030",
            committee=w.committee,
            stage="30.20",
            started=dt.date.today() - dt.timedelta(days=i * 3),
        )
    return w


def open_ballot(w: World, ref: str, past: bool = False):
    from harmonia.ballots import services

    opens = w.now - dt.timedelta(days=30)
    closes = w.now - dt.timedelta(minutes=5) if past else w.now + dt.timedelta(days=30)
    return services.open_ballot(
        w.secretary, body=w.body, committee=w.committee, ballot_type=w.type,
        reference=ref, title=ref, opens_at=opens, closes_at=closes,
    )  # fmt: skip


def votes(w: World, threads: int, connections) -> None:
    from django.utils import timezone

    from harmonia.ballots import services
    from harmonia.ballots.models import Response

    n = len(w.experts)
    seq = open_ballot(w, "SEQ")
    voters = {v.user_id: v for v in seq.voters.all()}
    t_seq = once(lambda: [services.cast(seq, voters[u.pk], u, {1: "approve"}) for u in w.experts])
    floor_ballot = open_ballot(w, "FLOOR")
    q = floor_ballot.questions.get(position=1)
    rows = [
        Response(voter=v, question=q, answer="approve", at=timezone.now())
        for v in floor_ballot.voters.all()
    ]
    t_floor = once(lambda: Response.objects.bulk_create(rows))

    par = open_ballot(w, "PAR")
    voters = {v.user_id: v for v in par.voters.all()}
    jobs = [(par, voters[u.pk], u) for u in w.experts]
    shares = [jobs[i::threads] for i in range(threads)]
    errors: list[BaseException] = []
    barrier = threading.Barrier(threads + 1)

    def work(share) -> None:
        try:
            barrier.wait()
            for ballot, voter, user in share:
                services.cast(ballot, voter, user, {1: "approve"})
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    pool = [threading.Thread(target=work, args=(s,)) for s in shares]
    for t in pool:
        t.start()
    barrier.wait()
    start = time.perf_counter()
    for t in pool:
        t.join()
    t_par = time.perf_counter() - start
    counted = services.tally(par).p_approve
    print(
        f"\nvotes ({n} voters):\n"
        f"  services.cast, one after another   {t_seq:7.2f} s  {n / t_seq:7.0f} votes/s\n"
        f"  services.cast, {threads} threads at once {t_par:7.2f} s  {n / t_par:7.0f} votes/s"
        f"  (counted {counted} of {n}; {len(errors)} errors)\n"
        f"  baseline: bulk insert of {n} rows  {t_floor:7.3f} s  {n / t_floor:7.0f} rows/s"
    )


def close(w: World) -> None:
    from django.db.models import Count

    from harmonia.ballots import services
    from harmonia.ballots.models import Response

    ballot = open_ballot(w, "CLOSE", past=True)
    when = w.now - dt.timedelta(hours=1)
    for i, v in enumerate(ballot.voters.all()):
        answer = "disapprove" if i % 5 == 0 else "approve"
        services.record(ballot, v, None, {1: answer}, reasons="r", now=when)

    def floor() -> None:
        list(
            Response.objects.filter(voter__ballot=ballot)
            .values("answer", "voter__p_member")
            .annotate(n=Count("id"))
        )

    t_floor = best_of(floor, 5)
    t_tally = best_of(lambda: services.result(ballot), 5)
    t_close = once(lambda: services.close(ballot, w.secretary))
    print(
        f"\nclose a ballot of {len(w.experts)} voters:\n"
        f"  services.result (tally + rule)      {t_tally * 1000:7.1f} ms\n"
        f"  services.close (locks, freezes)     {t_close * 1000:7.1f} ms\n"
        f"  baseline: one aggregate query       {t_floor * 1000:7.1f} ms"
    )


def my_work(w: World, requests: int) -> None:
    from django.test import Client

    for i in range(40):
        open_ballot(w, f"OPEN-{i:02d}")
    client = Client()
    client.force_login(w.secretary)

    def median(path: str) -> float:
        client.get(path)
        samples = []
        for _ in range(requests):
            t = time.perf_counter()
            response = client.get(path)
            samples.append(time.perf_counter() - t)
            assert response.status_code == 200, (path, response.status_code)
        return statistics.median(samples) * 1000

    page, floor = median("/work/"), median("/api/v1/ballot-types")
    print(
        f"\nMy work (40 open ballots, 200 projects, {requests} requests, median):\n"
        f"  /work/                              {page:7.1f} ms\n"
        f"  baseline: /api/v1/ballot-types      {floor:7.1f} ms"
    )


def committee_import() -> None:
    from harmonia.committees.importer import import_committees, read
    from harmonia.demo.snapshot import data_dir

    path = data_dir() / "iso_committees_2026-05-02.csv.xz"
    t_read = best_of(lambda: read(path), 3)
    t_first = once(lambda: import_committees(path))
    t_again = once(lambda: import_committees(path))
    print(
        f"\ncommittee import ({path.name}):\n"
        f"  first import                        {t_first:7.2f} s\n"
        f"  the same file again                 {t_again:7.2f} s\n"
        f"  baseline: read and check only       {t_read:7.2f} s"
    )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    sys.exit(main())
