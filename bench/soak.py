"""Soak: `harmonia serve` under load for minutes, with faults, then the invariants.

    python bench/soak.py [--embedded] [--seconds 180] [--web 4] [--users 60]

Everything runs on loopback and stops by itself. Without --embedded: PostgreSQL (a
database `harmonia_soak`, dropped and made afresh) and Redis (database 13, emptied) for
the cache, limits and jobs; with --embedded: SQLite under a temporary var/, 2 web
processes. E-mail goes to an SMTP server (aiosmtpd) inside this process.

1. `harmonia demo`, then a soak world: a national committee of --users experts with API
   tokens, its secretary, a ballot open for votes and a public enquiry.
2. `harmonia serve --workers N` with the worker; 15 s of reads at full concurrency give
   the capacity; the soak then runs near it (70 %) for --seconds: anonymous reads
   (catalogue, document pages, search, the API), signed-in writes (votes, follows),
   public enquiry comments (form, CSRF, confirmation e-mail), a new ballot every 40 s
   and `harmonia alerts scan` after it (its e-mail to every expert).
3. Faults, at fixed shares of the run: SIGKILL one web process, SIGKILL the job worker,
   restart PostgreSQL (`pg_ctlcluster`; not --embedded), `harmonia backup`.
4. Afterwards, the queue drained, the invariants: every write answered 2xx is in the
   database once (votes: one per expert and ballot; follows; enquiry comments), every
   alert e-mail recorded as sent reached the inbox exactly once and none is left
   unsent, every confirmation e-mail once; the backup restores into a fresh SQLite
   database whose `harmonia export jsonl` is identical to the source's at the end (the
   catalogue is not written during the soak) and holds every vote answered before it.

Prints requests, errors by status and by window (inside and outside each fault),
p50/p95/p99, and the seconds after PostgreSQL came back until every request succeeded.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass, field
from http.cookiejar import CookieJar
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
PG_URL = "postgres://postgres@127.0.0.1:5432/harmonia_soak"
REDIS_URL = "redis://127.0.0.1:6379/13"
LEASE = 15  # seconds a worker holds an e-mail (HARMONIA_MAIL_LEASE_SECONDS)
READS = [
    "/documents/?page={n}",
    "/documents/{key}/",
    "/search/?q={word}",
    "/api/v1/documents/{ident}",
    "/api/v1/search?q={word}",
    "/",
]
WORDS = ["quality", "water", "safety", "steel", "iso 9001", "energy", "food", "road"]


# -- inside Django (the prepare and check steps run as `python bench/soak.py STEP`) ----


def _django() -> None:
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "harmonia.settings")
    django.setup()


def prepare(users: int) -> dict:
    _django()
    import datetime as dt

    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from harmonia.accounts.models import CommitteeMembership, Membership
    from harmonia.accounts.tokens import create_token
    from harmonia.catalogue.models import Body, Committee, Document
    from harmonia.comments import enquiry

    User = get_user_model()
    body = Body.objects.create(code="SOAK", name="Soak body", kind="national")
    committee = Committee.objects.create(reference="SOAK/TC 1", body=body, kind="national")
    secretary = User.objects.create(username="soak-secretary", email="secretary@soak.test")
    Membership.objects.create(user=secretary, body=body, role_id="secretary")
    experts = [
        User.objects.create(username=f"soak-expert-{i:03d}", email=f"expert{i:03d}@soak.test")
        for i in range(users)
    ]
    for u in experts:
        CommitteeMembership.objects.create(user=u, committee=committee, role_id="expert")
    now = timezone.now()
    opened = enquiry.open_enquiry(
        secretary,
        body=body,
        committee=committee,
        reference="SOAK DRAFT 1",
        title="A draft under enquiry",
        scope="What the soak comments on.",
        closes_at=now + dt.timedelta(days=30),
    )
    docs = list(
        Document.objects.filter(identifier__startswith="ISO ").values_list("key", "identifier")[
            :3000
        ]
    )
    return {
        "secretary": create_token(secretary, "soak", ["read", "write"])[1],
        "experts": {u.username: create_token(u, "soak", ["read", "write"])[1] for u in experts},
        "enquiry": opened.pk,
        "committee": committee.reference,
        "body": body.code,
        "documents": docs,
    }


def check(ledger_path: str) -> dict:
    _django()
    from django.db.models import Count

    from harmonia.alerts.models import Delivery, Follow
    from harmonia.ballots.models import Response
    from harmonia.comments.models import PublicSubmission

    ledger = json.loads(Path(ledger_path).read_text())
    problems: list[str] = []
    votes = set(
        Response.objects.filter(question__position=1).values_list(
            "voter__ballot__reference", "voter__user__username"
        )
    )
    lost = [v for v in ledger["votes"] if tuple(v) not in votes]
    if lost:
        problems.append(f"{len(lost)} votes answered 2xx are not in the database: {lost[:3]}")
    twice = (
        Response.objects.values("voter_id", "question_id").annotate(n=Count("id")).filter(n__gt=1)
    )
    if twice.exists():
        problems.append(f"{twice.count()} voters have two answers to one question")
    follows = set(Follow.objects.values_list("user__username", "value"))
    lost = [f for f in ledger["follows"] if tuple(f) not in follows]
    if lost:
        problems.append(f"{len(lost)} follows answered 2xx are missing: {lost[:3]}")
    dupes = (
        Follow.objects.values("user_id", "kind", "value").annotate(n=Count("id")).filter(n__gt=1)
    )
    if dupes.exists():
        problems.append(f"{dupes.count()} follows recorded twice")
    held = list(PublicSubmission.objects.values_list("email", flat=True))
    lost = sorted(set(ledger["comments"]) - set(held))
    if lost:
        problems.append(f"{len(lost)} enquiry comments answered 2xx are missing: {lost[:3]}")
    if len(held) != len(set(held)):
        problems.append("an enquiry comment was recorded twice")
    states = dict(Delivery.objects.values_list("state").annotate(n=Count("id")))
    sent = Delivery.objects.filter(state="sent")
    return {
        "problems": problems,
        "deliveries": states,
        "sent_message_ids": list(
            sent.filter(unconfirmed=False).values_list("message_id", flat=True)
        ),
        "unconfirmed_message_ids": list(
            sent.filter(unconfirmed=True).values_list("message_id", flat=True)
        ),
        "held_comments": held,
        "votes_in_db": len(votes),
    }


def votes_in_backup_check(ledger_path: str) -> dict:
    _django()
    from harmonia.ballots.models import Response

    ledger = json.loads(Path(ledger_path).read_text())
    votes = set(
        Response.objects.filter(question__position=1).values_list(
            "voter__ballot__reference", "voter__user__username"
        )
    )
    before = [v for v in ledger["votes_before_backup"] if tuple(v) not in votes]
    return {"missing_before_backup": len(before), "votes_in_backup": len(votes)}


# -- the driver ----------------------------------------------------------------------


@dataclass
class Result:
    at: float  # seconds since the soak started
    kind: str
    status: int  # 0: no answer (connection refused, reset, timeout)
    seconds: float


@dataclass
class Ledger:
    votes: list[tuple[str, str]] = field(default_factory=list)
    follows: list[tuple[str, str]] = field(default_factory=list)
    comments: list[str] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)


class Site:
    def __init__(self, base: str, world: dict) -> None:
        self.base = base
        self.world = world
        self.ballots: list[tuple[int, str]] = []
        self.ledger = Ledger()
        self.results: list[Result] = []
        self.started = time.monotonic()
        self.voted: set[tuple[int, str]] = set()
        self.followed: set[tuple[str, str]] = set()
        self.lock = threading.Lock()
        self.serial = 0

    def call(
        self, kind: str, path: str, *, data: bytes | None = None, headers: dict | None = None,
        opener: urllib.request.OpenerDirector | None = None,
    ) -> tuple[int, bytes]:  # fmt: skip
        request = urllib.request.Request(self.base + path, data=data, headers=headers or {})
        t = time.monotonic()
        try:
            with (opener or urllib.request.build_opener()).open(request, timeout=30) as r:
                status, body = r.status, r.read()
        except urllib.error.HTTPError as exc:
            status, body = exc.code, exc.read()
        except OSError:
            status, body = 0, b""
        self.results.append(Result(t - self.started, kind, status, time.monotonic() - t))
        return status, body

    def read(self) -> None:
        key, ident = random.choice(self.world["documents"])
        path = random.choice(READS).format(
            n=random.randint(1, 50),
            key=urllib.parse.quote(key),
            ident=urllib.parse.quote(ident),
            word=urllib.parse.quote(random.choice(WORDS)),
        )
        self.call("read", path)

    def _api(self, kind: str, token: str, path: str, payload: dict) -> tuple[int, bytes]:
        headers = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
        return self.call(kind, path, data=json.dumps(payload).encode(), headers=headers)

    def vote(self) -> None:
        if not self.ballots:
            return
        pk, reference = random.choice(self.ballots)
        user = random.choice(list(self.world["experts"]))
        # Voting again changes the vote: still one answer per expert.
        status, _ = self._api(
            "vote", self.world["experts"][user], f"/api/v1/ballots/{pk}/votes",
            {"vote": random.choice(["approve", "abstain"])},
        )  # fmt: skip
        if 200 <= status < 300:
            with self.ledger.lock:
                self.ledger.votes.append((reference, user))

    def follow(self) -> None:
        user = random.choice(list(self.world["experts"]))
        _key, ident = random.choice(self.world["documents"])
        with self.lock:
            if (user, ident) in self.followed:
                return
            self.followed.add((user, ident))
        status, _ = self._api(
            "follow", self.world["experts"][user], "/api/v1/alerts/follows",
            {"kind": "document", "value": ident},
        )  # fmt: skip
        if 200 <= status < 300:
            with self.ledger.lock:
                self.ledger.follows.append((user, json.loads(_)["value"]))

    def comment(self) -> None:
        jar = CookieJar()
        opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(jar))
        page = f"/enquiries/{self.world['enquiry']}/"
        status, body = self.call("comment-form", page, opener=opener)
        if status != 200:
            return
        html = body.decode()
        csrf = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
        stamp = re.search(r'name="stamp" value="([^"]+)"', html)
        if not csrf or not stamp:
            return
        with self.lock:
            self.serial += 1
            email = f"public{self.serial:05d}@soak.test"
        form = {
            "csrfmiddlewaretoken": csrf[1], "stamp": stamp[1], "name": "A reader",
            "email": email, "type": "ge", "text": f"Comment {self.serial} from the soak.",
        }  # fmt: skip
        status, _ = self.call(
            "comment", page + "comment/", data=urllib.parse.urlencode(form).encode(),
            headers={"Referer": self.base + page}, opener=opener,
        )  # fmt: skip
        if 200 <= status < 300:
            with self.ledger.lock:
                self.ledger.comments.append(email)

    def open_ballot(self, n: int) -> None:
        import datetime as dt

        reference = f"SOAK BALLOT {n}"
        closes = (dt.datetime.now(dt.UTC) + dt.timedelta(days=20)).isoformat()
        payload = {
            "body": self.world["body"], "committee": self.world["committee"],
            "type": "national", "reference": reference, "title": reference, "closes_at": closes,
        }  # fmt: skip
        for _attempt in range(10):
            status, body = self._api(
                "open-ballot", self.world["secretary"], "/api/v1/ballots", payload
            )
            if status == 201:
                self.ballots.append((json.loads(body)["id"], reference))
                return
            time.sleep(2)
        raise SystemExit(f"could not open ballot {reference}: {status} {body[:300]!r}")


def drive(site: Site, seconds: float, rate: float, threads: int, mix: bool) -> None:
    """`threads` clients, each paced to rate/threads requests a second."""
    stop = time.monotonic() + seconds
    gap = threads / rate if rate else 0.0

    def client() -> None:
        due = time.monotonic()
        while time.monotonic() < stop:
            pick = random.random() if mix else 0.0
            if pick < 0.75:
                site.read()
            elif pick < 0.90:
                site.vote()
            elif pick < 0.96:
                site.follow()
            else:
                site.comment()
            due += gap
            time.sleep(max(0.0, due - time.monotonic()))

    workers = [threading.Thread(target=client, daemon=True) for _ in range(threads)]
    for w in workers:
        w.start()
    for w in workers:
        w.join()


# -- processes ------------------------------------------------------------------------


def harmonia(env: dict, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run(
        [sys.executable, "-m", "harmonia.cli", *args], env=env, capture_output=True, text=True
    )
    if check and result.returncode:
        raise SystemExit(f"harmonia {' '.join(args)}: {result.stderr[-2000:]}")
    return result


def step(env: dict, name: str, *args: str) -> dict:
    result = subprocess.run(
        [sys.executable, __file__, name, *args], env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"{name}: {result.stderr[-3000:]}")
    return json.loads(result.stdout.splitlines()[-1])


def children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        found.extend(int(p) for p in (task / "children").read_text().split())
    return found


def command_of(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
    except FileNotFoundError:
        return ""


def find(serve: subprocess.Popen, word: str) -> list[int]:
    return [p for p in children(serve.pid) if word in command_of(p)]


def wait_until(what: str, ok, timeout: float = 120) -> float:
    started = time.monotonic()
    while not ok():
        if time.monotonic() - started > timeout:
            raise SystemExit(f"gave up waiting for {what}")
        time.sleep(0.5)
    return time.monotonic() - started


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else 0.0


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] in ("prepare", "check", "backup-check"):
        name, arg = sys.argv[1], sys.argv[2]
        out = {"prepare": lambda: prepare(int(arg)), "check": lambda: check(arg),
               "backup-check": lambda: votes_in_backup_check(arg)}[name]()  # fmt: skip
        print(json.dumps(out))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--embedded", action="store_true")
    parser.add_argument("--seconds", type=float, default=180)
    parser.add_argument("--web", type=int, default=0, help="web processes (4; 2 embedded)")
    parser.add_argument("--users", type=int, default=60)
    parser.add_argument("--threads", type=int, default=12)
    args = parser.parse_args()
    web = args.web or (2 if args.embedded else 4)
    sys.path.insert(0, str(ROOT / "tests"))
    from accounts.smtp import free_port, smtp_server  # tests/accounts/smtp.py
    from benchkit import fresh_postgres

    work = Path(tempfile.mkdtemp(prefix="harmonia-soak-"))
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update(
        HARMONIA_VAR=str(work / "var"), HARMONIA_RATE_API="0", HARMONIA_RATE_API_TOKEN="0",
        HARMONIA_RATE_FORMS="0", HARMONIA_RATE_SEARCH="0", HARMONIA_RATE_ENQUIRY="0",
        PYTHONPATH=str(ROOT / "src"), HARMONIA_MAIL_LEASE_SECONDS=str(LEASE),
    )  # fmt: skip
    if not args.embedded:
        fresh_postgres(PG_URL)
        from redis import Redis

        Redis.from_url(REDIS_URL).flushdb()
        env.update(DATABASE_URL=PG_URL, HARMONIA_REDIS_URL=REDIS_URL)
    machine = f"{os.cpu_count()} cores, {'SQLite' if args.embedded else 'PostgreSQL + Redis'}"
    print(f"soak: {machine}, {web} web processes, {args.seconds:.0f} s, work dir {work}")

    with smtp_server() as (inbox, smtp_port):
        env["HARMONIA_SMTP_URL"] = f"smtp://127.0.0.1:{smtp_port}"
        t = time.monotonic()
        harmonia(env, "demo")
        world = step(env, "prepare", str(args.users))
        print(f"demo and soak world: {time.monotonic() - t:.0f} s")
        port = free_port()
        base = f"http://127.0.0.1:{port}"
        log = (work / "serve.log").open("wb")
        serve = subprocess.Popen(
            [sys.executable, "-m", "harmonia.cli", "serve", "--port", str(port),
             "--workers", str(web)],
            env=env, stdout=log, stderr=subprocess.STDOUT,
        )  # fmt: skip
        try:
            return run(args, env, serve, base, world, inbox, work)
        finally:
            if serve.poll() is None:
                serve.send_signal(signal.SIGTERM)
                serve.wait(timeout=180)
            log.close()


def run(args, env, serve, base, world, inbox, work) -> int:
    def up() -> bool:
        try:
            return urllib.request.urlopen(base + "/healthz", timeout=2).status == 200
        except OSError:
            return False

    wait_until("harmonia serve", up)
    # Capacity: reads alone, as fast as the clients go.
    probe = Site(base, world)
    drive(probe, 15, 0, args.threads, mix=False)
    capacity = len(probe.results) / 15
    rate = round(capacity * 0.7, 1)
    print(f"capacity (reads, {args.threads} clients): {capacity:.0f} requests/s; soak at {rate}/s")

    site = Site(base, world)
    site.open_ballot(1)
    faults: dict[str, tuple[float, float]] = {}
    seconds = args.seconds
    driver = threading.Thread(target=drive, args=(site, seconds, rate, args.threads, True))
    driver.start()
    now = lambda: time.monotonic() - site.started  # noqa: E731
    backup_dir = work / "backups"
    ballots_opened = 1
    plan = [(0.2, "kill-web"), (0.35, "kill-worker"), (0.5, "restart-postgresql"),
            (0.75, "backup")]  # fmt: skip
    if args.embedded:
        plan = [p for p in plan if p[1] != "restart-postgresql"]
    postgres_back = None
    votes_before_backup: list = []
    while driver.is_alive():
        if plan and now() >= plan[0][0] * seconds:
            _share, fault = plan.pop(0)
            start = now()
            if fault == "kill-web":
                master = find(serve, "gunicorn")[0]
                os.kill(random.choice(children(master)), signal.SIGKILL)
            elif fault == "kill-worker":
                os.kill(find(serve, "harmonia.cli worker")[0], signal.SIGKILL)
            elif fault == "restart-postgresql":
                subprocess.run(["pg_ctlcluster", "15", "main", "restart"], check=True)
                postgres_back = now()
            elif fault == "backup":
                with site.ledger.lock:
                    votes_before_backup = list(site.ledger.votes)
                harmonia(env, "backup", "--to", str(backup_dir))
            faults[fault] = (start, now())
            print(f"  {start:6.1f} s  {fault}: {now() - start:.1f} s")
        if now() >= ballots_opened * 40:
            ballots_opened += 1
            site.open_ballot(ballots_opened)
            harmonia(env, "alerts", "scan", check=False)
        time.sleep(0.2)
    driver.join()
    harmonia(env, "alerts", "scan")
    report(site, faults, postgres_back, seconds)

    # Drain: every delivery settled. One the killed worker was sending waits for its
    # lease to run out; then the sweep (the clock's, or a worker's at start) settles it.
    ledger = _ledger(site, work, votes_before_backup)
    swept = [time.monotonic()]

    def drained() -> bool:
        states = step(env, "check", str(ledger))["deliveries"]
        if {"sending", "handed"} & set(states) and time.monotonic() - swept[0] > LEASE + 5:
            harmonia(env, "worker", "--burst")
            swept[0] = time.monotonic()
        return not {"queued", "sending", "handed"} & set(states)

    print(f"queue drained in {wait_until('the queue to drain', drained, 300):.0f} s")
    serve.send_signal(signal.SIGTERM)
    serve.wait(timeout=180)
    return verify(env, site, inbox, work, backup_dir, votes_before_backup)


def _ledger(site: Site, work: Path, votes_before_backup: list) -> Path:
    path = work / "ledger.json"
    with site.ledger.lock:
        path.write_text(json.dumps({
            "votes": site.ledger.votes, "follows": site.ledger.follows,
            "comments": site.ledger.comments, "votes_before_backup": votes_before_backup,
        }))  # fmt: skip
    return path


def report(site: Site, faults: dict, postgres_back: float | None, seconds: float) -> None:
    results = site.results
    by_status: dict[int, int] = {}
    for r in results:
        by_status[r.status] = by_status.get(r.status, 0) + 1
    latencies = [r.seconds * 1000 for r in results if r.status]
    print(f"requests: {len(results)} in {seconds:.0f} s ({len(results) / seconds:.0f}/s)")
    print(
        "by status: " + ", ".join(f"{k or 'no answer'}: {v}" for k, v in sorted(by_status.items()))
    )
    print(
        f"latency ms: p50 {percentile(latencies, 0.5):.0f}, p95 {percentile(latencies, 0.95):.0f}, "
        f"p99 {percentile(latencies, 0.99):.0f}"
    )
    kinds = sorted({r.kind for r in results})
    print("by kind: " + ", ".join(f"{k} {sum(r.kind == k for r in results)}" for k in kinds))
    windows = {name: (a, b + 10) for name, (a, b) in faults.items()}

    def inside(r: Result) -> str:
        # By when the answer came (or did not): a request in flight when a process is
        # killed started before the fault.
        for name, (a, b) in windows.items():
            if a <= r.at + r.seconds <= b:
                return name
        return "outside faults"

    for name in [*windows, "outside faults"]:
        part = [r for r in results if inside(r) == name]
        bad = [r for r in part if not 200 <= r.status < 400]
        span = f"{windows[name][0]:.0f}–{windows[name][1]:.0f} s" if name in windows else ""
        print(f"  {name} {span}: {len(part)} requests, {len(bad)} errors "
              f"{sorted({r.status for r in bad})}")  # fmt: skip
    errors = [r for r in results if not 200 <= r.status < 400]
    for r in errors[:10]:
        answer = r.status or "no answer"
        print(f"  error at {r.at:.1f} s: {r.kind} {answer} after {r.seconds:.1f} s")
    if postgres_back is not None:
        failing = [r.at for r in results if r.at >= postgres_back and not 200 <= r.status < 400]
        whole = (max(failing) - postgres_back) if failing else 0.0
        print(f"whole again {whole:.1f} s after PostgreSQL was back (last error at that time)")


def verify(env, site, inbox, work, backup_dir, votes_before_backup) -> int:
    ledger = _ledger(site, work, votes_before_backup)
    found = step(env, "check", str(ledger))
    problems = list(found["problems"])
    states = found["deliveries"]
    if set(states) - {"sent", "skipped"}:
        problems.append(f"deliveries not sent: {states}")
    ids = [m.get("Message-ID", "") for m in inbox.messages]
    counted: dict[str, int] = {}
    for i in ids:
        counted[i] = counted.get(i, 0) + 1
    missing = [m for m in found["sent_message_ids"] if counted.get(m, 0) == 0]
    twice = [
        m
        for m in found["sent_message_ids"] + found["unconfirmed_message_ids"]
        if counted.get(m, 0) > 1
    ]
    if missing or twice:
        problems.append(f"alert e-mails: {len(missing)} sent but not received, {len(twice)} twice")
    # At most once: an e-mail whose worker died mid-send is received once or not at all.
    unconfirmed = found["unconfirmed_message_ids"]
    received = sum(counted.get(m, 0) for m in unconfirmed)
    print(
        f"unconfirmed e-mails (worker killed while sending): {len(unconfirmed)}, "
        f"received {received}"
    )
    to = [str(m.get("To", "")) for m in inbox.messages]
    confirmations = [e for e in found["held_comments"] if to.count(e) != 1]
    if confirmations:
        problems.append(f"{len(confirmations)} enquiry confirmations not received exactly once")
    print(
        f"writes answered 2xx: {len(site.ledger.votes)} votes, {len(site.ledger.follows)} "
        f"follows, {len(site.ledger.comments)} enquiry comments; deliveries {states}; "
        f"inbox {len(inbox.messages)} messages"
    )
    # The backup: restored into a fresh SQLite database beside, its export compared.
    backups = sorted(backup_dir.glob("harmonia-backup-*.tar"))
    if not backups:
        problems.append("no backup was taken")
    else:
        fresh = {k: v for k, v in env.items() if k not in ("DATABASE_URL", "HARMONIA_REDIS_URL")}
        fresh["HARMONIA_VAR"] = str(work / "restored")
        t = time.monotonic()
        harmonia(fresh, "restore", str(backups[-1]))
        print(f"backup restored into a fresh SQLite database in {time.monotonic() - t:.0f} s")
        harmonia(env, "export", "jsonl", str(work / "source.jsonl"))
        harmonia(fresh, "export", "jsonl", str(work / "restored.jsonl"))
        mine = hashlib.sha256((work / "source.jsonl").read_bytes()).hexdigest()
        theirs = hashlib.sha256((work / "restored.jsonl").read_bytes()).hexdigest()
        if mine != theirs:
            problems.append("the restored export differs from the source's")
        inside = step(fresh, "backup-check", str(ledger))
        if inside["missing_before_backup"]:
            problems.append(
                f"{inside['missing_before_backup']} votes answered before the backup are not in it"
            )
        print(f"backup holds {inside['votes_in_backup']} votes; export identical: {mine == theirs}")
    for p in problems:
        print("PROBLEM: " + p)
    print("invariants: " + ("all hold" if not problems else f"{len(problems)} broken"))
    shutil.rmtree(work / "restored", ignore_errors=True)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
