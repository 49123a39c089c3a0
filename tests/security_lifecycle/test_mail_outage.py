"""Finding 11: mail survives outages like an MTA: flaky servers, killed workers, long sends."""

import os
import random
import signal
import threading
import time
from datetime import timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller

from planner.extensions import db
from planner.mail.sender import claim_due, deliver_due
from planner.models import MailStatus, OutboxMessage
from planner.models._types import utcnow
from tests.conftest import _free_port
from tests.helpers import settings
from tests.mail.test_delivery_faults import _queue

COUNT = 60
FAST = {"MAIL_RETRY_MINUTES": "0.005", "MAIL_CLAIM_LEASE_SECONDS": "2"}


class _FlakyMailbox:
    """Answer 451 to 30 % of messages and drop 10 % of connections mid-DATA; SIGKILL the
    worker right after accepting each of the `kill_after`-th messages, before it can commit."""

    def __init__(self, kill_after: set[int]):
        self.random = random.Random(12)
        self.kill_after = kill_after
        self.accepted: list[str] = []
        self.workers = []
        self.kills = 0
        self._lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        roll = self.random.random()
        if roll < 0.3:
            return "451 4.3.0 Try again later"
        if roll < 0.4:
            server.transport.abort()
            return "451 4.3.0 dropped"
        parsed = message_from_bytes(envelope.original_content, policy=policy.default)
        with self._lock:
            self.accepted.append(parsed["Message-ID"])
            if len(self.accepted) in self.kill_after:
                self._kill_running_worker()
        return "250 Message accepted for delivery"

    def _kill_running_worker(self) -> None:
        # A snapshot: the supervisor loop may append a replacement while this one is dying,
        # and that fresh worker has sent nothing yet, so it is not the one to kill.
        for worker in list(self.workers):
            if worker.poll() is None:
                os.kill(worker.pid, signal.SIGKILL)
                worker.wait(timeout=10)
                self.kills += 1
                return


@pytest.fixture
def flaky_smtp():
    mailbox = _FlakyMailbox(kill_after={5, 25, 45})
    controller = Controller(mailbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield controller
    controller.stop()


def _statuses(app) -> list[MailStatus]:
    with app.app_context():
        return list(db.session.scalars(db.select(OutboxMessage.status)))


def test_flaky_server_and_killed_workers_lose_nothing(app, flaky_smtp, start_worker):
    message_ids = _queue(app, COUNT)
    mailbox = flaky_smtp.handler
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and set(_statuses(app)) != {MailStatus.SENT}:
        if not any(worker.poll() is None for worker in mailbox.workers):
            # Like a supervisor: a killed worker is replaced by a fresh process.
            mailbox.workers.append(start_worker(flaky_smtp.port, **FAST))
        time.sleep(0.2)
    assert set(_statuses(app)) == {MailStatus.SENT}
    assert mailbox.kills == 3
    # Every message arrived; the only repeats are the ones whose worker died after the 250,
    # resent under the same Message-ID so the receiver can drop them.
    assert set(mailbox.accepted) == set(message_ids)
    assert len(mailbox.accepted) - len(set(mailbox.accepted)) <= mailbox.kills


def test_a_long_send_keeps_its_claim_and_a_dead_workers_claim_is_taken_over_in_seconds(
    app, app_config, smtp
):
    (message_id,) = _queue(app, 1)
    app.config["MAIL_CLAIM_LEASE_SECONDS"] = 1
    smtp.gate.clear()  # the server holds the DATA for longer than the lease
    sender = threading.Thread(target=_deliver_in_own_context, args=(app,))
    sender.start()
    try:
        time.sleep(2.5)
        with app.app_context():
            lease = timedelta(seconds=1)
            # The heartbeat renewed the live worker's claim: nobody else may take it.
            assert claim_due(utcnow(), lease=lease) == []
    finally:
        smtp.gate.set()
        sender.join(timeout=30)
    assert [m["Message-ID"] for m in smtp.wait_for(1)] == [message_id]
    assert _statuses(app) == [MailStatus.SENT]


def _deliver_in_own_context(app) -> None:
    with app.app_context():
        deliver_due(settings(), utcnow())
        db.session.remove()


def test_a_claim_left_by_a_killed_worker_is_taken_over_after_a_minute_not_ten(app):
    _queue(app, 1)
    now = utcnow()
    with app.app_context():
        (claimed,) = claim_due(now)
        assert claim_due(now + timedelta(seconds=30)) == []
        assert claim_due(now + timedelta(seconds=61)) == [claimed]
