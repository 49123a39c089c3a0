"""Deliver due outbox messages over SMTP, or to .eml files when no SMTP host is set.

Delivery is at-least-once: a worker claims a row (status `sending` with a lease), sends it,
then commits `sent`. A worker killed between the SMTP send and that commit leaves the row
claimed; once the lease runs out another run resends it with the same Message-ID, so a
receiving server or client can drop the duplicate. Nothing is ever silently lost.
"""

import logging
import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate
from pathlib import Path

from sqlalchemy import and_, or_, select, update

from planner.extensions import db
from planner.mail.calendar import attach_ics
from planner.models import Invitation, MailStatus, OutboxMessage
from planner.models._types import utcnow
from planner.settings import Settings

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
# Longer than any SMTP conversation can take (SMTP_TIMEOUT per command), so a live worker
# never has its row taken from under it.
CLAIM_LEASE = timedelta(minutes=10)


def build_message(row: OutboxMessage, sender: str) -> EmailMessage:
    """Turn an outbox row into a multipart/alternative email (plus .ics when present)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_addr
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id
    # RFC 5322 requires a Date and relays need not add one; without it SpamAssassin adds 2.7.
    message["Date"] = formatdate(usegmt=True)
    for name, value in (row.headers or {}).items():
        message[name] = value
    message.set_content(row.text_body)
    message.add_alternative(row.html_body, subtype="html")
    if row.ics:
        attach_ics(message, row.ics)
    return message


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait before the next try: exponential, capped at an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def _claimable(now: datetime):
    return or_(
        and_(OutboxMessage.status == MailStatus.QUEUED, OutboxMessage.due_at <= now),
        and_(
            OutboxMessage.status == MailStatus.SENDING,
            OutboxMessage.claimed_at <= now - CLAIM_LEASE,
        ),
    )


def claim_due(now: datetime, limit: int = 100) -> list[int]:
    """Claim up to `limit` due rows for this worker and commit; return their ids."""
    candidates = select(OutboxMessage.id).where(_claimable(now))
    candidates = candidates.order_by(OutboxMessage.due_at, OutboxMessage.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        # Rows another worker is claiming right now are skipped rather than waited for.
        candidates = candidates.with_for_update(skip_locked=True)
    claimed = []
    for row_id in db.session.scalars(candidates).all():
        # Compare-and-set: only one worker's UPDATE matches, on every database.
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, _claimable(now))
            .values(
                status=MailStatus.SENDING,
                claimed_at=now,
                attempts=OutboxMessage.attempts + 1,
            )
            .execution_options(synchronize_session=False)
        )
        if result.rowcount == 1:
            claimed.append(row_id)
    db.session.commit()
    return claimed


def deliver_due(settings: Settings, now: datetime | None = None, limit: int = 100) -> int:
    """Send up to `limit` due messages, committing after each; return how many were sent."""
    now = now or utcnow()
    sent = 0
    for _ in range(limit):
        # One claim at a time: a worker that dies holds at most the row it was sending.
        claimed = claim_due(now, limit=1)
        if not claimed:
            break
        sent += _deliver_one(db.session.get(OutboxMessage, claimed[0]), now, settings)
    return sent


def _deliver_one(row: OutboxMessage, now: datetime, settings: Settings) -> int:
    if _opted_out(row):
        row.status = MailStatus.CANCELLED
        row.last_error = "recipient unsubscribed from follow-ups"
        db.session.commit()
        return 0
    try:
        _transport(build_message(row, settings.mail_from), settings)
    except Exception as error:  # noqa: BLE001
        # Whatever goes wrong with one message (a refused address, a header the library
        # rejects, a dropped connection) is that message's failure: the others still go.
        _record_failure(row, now, f"{type(error).__name__}: {error}")
        return 0
    row.status = MailStatus.SENT
    row.sent_at = now
    row.last_error = None
    db.session.commit()
    return 1


def _opted_out(row: OutboxMessage) -> bool:
    # Checked at send time as well as at queue time: an opt-out is honoured at once.
    if not row.optional or row.invitation_id is None:
        return False
    invitation = db.session.get(Invitation, row.invitation_id)
    return invitation is not None and invitation.unsubscribed_at is not None


def _record_failure(row: OutboxMessage, now: datetime, error: str) -> None:
    row.last_error = error[:2000]
    row.claimed_at = None
    if row.attempts >= MAX_ATTEMPTS:
        row.status = MailStatus.FAILED
    else:
        row.status = MailStatus.QUEUED
        row.due_at = now + retry_delay(row.attempts)
    db.session.commit()
    log.warning("mail %s not sent: %s", row.id, row.last_error)


def retry_failed(row: OutboxMessage, now: datetime) -> None:
    """Put a failed message back in the queue for another round of attempts (not committed)."""
    if row.status == MailStatus.FAILED:
        row.status = MailStatus.QUEUED
        row.attempts = 0
        row.due_at = now


def _transport(message: EmailMessage, settings: Settings) -> None:
    if not settings.smtp_host:
        _write_eml(message, Path(settings.mail_file_dir))
        return
    with smtplib.SMTP(
        settings.smtp_host, settings.smtp_port, timeout=settings.smtp_timeout
    ) as smtp:
        if settings.smtp_starttls:
            smtp.starttls()
        if settings.smtp_username:
            smtp.login(settings.smtp_username, settings.smtp_password or "")
        smtp.send_message(message)


def _write_eml(message: EmailMessage, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    safe_id = message["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
    (directory / f"{safe_id}.eml").write_bytes(bytes(message))
