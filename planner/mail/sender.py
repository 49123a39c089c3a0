"""Deliver due outbox messages over SMTP, or to .eml files when no SMTP host is set.

Delivery is at-least-once: a worker claims a row (status `sending` with a short lease that a
heartbeat renews while it sends), sends it, then commits `sent`. A worker killed between the
SMTP send and that commit leaves the row claimed; once the lease runs out another run resends
it with the same Message-ID, so a receiving server or client can drop the duplicate.

Like an MTA, temporary failures (4xx, dropped connections, timeouts) are retried with growing
waits for a day from the first attempt; permanent ones (5xx, a message that cannot be built,
e.g. a header with a line break) fail at once. Either way the reason is recorded, the
message ends FAILED where the organiser sees it, and the other messages still go.
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
from planner.mail.lease import Heartbeat
from planner.models import Invitation, MailStatus, OutboxMessage
from planner.models._types import utcnow
from planner.settings import Settings

log = logging.getLogger(__name__)

# The defaults of Settings.mail_claim_lease_seconds / mail_retry_hours, for callers without one.
CLAIM_LEASE = timedelta(seconds=Settings.mail_claim_lease_seconds)
RETRY_WINDOW = timedelta(hours=Settings.mail_retry_hours)


class PermanentFailure(Exception):
    """This message can never be sent as it is; retrying would not help."""


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


def retry_delay(attempts: int, settings: Settings | None = None) -> timedelta:
    """Return how long to wait after the `attempts`-th failed try (the last step repeats)."""
    schedule = (settings or Settings).mail_retry_minutes
    return timedelta(minutes=schedule[min(max(attempts, 1), len(schedule)) - 1])


def _claimable(now: datetime, lease: timedelta):
    return or_(
        and_(OutboxMessage.status == MailStatus.QUEUED, OutboxMessage.due_at <= now),
        and_(
            OutboxMessage.status == MailStatus.SENDING,
            OutboxMessage.claimed_at <= now - lease,
        ),
    )


def claim_due(now: datetime, limit: int = 100, lease: timedelta = CLAIM_LEASE) -> list[int]:
    """Claim up to `limit` due rows for this worker and commit; return their ids."""
    candidates = select(OutboxMessage.id).where(_claimable(now, lease))
    candidates = candidates.order_by(OutboxMessage.due_at, OutboxMessage.id).limit(limit)
    if db.engine.dialect.name == "postgresql":
        # Rows another worker is claiming right now are skipped rather than waited for.
        candidates = candidates.with_for_update(skip_locked=True)
    claimed = []
    for row_id in db.session.scalars(candidates).all():
        # Compare-and-set: only one worker's UPDATE matches, on every database.
        result = db.session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.id == row_id, _claimable(now, lease))
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
    lease = timedelta(seconds=settings.mail_claim_lease_seconds)
    sent = 0
    for _ in range(limit):
        # One claim at a time: a worker that dies holds at most the row it was sending.
        claimed = claim_due(now, limit=1, lease=lease)
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
    if row.first_attempt_at is None:
        row.first_attempt_at = now
    try:
        message = _build(row, settings)
        row_id, lease = row.id, timedelta(seconds=settings.mail_claim_lease_seconds)
        # End this session's transaction: no lock is held while talking to the SMTP server.
        db.session.commit()
        with Heartbeat(db.engine, row_id, now, lease):
            _transport(message, settings)
    except Exception as error:  # noqa: BLE001
        # Whatever goes wrong with one message (a refused address, a header the library
        # rejects, a dropped connection) is that message's failure: the others still go.
        db.session.rollback()
        _record_failure(row, now, error, settings)
        return 0
    row.status = MailStatus.SENT
    row.sent_at = now
    row.last_error = None
    db.session.commit()
    return 1


def _build(row: OutboxMessage, settings: Settings) -> EmailMessage:
    try:
        return build_message(row, settings.mail_from)
    except Exception as error:  # noqa: BLE001
        raise PermanentFailure(f"cannot build the message: {error}") from error


def _opted_out(row: OutboxMessage) -> bool:
    # Checked at send time as well as at queue time: an opt-out is honoured at once.
    if not row.optional or row.invitation_id is None:
        return False
    invitation = db.session.get(Invitation, row.invitation_id)
    return invitation is not None and invitation.unsubscribed_at is not None


def is_permanent(error: Exception) -> bool:
    """Tell whether retrying could never help: a 5xx answer or an unbuildable message."""
    if isinstance(error, PermanentFailure):
        return True
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return all(code >= 500 for code, _ in error.recipients.values())
    if isinstance(error, smtplib.SMTPResponseException):
        return error.smtp_code >= 500
    return False


def _record_failure(row: OutboxMessage, now: datetime, error: Exception, settings) -> None:
    row.last_error = f"{type(error).__name__}: {error}"[:2000]
    row.claimed_at = None
    first = row.first_attempt_at or now
    if is_permanent(error) or now - first >= timedelta(hours=settings.mail_retry_hours):
        row.status = MailStatus.FAILED
    else:
        row.status = MailStatus.QUEUED
        row.due_at = now + retry_delay(row.attempts, settings)
    db.session.commit()
    log.warning("mail %s not sent (%s): %s", row.id, row.status, row.last_error)


def retry_failed(row: OutboxMessage, now: datetime) -> None:
    """Put a failed message back in the queue for another day of attempts (not committed)."""
    if row.status == MailStatus.FAILED:
        row.status = MailStatus.QUEUED
        row.attempts = 0
        row.first_attempt_at = None
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
