"""What lifecycle mail is due, per dinner, from its timing settings; `tick` queues and sends it.

`tick` is idempotent and safe every minute from cron: each message has an idempotency key
(`<kind>:<invitation id>`), so a stage is queued once however often tick runs, and the mail
is rendered when it is due, so follow-up 2 sees the outcomes recorded until then.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from flask import current_app
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from planner.extensions import db
from planner.mail.calendar import DINNER_LENGTH
from planner.mail.sender import deliver_due
from planner.models import Dinner, Invitation, OutboxMessage, RsvpStatus
from planner.services.access import Links
from planner.services.dinners import to_utc
from planner.services.follow_up import (
    SeatedDinner,
    compose_follow_up_1,
    compose_follow_up_2,
    compose_outcome_check,
    seated_dinner,
)
from planner.services.lifecycle import Draft, compose_day_note, compose_reminder, queue_draft

MAX_OUTCOME_WEEKS = 26


@dataclass(frozen=True)
class Timing:
    """When each stage of a dinner's lifecycle mail becomes due (naive UTC)."""

    reminder: datetime
    day_note: datetime
    follow_up_1: datetime
    follow_up_2: datetime
    outcome_check: datetime


def _morning(dinner: Dinner, moment: datetime, days_later: int) -> datetime:
    local_day = dinner.local(moment).date() + timedelta(days=days_later)
    return to_utc(datetime.combine(local_day, time(dinner.morning_hour)), dinner.timezone)


def timing(dinner: Dinner) -> Timing:
    """Return when each stage is due, from the dinner's settings."""
    # Follow-ups count from when the organiser marked it held, else from the start.
    after = dinner.held_at or dinner.starts_at
    follow_up_1 = _morning(dinner, after, 1)
    return Timing(
        reminder=dinner.rsvp_deadline - timedelta(hours=dinner.reminder_hours),
        day_note=min(_morning(dinner, dinner.starts_at, 0), dinner.starts_at),
        follow_up_1=follow_up_1,
        follow_up_2=_morning(dinner, after, 1 + dinner.follow_up_2_days),
        outcome_check=follow_up_1 + timedelta(weeks=dinner.outcome_check_weeks),
    )


@dataclass(frozen=True)
class Stage:
    kind: str
    due: Callable[[Timing], datetime]
    # Past this moment the stage makes no sense any more (e.g. a reminder after the deadline).
    until: Callable[[Dinner], datetime | None]
    after_dinner: bool  # needs a seating plan; goes only to seated, subscribed attendees


STAGES = (
    Stage("reminder", lambda t: t.reminder, lambda d: d.rsvp_deadline, False),
    Stage("day_note", lambda t: t.day_note, lambda d: d.starts_at + DINNER_LENGTH, False),
    Stage("follow_up_1", lambda t: t.follow_up_1, lambda d: None, True),
    Stage("follow_up_2", lambda t: t.follow_up_2, lambda d: None, True),
    Stage("outcome_check", lambda t: t.outcome_check, lambda d: None, True),
)
_COMPOSERS = {
    "follow_up_1": compose_follow_up_1,
    "follow_up_2": compose_follow_up_2,
    "outcome_check": compose_outcome_check,
}


def _recipients(dinner: Dinner, stage: Stage, seated: SeatedDinner | None) -> Iterable[Invitation]:
    if stage.kind == "reminder":
        return [i for i in dinner.invitations if i.status == RsvpStatus.PENDING]
    if stage.kind == "day_note":
        return dinner.accepted
    if seated is None:
        return []
    return [person for person in seated.seated if person.unsubscribed_at is None]


def _draft(stage: Stage, person: Invitation, links: Links, seated) -> Draft | None:
    if stage.kind == "reminder":
        return compose_reminder(person, links)
    if stage.kind == "day_note":
        return compose_day_note(person, links)
    return _COMPOSERS[stage.kind](person, seated)


def schedule_dinner(dinner: Dinner, now: datetime) -> int:
    """Queue every lifecycle message of the dinner that is due at `now` (not committed)."""
    when = timing(dinner)
    queued_keys = set(
        db.session.scalars(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.dinner_id == dinner.id)
        )
    )
    seated = seated_dinner(dinner)
    queued = 0
    for stage in STAGES:
        until = stage.until(dinner)
        if now < stage.due(when) or (until is not None and now >= until):
            continue
        if stage.kind == "reminder" and dinner.held_at is not None:
            continue
        for person in _recipients(dinner, stage, seated):
            key = f"{stage.kind}:{person.id}"
            if key in queued_keys:
                continue  # checked before rendering: no tokens are minted for mail already sent
            links = Links(person)
            draft = _draft(stage, person, links, seated)
            if draft is not None:
                queue_draft(person, draft, key=key, links=links, due_at=now)
                queued += 1
    return queued


def mark_held(dinner: Dinner, now: datetime) -> Timing:
    """Mark the dinner as held and queue whatever follow-up is already due (not committed)."""
    if dinner.held_at is None:
        dinner.held_at = now
    schedule_dinner(dinner, now)
    return timing(dinner)


@dataclass(frozen=True)
class TickResult:
    queued: int
    sent: int


def tick(now: datetime) -> TickResult:
    """Queue what is due for every recent dinner, committing per dinner, then send due mail."""
    horizon = now - timedelta(weeks=MAX_OUTCOME_WEEKS + 1)
    dinner_ids = db.session.scalars(select(Dinner.id).where(Dinner.starts_at >= horizon)).all()
    queued = 0
    for dinner_id in dinner_ids:
        try:
            queued += schedule_dinner(db.session.get(Dinner, dinner_id), now)
            db.session.commit()
        except IntegrityError:
            # Another tick queued the same keys first; its copy stands.
            db.session.rollback()
            current_app.logger.info("tick: dinner %s already scheduled elsewhere", dinner_id)
    return TickResult(queued, deliver_due(now))
