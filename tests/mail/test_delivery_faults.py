"""Delivery when SMTP misbehaves or the worker dies: every message arrives once, or is
marked failed where the organiser sees it; a killed worker resends only its one message."""

import os
import signal
import socket
import subprocess
import sys
import threading
from datetime import timedelta
from email import message_from_bytes, policy
from pathlib import Path

import pytest
from aiosmtpd.controller import Controller

from planner.extensions import db
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail
from planner.mail.sender import CLAIM_LEASE, claim_due, deliver_due
from planner.models import MailStatus, OutboxMessage
from planner.models._types import utcnow
from tests.helpers import settings

ROOT = Path(__file__).resolve().parents[2]


def _queue(app, count: int, start=None) -> list[str]:
    start = start or utcnow() - timedelta(minutes=10)
    with app.app_context():
        rows = [
            queue_email(
                key=f"fault:{n}",
                kind="test",
                to=f"person{n}@example.com",
                email=RenderedEmail(f"Message {n}", f"body {n}", f"<p>body {n}</p>"),
                due_at=start + timedelta(seconds=n),
            )
            for n in range(count)
        ]
        db.session.commit()
        return [row.message_id for row in rows]


class _DroppingServer:
    """Accept TCP connections and close them at once (or, if `silent`, hold them open and
    never answer: an SMTP server too slow to finish within SMTP_TIMEOUT)."""

    def __init__(self, silent: bool = False):
        self.silent = silent
        self.held = []
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(16)
        self.port = self.sock.getsockname()[1]
        threading.Thread(target=self._serve, daemon=True).start()

    def _serve(self):
        while True:
            try:
                connection, _ = self.sock.accept()
            except OSError:
                return
            if self.silent:
                self.held.append(connection)
            else:
                connection.close()

    def close(self):
        for connection in self.held:
            connection.close()
        self.sock.close()


def _closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]  # nothing listens once the probe is closed


def test_refused_dropped_and_451_connections_end_with_each_message_delivered_once(app, smtp):
    message_ids = _queue(app, 5)
    dropper = _DroppingServer()
    real_port = app.config["SMTP_PORT"]
    now = utcnow()
    try:
        for port, refuse in [(_closed_port(), False), (dropper.port, False), (real_port, True)]:
            app.config["SMTP_PORT"] = port
            smtp.refuse = refuse
            with app.app_context():
                assert deliver_due(settings(), now) == 0
                rows = db.session.scalars(db.select(OutboxMessage)).all()
                assert all(r.status == MailStatus.QUEUED and r.last_error for r in rows)
                assert all(r.due_at > now for r in rows)  # backing off, not hammering
            now += timedelta(hours=1)
    finally:
        dropper.close()
        app.config["SMTP_PORT"] = real_port
        smtp.refuse = False
    with app.app_context():
        assert deliver_due(settings(), now) == 5
        assert deliver_due(settings(), now + timedelta(days=1)) == 0
        rows = db.session.scalars(db.select(OutboxMessage)).all()
        assert {r.status for r in rows} == {MailStatus.SENT} and {r.attempts for r in rows} == {4}
    assert sorted(m["Message-ID"] for m in smtp.messages) == sorted(message_ids)


def test_a_server_too_slow_to_answer_times_out_and_the_message_is_retried(app, smtp):
    (message_id,) = _queue(app, 1)
    slow = _DroppingServer(silent=True)
    real_port = app.config["SMTP_PORT"]
    app.config.update(SMTP_PORT=slow.port, SMTP_TIMEOUT=0.3)
    now = utcnow()
    try:
        with app.app_context():
            assert deliver_due(settings(), now) == 0
            row = db.session.scalar(db.select(OutboxMessage))
            assert row.status == MailStatus.QUEUED and "timed out" in row.last_error
    finally:
        slow.close()
        app.config["SMTP_PORT"] = real_port
    with app.app_context():
        assert deliver_due(settings(), now + timedelta(hours=1)) == 1
    assert [m["Message-ID"] for m in smtp.messages] == [message_id]


def test_a_message_that_never_gets_through_is_retried_for_a_day_then_ends_failed(app, smtp):
    _queue(app, 1)
    smtp.refuse = True
    start = utcnow()
    with app.app_context():
        deliver_due(settings(), start)
        # An outage of most of a day loses nothing: the message is still waiting its turn.
        for hour in range(1, 24):
            deliver_due(settings(), start + timedelta(hours=hour))
        row = db.session.scalar(db.select(OutboxMessage))
        assert row.status == MailStatus.QUEUED and row.attempts >= 20
        deliver_due(settings(), start + timedelta(hours=24, minutes=1))
        row = db.session.scalar(db.select(OutboxMessage))
        assert row.status == MailStatus.FAILED and "451" in row.last_error
    assert smtp.messages == []


def test_a_permanent_refusal_fails_at_once_with_its_reason(app, smtp):
    _queue(app, 1)
    smtp.refuse_code = "550 5.1.1 No such user"
    with app.app_context():
        deliver_due(settings(), utcnow())
        row = db.session.scalar(db.select(OutboxMessage))
        assert row.status == MailStatus.FAILED and "550" in row.last_error
    assert smtp.messages == []


def test_two_workers_never_claim_the_same_row(app):
    _queue(app, 3)
    now = utcnow()
    with app.app_context():
        first = claim_due(now)
    with app.app_context():
        second = claim_due(now)
        assert len(first) == 3 and second == []
        # A claim whose worker vanished is taken over once its lease has run out.
        assert sorted(claim_due(now + CLAIM_LEASE)) == sorted(first)


class _KillingMailbox:
    """Accept every message; on the `victim`-th one, SIGKILL the worker before answering 250."""

    def __init__(self, victim: int):
        self.victim = victim
        self.received = []
        self.worker: subprocess.Popen | None = None

    async def handle_DATA(self, server, session, envelope):
        self.received.append(message_from_bytes(envelope.original_content, policy=policy.default))
        if len(self.received) == self.victim and self.worker is not None:
            # The message is delivered, but the worker dies before it can commit `sent`.
            self.worker.send_signal(signal.SIGKILL)
            self.worker.wait(timeout=10)
        return "250 Message accepted for delivery"


@pytest.fixture
def killing_smtp():
    mailbox = _KillingMailbox(victim=2)
    controller = Controller(mailbox, hostname="127.0.0.1", port=_closed_port())
    controller.start()
    yield controller
    controller.stop()


def test_worker_killed_between_send_and_commit_resends_only_that_message_with_same_id(
    app, app_config, killing_smtp
):
    message_ids = _queue(app, 3)
    env = {
        **os.environ,
        "DATABASE_URL": app_config["SQLALCHEMY_DATABASE_URI"],
        "SMTP_HOST": "127.0.0.1",
        "SMTP_PORT": str(killing_smtp.port),
        "SECRET_KEY": "test-secret",
    }
    mailbox = killing_smtp.handler
    mailbox.worker = subprocess.Popen(
        [sys.executable, "-m", "flask", "--app", "wsgi", "mail", "send"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    assert mailbox.worker.wait(timeout=60) == -signal.SIGKILL
    assert [m["Message-ID"] for m in mailbox.received] == message_ids[:2]

    app.config.update(SMTP_HOST="127.0.0.1", SMTP_PORT=killing_smtp.port)
    with app.app_context():
        statuses = [r.status for r in db.session.scalars(db.select(OutboxMessage).order_by("id"))]
        assert statuses == [MailStatus.SENT, MailStatus.SENDING, MailStatus.QUEUED]
        # While the dead worker's lease runs, nobody else touches its row.
        assert deliver_due(settings(), utcnow()) == 1
        assert deliver_due(settings(), utcnow() + CLAIM_LEASE + timedelta(seconds=1)) == 1
        assert deliver_due(settings(), utcnow() + timedelta(days=1)) == 0
    received = [m["Message-ID"] for m in mailbox.received]
    assert sorted(received) == sorted(message_ids + [message_ids[1]])
