"""Deliver due outbox messages over SMTP, or to .eml files when no SMTP host is set."""

import smtplib
from datetime import datetime, timedelta
from email.message import EmailMessage
from pathlib import Path

from flask import current_app
from sqlalchemy import select

from planner.extensions import db
from planner.models import MailStatus, OutboxMessage
from planner.models._types import utcnow

MAX_ATTEMPTS = 8


def build_message(row: OutboxMessage, sender: str) -> EmailMessage:
    """Turn an outbox row into a multipart/alternative email (plus .ics when present)."""
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_addr
    message["Subject"] = row.subject
    message["Message-ID"] = row.message_id
    message.set_content(row.text_body)
    message.add_alternative(row.html_body, subtype="html")
    if row.ics:
        message.add_attachment(
            row.ics.encode(), maintype="text", subtype="calendar", filename="dinner.ics"
        )
    return message


def retry_delay(attempts: int) -> timedelta:
    """Return how long to wait before the next try: exponential, capped at an hour."""
    return timedelta(seconds=min(3600, 30 * 2 ** max(0, attempts - 1)))


def deliver_due(now: datetime | None = None, limit: int = 100) -> int:
    """Send up to `limit` due messages, committing after each; return how many were sent."""
    now = now or utcnow()
    due = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.status == MailStatus.QUEUED, OutboxMessage.due_at <= now)
        .order_by(OutboxMessage.due_at, OutboxMessage.id)
        .limit(limit)
    ).all()
    sent = 0
    for row in due:
        sent += _deliver_one(row, now)
    return sent


def _deliver_one(row: OutboxMessage, now: datetime) -> int:
    message = build_message(row, current_app.config["MAIL_FROM"])
    row.attempts += 1
    try:
        _transport(message)
    except (OSError, smtplib.SMTPException) as error:
        row.last_error = f"{type(error).__name__}: {error}"[:2000]
        if row.attempts >= MAX_ATTEMPTS:
            row.status = MailStatus.FAILED
        else:
            row.due_at = now + retry_delay(row.attempts)
        db.session.commit()
        current_app.logger.warning("mail %s not sent: %s", row.id, row.last_error)
        return 0
    row.status = MailStatus.SENT
    row.sent_at = now
    row.last_error = None
    db.session.commit()
    return 1


def _transport(message: EmailMessage) -> None:
    config = current_app.config
    if not config.get("SMTP_HOST"):
        _write_eml(message, Path(config["MAIL_FILE_DIR"]))
        return
    with smtplib.SMTP(
        config["SMTP_HOST"], config["SMTP_PORT"], timeout=config["SMTP_TIMEOUT"]
    ) as smtp:
        if config.get("SMTP_STARTTLS"):
            smtp.starttls()
        if config.get("SMTP_USERNAME"):
            smtp.login(config["SMTP_USERNAME"], config["SMTP_PASSWORD"] or "")
        smtp.send_message(message)


def _write_eml(message: EmailMessage, directory: Path) -> None:
    directory.mkdir(parents=True, exist_ok=True)
    safe_id = message["Message-ID"].strip("<>").replace("@", "_").replace("/", "_")
    (directory / f"{safe_id}.eml").write_bytes(bytes(message))
