"""`harmonia serve` as operators run it: real processes on loopback.

Several web processes and the worker start and stop together; SIGHUP replaces the web
processes without failing a request; the rate limits are one limit however many
processes count them (in the shared file cache, or in Redis)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from tests.accounts.smtp import free_port


def _get(port: int, path: str, timeout: float = 10) -> int:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=timeout) as r:
            return int(r.status)
    except urllib.error.HTTPError as exc:
        return int(exc.code)


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found.extend(int(p) for p in text)
    return found


def _command(pid: int) -> str:
    return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@contextmanager
def serving(var: Path, *args: str, env: dict[str, str] | None = None) -> Iterator[tuple]:
    """`harmonia serve` on a free port of loopback, until it answers /healthz; yields
    (process, port); stopped with SIGTERM (killed if it will not stop) at the end."""
    port = free_port()
    environment = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    environment.update(HARMONIA_VAR=str(var), **(env or {}))
    # A file, not a pipe: a pipe nobody reads would stop the processes once full.
    output = (var.parent / f"serve-{port}.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "harmonia.cli", "serve", "--port", str(port), *args],
        env=environment,
        stdout=output,
        stderr=subprocess.STDOUT,
    )
    process.log = Path(output.name)  # type: ignore[attr-defined]
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, process.log.read_text()  # type: ignore[attr-defined]
            try:
                if _get(port, "/healthz", timeout=2) == 200:
                    break
            except OSError:
                pass
            assert time.monotonic() < deadline, "harmonia serve did not answer in 90 s"
            time.sleep(0.2)
        yield process, port
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        output.close()


@pytest.fixture
def var(tmp_path, migrated_sqlite) -> Path:
    migrated_sqlite(tmp_path / "var")
    return tmp_path / "var"


def test_serve_runs_web_processes_and_a_worker_reloads_without_a_failed_request_and_stops(var):
    with serving(var, "--workers", "2", env={"HARMONIA_RATE_API": "0"}) as (process, port):
        children = _children(process.pid)
        commands = {pid: _command(pid) for pid in children}
        masters = [pid for pid, c in commands.items() if "gunicorn" in c]
        workers = [pid for pid, c in commands.items() if "harmonia.cli worker" in c]
        assert len(masters) == 1 and len(workers) == 1, commands
        web_before = set(_children(masters[0]))
        assert len(web_before) == 2

        # Requests all the while the web processes are replaced.
        answers: list[int | str] = []
        stop = threading.Event()

        def ask() -> None:
            while not stop.is_set():
                try:
                    answers.append(_get(port, "/api/v1/documents"))
                except OSError as exc:
                    answers.append(repr(exc))

        asking = [threading.Thread(target=ask) for _ in range(3)]
        for thread in asking:
            thread.start()
        time.sleep(1)
        process.send_signal(signal.SIGHUP)
        deadline = time.monotonic() + 60
        while True:
            now = set(_children(masters[0]))
            if len(now) == 2 and not now & web_before:
                break
            assert time.monotonic() < deadline, "the web processes were not replaced"
            time.sleep(0.2)
        time.sleep(1)  # and answered by the new ones
        stop.set()
        for thread in asking:
            thread.join()
        failed = [a for a in answers if a != 200]
        assert answers and not failed, (failed[:5], process.log.read_text()[-3000:])  # type: ignore[attr-defined]
        # /metrics adds up every web process, the retired ones too.
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=10) as r:
            text = r.read().decode()
        sample = 'harmonia_http_requests_total{method="GET",route="/api/v1/documents",status="200"}'
        (line,) = [x for x in text.splitlines() if x.startswith(sample + " ")]
        assert float(line.rsplit(" ", 1)[1]) == len(answers)

        # A worker that dies is started again.
        os.kill(workers[0], signal.SIGKILL)
        deadline = time.monotonic() + 30
        while True:
            again = [p for p in _children(process.pid) if "harmonia.cli worker" in _command(p)]
            if again and again != workers:
                break
            assert time.monotonic() < deadline, "the worker was not started again"
            time.sleep(0.2)

        everyone = [*_children(process.pid), *_children(masters[0])]
        process.send_signal(signal.SIGTERM)
        assert process.wait(timeout=60) == 0
        assert not [pid for pid in everyone if _alive(pid)]
        assert "worker stopped (exit -9)" in process.log.read_text()  # type: ignore[attr-defined]


def _page(port: int, path: str) -> tuple[str, str]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}{path}", timeout=10) as r:
        return r.read().decode(), r.headers.get("ETag", "")


@pytest.mark.parametrize("store", ["file", "redis"])
def test_two_processes_keep_one_rate_limit_and_see_a_change_on_the_next_request(
    var, store, request
):
    """The state every process shares, in the shared file cache or in Redis."""
    from tests.alerts.records import record, write

    env = {"HARMONIA_RATE_API": "6"}
    if store == "redis":
        env["HARMONIA_REDIS_URL"] = request.getfixturevalue("redis_url")
    cli = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    cli.update(HARMONIA_VAR=str(var), **env)

    def harmonia_import(title: str, directory: str) -> None:
        records = write(var.parent / directory, record("ISO 9999:2015", "2015-03-01", title=title))
        subprocess.run(
            [sys.executable, "-m", "harmonia.cli", "import", "relaton", str(records)],
            env=cli, check=True, capture_output=True, timeout=120,
        )  # fmt: skip

    harmonia_import("Test things", "first")
    args = ("--server", "waitress", "--no-jobs")
    with serving(var, *args, env=env) as (_, one), serving(var, *args, env=env) as (_, two):
        answers = [_get(port, "/api/v1/documents") for _ in range(6) for port in (one, two)]
        # Counted in one place: six of the twelve pass, however they were dealt; each
        # process counting alone would have let all twelve through.
        assert answers.count(200) == 6 and answers.count(429) == 6, answers
        assert answers[:6] == [200] * 6

        # A page kept once is answered by both; a third process (the CLI) changes the
        # document, and the very next request to either shows the change.
        path = "/documents/ISO%209999%3A2015/"
        page, etag = _page(one, path)
        assert "Test things" in page and etag
        assert "Test things" in _page(two, path)[0]
        harmonia_import("Changed things", "again")
        for port in (one, two):
            page, new_etag = _page(port, path)
            assert "Changed things" in page and "Test things" not in page
            assert new_etag != etag
