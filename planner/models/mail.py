"""The outbox: mail is written here in the transaction that causes it, sent after commit."""

import enum
from datetime import datetime

from sqlalchemy import JSON, Enum, ForeignKey, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import db
from planner.models._types import utcnow


class MailStatus(enum.StrEnum):
    QUEUED = "queued"
    SENDING = "sending"  # claimed by a worker; reclaimable once its lease runs out
    SENT = "sent"
    FAILED = "failed"
    CANCELLED = "cancelled"  # e.g. the recipient unsubscribed before it went out


class OutboxMessage(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    # One message per (purpose, recipient): queuing the same key twice is a no-op.
    idempotency_key: Mapped[str] = mapped_column(String(200), unique=True)
    message_id: Mapped[str] = mapped_column(String(200), unique=True)
    kind: Mapped[str] = mapped_column(String(40), index=True)
    # Part of the follow-up series: the recipient may opt out, even after it was queued.
    optional: Mapped[bool] = mapped_column(default=False, server_default=false())
    dinner_id: Mapped[int | None] = mapped_column(ForeignKey("dinner.id"), index=True)
    invitation_id: Mapped[int | None] = mapped_column(ForeignKey("invitation.id"), index=True)
    # One address, or two for the one email that introduces two people to each other.
    to_addr: Mapped[str] = mapped_column(String(520))
    subject: Mapped[str] = mapped_column(String(300))
    text_body: Mapped[str] = mapped_column(Text)
    html_body: Mapped[str] = mapped_column(Text)
    ics: Mapped[str | None] = mapped_column(Text)
    # Extra headers, e.g. List-Unsubscribe; fixed at queue time like the Message-ID.
    headers: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[MailStatus] = mapped_column(
        Enum(MailStatus, native_enum=False, length=16), default=MailStatus.QUEUED, index=True
    )
    due_at: Mapped[datetime] = mapped_column(default=utcnow, index=True)
    attempts: Mapped[int] = mapped_column(default=0)
    claimed_at: Mapped[datetime | None]
    # Retries go on until a day after the first attempt, however many that takes.
    first_attempt_at: Mapped[datetime | None]
    last_error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    sent_at: Mapped[datetime | None]
    # The bodies (with their working links) were dropped after the retention period.
    body_purged_at: Mapped[datetime | None]
