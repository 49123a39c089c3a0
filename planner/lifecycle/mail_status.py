"""The organiser's view of a dinner's mail: what is queued, sent or failed, and retrying."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from planner.errors import NotFound
from planner.extensions import db
from planner.lifecycle.scheduler import MAX_OUTCOME_WEEKS
from planner.mail.outbox import note_mail_queued
from planner.mail.sender import retry_failed
from planner.models import Dinner, MailStatus, OutboxMessage


@dataclass(frozen=True)
class TimingSettings:
    reminder_hours: int
    morning_hour: int
    follow_up_2_days: int
    outcome_check_weeks: int
    re_ask_days: int = 7


def update_timing(dinner: Dinner, settings: TimingSettings) -> None:
    """Change when the dinner's lifecycle mail goes out (not committed); sent mail stays sent."""
    dinner.reminder_hours = settings.reminder_hours
    dinner.morning_hour = settings.morning_hour
    dinner.follow_up_2_days = settings.follow_up_2_days
    dinner.re_ask_days = settings.re_ask_days
    dinner.outcome_check_weeks = min(settings.outcome_check_weeks, MAX_OUTCOME_WEEKS)


def outbox_of(dinner: Dinner) -> list[OutboxMessage]:
    """Return the dinner's mail, most recently due first."""
    return list(
        db.session.scalars(
            select(OutboxMessage)
            .where(OutboxMessage.dinner_id == dinner.id)
            .order_by(OutboxMessage.due_at.desc(), OutboxMessage.id.desc())
        )
    )


def status_counts(messages: list[OutboxMessage]) -> dict[str, int]:
    """Return how many messages are in each status, every status listed."""
    counts = {status.value: 0 for status in MailStatus}
    for message in messages:
        counts[message.status.value] += 1
    return counts


def retry_message(dinner: Dinner, message_id: int, now: datetime) -> bool:
    """Queue a failed message of this dinner again (not committed); NotFound if not its."""
    message = db.session.get(OutboxMessage, message_id)
    if message is None or message.dinner_id != dinner.id:
        raise NotFound("message")
    if message.status != MailStatus.FAILED:
        return False
    retry_failed(message, now)
    note_mail_queued()
    return True


def retry_all_failed(dinner: Dinner, now: datetime) -> int:
    """Queue every failed message of this dinner again (not committed); return how many."""
    failed = db.session.scalars(
        select(OutboxMessage).where(
            OutboxMessage.dinner_id == dinner.id, OutboxMessage.status == MailStatus.FAILED
        )
    ).all()
    for message in failed:
        retry_failed(message, now)
    if failed:
        note_mail_queued()
    return len(failed)
