from datetime import timedelta
from email import message_from_bytes, policy

from planner.extensions import db
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail
from planner.mail.sender import deliver_due
from planner.models import MailStatus, OutboxMessage
from planner.models._types import utcnow
from tests.helpers import settings

EMAIL = RenderedEmail(subject="Hello", text="plain body", html="<p>html body</p>")


def _queue(app, key="k1"):
    with app.app_context():
        queue_email(key=key, kind="test", to="ana@example.com", email=EMAIL)
        db.session.commit()


def test_queued_mail_is_delivered_once_as_multipart(app, smtp):
    _queue(app)
    _queue(app)  # the same idempotency key is not queued twice
    with app.app_context():
        assert deliver_due(settings()) == 1
        assert deliver_due(settings()) == 0
        row = db.session.scalar(db.select(OutboxMessage))
        assert row.status == MailStatus.SENT
    (message,) = smtp.messages
    assert message["Message-ID"] == row.message_id
    assert message.get_body(("plain",)).get_content().strip() == "plain body"
    assert "<p>html body</p>" in message.get_body(("html",)).get_content()


def test_smtp_refusal_keeps_the_message_for_a_later_retry(app, smtp):
    _queue(app)
    smtp.refuse = True
    with app.app_context():
        assert deliver_due(settings()) == 0
        row = db.session.scalar(db.select(OutboxMessage))
        assert row.status == MailStatus.QUEUED and row.attempts == 1
        assert "451" in row.last_error
        assert row.due_at > utcnow()
        smtp.refuse = False
        assert deliver_due(settings()) == 0  # not due yet: backing off
        assert deliver_due(settings(), now=utcnow() + timedelta(hours=1)) == 1
    assert len(smtp.messages) == 1


def test_unreachable_smtp_server_is_an_error_not_a_crash(app, app_config, smtp):
    from planner import create_app

    app_config["SMTP_PORT"] = 1  # nothing listens there
    other = create_app(app_config)
    _queue(other)
    with other.app_context():
        assert deliver_due(settings()) == 0
        assert db.session.scalar(db.select(OutboxMessage)).last_error
    assert smtp.messages == []


def test_without_smtp_mail_goes_to_eml_files(app, app_config, tmp_path):
    from planner import create_app

    app_config["SMTP_HOST"] = None
    other = create_app(app_config)
    _queue(other)
    with other.app_context():
        assert deliver_due(settings()) == 1
    (path,) = (tmp_path / "mail").glob("*.eml")
    message = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert message["To"] == "ana@example.com" and message["Subject"] == "Hello"
