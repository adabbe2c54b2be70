"""`harmonia serve`: several web processes (gunicorn) and the job worker as a separate
process, started and stopped together.

The command is a small supervisor. Its children run in their own session, so Ctrl-C in
a terminal reaches the supervisor alone and every stop is the graceful one: SIGTERM to
gunicorn (requests in flight are answered, for up to GRACE seconds) and to the worker
(the job at hand ends first). SIGHUP is passed to gunicorn, which starts new web
processes on the code and settings installed now and retires the old ones once their
requests are answered. A worker that dies is started again; if gunicorn itself dies,
the supervisor stops the worker and exits with an error for the service manager.

Where gunicorn cannot run (Windows), `--server waitress` is one process of threads with
the jobs in a thread beside it, as the embedded set-up always had.
"""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.conf import settings

GRACE = 30  # seconds a web process has to finish its requests when told to stop
WORKER_GRACE = 120  # seconds the job at hand has to end


def gunicorn_available() -> bool:
    if sys.platform == "win32":
        return False
    try:
        import gunicorn  # noqa: F401
    except ImportError:
        return False
    return True


def default_workers() -> int:
    # gunicorn's own rule for its sync workers: the requests are mostly CPU, with some
    # waiting on the database.
    return 2 * (os.cpu_count() or 1) + 1


def metrics_dir() -> Path:
    """Where the web processes leave their counters for /metrics to add up (one file
    per process; emptied when `harmonia serve` starts, removed when it stops)."""
    return Path(settings.VAR_DIR) / "run" / f"metrics-{os.getpid()}"


def _die_with_parent() -> None:
    # A supervisor killed with SIGKILL cannot stop its children: on Linux the kernel
    # sends them SIGTERM instead.
    if sys.platform.startswith("linux"):
        import ctypes

        PR_SET_PDEATHSIG = 1
        ctypes.CDLL(None).prctl(PR_SET_PDEATHSIG, signal.SIGTERM)


@dataclass
class Child:
    name: str
    argv: list[str]
    env: dict[str, str]
    grace: int
    process: subprocess.Popen[bytes] | None = None
    restarts: int = 0
    not_before: float = 0.0

    def start(self) -> None:
        self.process = subprocess.Popen(
            self.argv, env=self.env, start_new_session=True, preexec_fn=_die_with_parent
        )

    def running(self) -> bool:
        return self.process is not None and self.process.poll() is None

    def signal(self, signum: int) -> None:
        if self.running():
            assert self.process is not None
            self.process.send_signal(signum)


@dataclass
class Supervisor:
    children: list[Child]
    say: Callable[[str], object] = print
    stop_asked: list[int] = field(default_factory=list)
    reload_asked: list[int] = field(default_factory=list)

    def _on_stop(self, signum: int, _frame: object) -> None:
        self.stop_asked.append(signum)

    def _on_reload(self, signum: int, _frame: object) -> None:
        self.reload_asked.append(signum)

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._on_stop)
        signal.signal(signal.SIGINT, self._on_stop)
        signal.signal(signal.SIGHUP, self._on_reload)
        for child in self.children:
            child.start()
        web, *others = self.children
        code = 0
        while not self.stop_asked:
            if self.reload_asked:
                self.reload_asked.clear()
                self._say("reloading the web processes")
                web.signal(signal.SIGHUP)
            if not web.running():
                assert web.process is not None
                code = web.process.returncode or 1
                self._say(f"{web.name} stopped (exit {web.process.returncode}); stopping")
                break
            for child in others:
                self._restart_if_dead(child)
            time.sleep(0.2)
        self._stop_all()
        return code

    def _restart_if_dead(self, child: Child) -> None:
        if child.running() or time.monotonic() < child.not_before:
            return
        assert child.process is not None
        if child.not_before == 0.0:
            # Wait before starting it again, longer each time, so a worker that cannot
            # start (a database gone) does not spin.
            delay = min(30, 2**child.restarts)
            child.not_before = time.monotonic() + delay
            self._say(
                f"{child.name} stopped (exit {child.process.returncode}); "
                f"starting it again in {delay} s"
            )
            return
        child.restarts += 1
        child.not_before = 0.0
        child.start()

    def _stop_all(self) -> None:
        for child in self.children:
            child.signal(signal.SIGTERM)
        for child in self.children:
            if child.process is None:
                continue
            try:
                child.process.wait(timeout=child.grace + 5)
            except subprocess.TimeoutExpired:
                self._say(f"{child.name} did not stop in {child.grace} s; killing it")
                child.process.kill()
                child.process.wait()

    def _say(self, text: str) -> None:
        self.say(f"harmonia serve: {text}")


def gunicorn_argv(host: str, port: int, workers: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "harmonia.wsgi:application",
        "--config",
        "python:harmonia.operations.gunicorn_hooks",
        "--bind",
        f"[{host}]:{port}" if ":" in host else f"{host}:{port}",
        "--workers",
        str(workers),
        # Sync workers, one request at a time each: on a graceful stop (SIGHUP, SIGTERM)
        # a connection not yet taken stays in the shared listening queue for another
        # process. gthread's workers take connections ahead into their own poller and
        # reset them when they stop (seen in the reload test).
        "--worker-class",
        "sync",
        "--graceful-timeout",
        str(GRACE),
        # A request (an upload being read, an export) may take a while; a process
        # silent for this long is stuck and is replaced.
        "--timeout",
        "120",
        "--error-logfile",
        "-",
    ]


def serve_processes(
    host: str, port: int, workers: int, jobs: bool, say: Callable[[str], object] = print
) -> int:
    env = dict(os.environ)
    metrics = metrics_dir()
    shutil.rmtree(metrics, ignore_errors=True)
    metrics.mkdir(parents=True)
    env["PROMETHEUS_MULTIPROC_DIR"] = str(metrics)
    children = [Child("web", gunicorn_argv(host, port, workers), env, GRACE)]
    if jobs:
        worker = [sys.executable, "-m", "harmonia.cli", "worker"]
        children.append(Child("worker", worker, env, WORKER_GRACE))
    try:
        return Supervisor(children, say=say).run()
    finally:
        shutil.rmtree(metrics, ignore_errors=True)


def serve_waitress(host: str, port: int, threads: int, jobs: bool) -> None:
    from waitress import serve as waitress_serve

    from harmonia.wsgi import application

    if jobs:
        import threading

        from harmonia.alerts import queue

        # One machine, zero set-up: the jobs run beside the web app unless told not to.
        threading.Thread(target=queue.work, name="harmonia-jobs", daemon=True).start()
    waitress_serve(application, host=host, port=port, threads=threads, ident="harmonia")
