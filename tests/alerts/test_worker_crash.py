"""Killing the worker mid-send and starting it again sends no e-mail twice, and loses
none: separate processes (`harmonia import`, `harmonia worker`) on a database of their
own, mail to a real SMTP server on loopback."""

import asyncio
import json
import signal
import threading
import time
from email import message_from_bytes, policy

import pytest

from tests.accounts.smtp import free_port

from .processes import followers, harmonia, start_worker
from .records import record, write

FOLLOWERS = 12
KILL_AT = 4  # the worker is killed while the server holds the 4th message


class SlowInbox:
    """Keeps each message, then answers slowly: a worker killed meanwhile has handed the
    message over but never heard that it was taken."""

    def __init__(self) -> None:
        self.messages: list = []
        self.caught = threading.Event()

    async def handle_DATA(self, server, session, envelope):
        self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        if len(self.messages) == KILL_AT:
            self.caught.set()
        await asyncio.sleep(0.3)
        return "250 OK"


@pytest.fixture
def slow_smtp():
    from aiosmtpd.controller import Controller

    inbox = SlowInbox()
    port = free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    yield inbox, port
    controller.stop()


@pytest.fixture(params=["database", "redis"])
def queue_env(request, tmp_path, process_database):
    env = process_database(tmp_path, "harmonia_alerts_crash")
    if request.param == "redis":
        env["HARMONIA_QUEUE_URL"] = request.getfixturevalue("redis_url")
    return env


def test_killing_the_worker_mid_send_sends_no_duplicate(tmp_path, slow_smtp, queue_env):
    inbox, port = slow_smtp
    env = queue_env
    env.update(
        HARMONIA_SMTP_URL=f"smtp://127.0.0.1:{port}",
        HARMONIA_JOB_LEASE_SECONDS="2",
        HARMONIA_MAIL_LEASE_SECONDS="2",
    )
    harmonia(env, "migrate")
    harmonia(
        env, "import", "relaton", str(write(tmp_path / "a", record("ISO 9001:2015", "2015-09-15")))
    )
    followers(env, FOLLOWERS, "ISO 9001")
    harmonia(
        env, "import", "relaton", str(write(tmp_path / "b", record("ISO 9001:2026", "2026-11-20")))
    )

    worker = start_worker(env, "--poll", "0.2")
    try:
        assert inbox.caught.wait(120), "the worker sent nothing"
        worker.send_signal(signal.SIGKILL)  # mid-send: the server has not answered yet
        worker.wait(30)
    finally:
        if worker.poll() is None:
            worker.kill()
    assert worker.returncode == -signal.SIGKILL
    assert len(inbox.messages) == KILL_AT

    time.sleep(2.5)  # the dead worker's leases run out
    harmonia(env, "worker", "--burst", "--poll", "0.2")

    to = sorted(m["To"] for m in inbox.messages)
    assert to == [f"p{i:02}@example.org" for i in range(FOLLOWERS)]  # each once, none lost
    status = json.loads(harmonia(env, "alerts", "status", "--json").stdout)
    assert status["deliveries"] == {"sent": FOLLOWERS}
    # The one in the server's hands when the worker died is recorded as sent, unconfirmed.
    assert status["unconfirmed"] == 1
    # Another start finds nothing to do.
    harmonia(env, "worker", "--burst", "--poll", "0.2")
    assert len(inbox.messages) == FOLLOWERS
