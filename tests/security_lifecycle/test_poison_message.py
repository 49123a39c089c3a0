"""Finding 1: a line break in a name or title must never stop the mail."""

import time
from datetime import timedelta

from planner.extensions import db
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail
from planner.models import Dinner, MailStatus, OutboxMessage
from planner.models._types import utcnow
from planner.services.profiles import ProfileData

POISON = "A\r\nBcc: x@example.com"


def _queue(app, keys: list[str]) -> None:
    with app.app_context():
        for n, key in enumerate(keys):
            queue_email(
                key=key,
                kind="test",
                to=f"{key}@example.com",
                email=RenderedEmail(f"Hello {key}", "body", "<p>body</p>"),
                due_at=utcnow() - timedelta(minutes=5) + timedelta(seconds=n),
            )
        db.session.commit()


def _poison(app, key: str) -> None:
    # Stored as an older version would have stored it, past every cleaning at the boundary.
    with app.app_context():
        db.session.execute(
            db.update(OutboxMessage)
            .where(OutboxMessage.idempotency_key == key)
            .values(subject=f"{POISON} asks you for an introduction")
        )
        db.session.commit()


def _status(app, key: str) -> OutboxMessage:
    with app.app_context():
        row = db.session.scalar(
            db.select(OutboxMessage).where(OutboxMessage.idempotency_key == key)
        )
        db.session.expunge(row)
        return row


def _wait_until(condition, timeout: float = 30.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.1)
    return False


def test_the_worker_fails_a_poison_message_and_keeps_sending_the_others(
    app, smtp, smtp_server, start_worker
):
    _queue(app, ["first", "poisoned", "third"])
    _poison(app, "poisoned")
    worker = start_worker(smtp_server.port)
    assert _wait_until(lambda: len(smtp.messages) == 2), worker.stderr
    row = _status(app, "poisoned")
    assert _wait_until(lambda: _status(app, "poisoned").status == MailStatus.FAILED)
    row = _status(app, "poisoned")
    assert "cannot build the message" in row.last_error and row.attempts == 1
    # Still running: mail queued afterwards goes out too.
    _queue(app, ["later"])
    assert _wait_until(lambda: len(smtp.messages) == 3)
    assert worker.poll() is None
    assert sorted(m["To"].addresses[0].username for m in smtp.messages) == [
        "first",
        "later",
        "third",
    ]


def test_no_line_break_or_control_character_reaches_a_stored_name():
    data = ProfileData.from_values(
        {"name": POISON, "company": "Acme\x00 Ltd", "asks": ["Intro\r\nto HR", "\x07"]}
    )
    assert data.name == "A Bcc: x@example.com"
    assert data.company == "Acme Ltd" and data.asks == ("Intro to HR",)
    kept = ProfileData.from_values({"does": "Line one\r\nLine two\x00"})
    assert kept.does == "Line one\nLine two"


def test_a_line_break_in_a_dinner_title_or_rsvp_name_is_never_stored_or_mailed(
    app, client, smtp, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser(), title="Founders'\r\nBcc: x@example.com Dinner")
    guest = make_guest(dinner_id)
    answer = {"attending": "yes", "name": POISON, "ask_1": "Intro\nto HR"}
    assert client.post(f"/rsvp/{guest.token}", data=answer).status_code in (200, 302)
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert "\n" not in dinner.title and "\r" not in dinner.title
        assert all("\r" not in i.name and "\n" not in i.name for i in dinner.invitations)
    for message in smtp.messages:
        assert "Bcc" not in message or message["Bcc"] is None
