"""Queue mail in the outbox inside the caller's transaction."""

from datetime import datetime
from email.utils import make_msgid

from flask import g
from sqlalchemy import select

from planner.extensions import db
from planner.mail.render import RenderedEmail
from planner.models import OutboxMessage
from planner.models._types import utcnow


def queue_email(
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
) -> OutboxMessage:
    """Add a message to the outbox (not committed); a repeated key returns the first message."""
    existing = db.session.scalar(select(OutboxMessage).where(OutboxMessage.idempotency_key == key))
    if existing is not None:
        return existing
    message = OutboxMessage(
        idempotency_key=key,
        # Fixed at queue time so a resend after a crash carries the same Message-ID.
        message_id=make_msgid(domain="tablewise.local"),
        kind=kind,
        dinner_id=dinner_id,
        invitation_id=invitation_id,
        headers=headers,
        to_addr=to,
        subject=email.subject,
        text_body=email.text,
        html_body=email.html,
        ics=ics,
        due_at=due_at or utcnow(),
    )
    db.session.add(message)
    g.mail_queued = True
    return message
