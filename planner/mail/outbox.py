"""Queue mail in the outbox inside the caller's transaction; it is sent after the commit."""

import hashlib
from datetime import datetime
from email.utils import make_msgid

from sqlalchemy import insert, select

from planner.extensions import db
from planner.mail.render import RenderedEmail
from planner.models import MailStatus, OutboxMessage
from planner.models._types import utcnow
from planner.text import one_line

# Set in the session's `info` when mail was queued: after the commit, whoever delivers is woken.
MAIL_QUEUED = "tablewise.mail_queued"
_KEY_LENGTH = 200


def idempotency_key(*parts) -> str:
    """Return a key naming one message's purpose; long keys are hashed, never cut short."""
    key = ":".join(str(part) for part in parts)
    if len(key) <= _KEY_LENGTH:
        return key
    # Cutting a long key could make two different purposes collide; a digest cannot.
    return f"{key[:100]}#{hashlib.sha256(key.encode()).hexdigest()}"


def queue_email(*, key: str, **fields) -> OutboxMessage:
    """Add a message to the outbox (not committed); a repeated key returns the first message.

    `fields` are those of `outbox_values`: kind, to, email, and optionally dinner_id,
    invitation_id, headers, due_at, ics, optional.
    """
    key = idempotency_key(key)
    existing = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    if existing is not None:
        return existing
    message = OutboxMessage(**outbox_values(key=key, **fields))
    db.session.add(message)
    note_mail_queued()
    return message


def outbox_values(
    *,
    key: str,
    kind: str,
    to: str,
    email: RenderedEmail,
    dinner_id: int | None = None,
    invitation_id: int | None = None,
    headers: dict[str, str] | None = None,
    due_at: datetime | None = None,
    ics: str | None = None,
    optional: bool = False,
) -> dict:
    """Return the column values of a new outbox row (for `queue_email` or a bulk insert)."""
    now = utcnow()
    return {
        "idempotency_key": idempotency_key(key),
        # Fixed at queue time so a resend after a crash carries the same Message-ID.
        "message_id": make_msgid(domain="tablewise.local"),
        "kind": kind,
        "optional": optional,
        "dinner_id": dinner_id,
        "invitation_id": invitation_id,
        "headers": headers,
        "to_addr": one_line(to),
        # A header: a line break from any name or title in it must not reach the sender.
        "subject": one_line(email.subject)[:300],
        "text_body": email.text,
        "html_body": email.html,
        "ics": ics,
        "due_at": due_at or now,
        "status": MailStatus.QUEUED,
        "attempts": 0,
        "created_at": now,
    }


def queue_many(rows: list[dict]) -> None:
    """Insert many new outbox rows in one statement (not committed); keys must be new."""
    if rows:
        db.session.execute(insert(OutboxMessage.__table__), rows)
        note_mail_queued()


def note_mail_queued() -> None:
    """Mark the current transaction as one that, once committed, has mail to deliver."""
    db.session.info[MAIL_QUEUED] = True
