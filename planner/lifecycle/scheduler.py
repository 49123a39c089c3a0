"""When lifecycle mail is due, and queuing what is due (run by `flask tick` or the worker).

Every scheduled kind is keyed `<kind>:<invitation id>`, so a tick that runs twice, or two
ticks at once, queue each message once. Follow-ups count from when the organiser marked the
dinner held, else from its start; the outcome check goes N weeks after the first follow-up,
and asks about the outcomes recorded until then.
"""

import logging
from dataclasses import dataclass
from datetime import datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from planner.extensions import db
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.follow_up import seated_dinner
from planner.lifecycle.registry import ComposeContext, recipients, scheduled_kinds
from planner.lifecycle.retention import run_retention
from planner.lifecycle.tokens import Links
from planner.lifecycle.waitlist import offer_free_seats
from planner.mail.sender import deliver_due
from planner.models import Dinner, OutboxMessage
from planner.services.dinners import to_utc
from planner.services.waitlist_rules import LAST_OFFER_BEFORE_DINNER
from planner.settings import Settings

MAX_OUTCOME_WEEKS = 26
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Timing:
    """When each stage of a dinner's lifecycle mail becomes due (naive UTC)."""

    reminder: datetime
    waitlist_closed: datetime  # no more seat offers after this: the waitlist hears so
    day_note: datetime
    follow_up_1: datetime
    follow_up_2: datetime
    re_ask: datetime
    outcome_check: datetime


def _morning(dinner: Dinner, moment: datetime, days_later: int) -> datetime:
    local_day = dinner.local(moment).date() + timedelta(days=days_later)
    return to_utc(datetime.combine(local_day, time(dinner.morning_hour)), dinner.timezone)


def timing(dinner: Dinner) -> Timing:
    """Return when each stage is due, from the dinner's settings."""
    # Never before the start: a dinner marked held early must not be followed up before it.
    after = max(dinner.held_at or dinner.starts_at, dinner.starts_at)
    follow_up_1 = _morning(dinner, after, 1)
    return Timing(
        reminder=dinner.rsvp_deadline - timedelta(hours=dinner.reminder_hours),
        waitlist_closed=dinner.starts_at - LAST_OFFER_BEFORE_DINNER,
        day_note=min(_morning(dinner, dinner.starts_at, 0), dinner.starts_at),
        follow_up_1=follow_up_1,
        follow_up_2=_morning(dinner, after, 1 + dinner.follow_up_2_days),
        # A week after follow-up 2 asked the guest to restate what is still open.
        re_ask=_morning(dinner, after, 1 + dinner.follow_up_2_days + dinner.re_ask_days),
        outcome_check=follow_up_1 + timedelta(weeks=dinner.outcome_check_weeks),
    )


def _in_window(kind, dinner: Dinner, when: Timing, now: datetime) -> bool:
    until = kind.until(dinner)
    return kind.due(when) <= now and (until is None or now < until)


def schedule_dinner(dinner: Dinner, now: datetime, settings: Settings) -> int:
    """Queue every lifecycle message of the dinner that is due at `now` (not committed)."""
    when = timing(dinner)
    queued_keys = set(
        db.session.scalars(
            select(OutboxMessage.idempotency_key).where(OutboxMessage.dinner_id == dinner.id)
        )
    )
    seated = seated_dinner(dinner)
    queued = 0
    for kind in scheduled_kinds():
        if not _in_window(kind, dinner, when, now):
            continue
        for person in recipients(kind, dinner, seated):
            key = f"{kind.kind}:{person.id}"
            if key in queued_keys:
                continue  # checked before rendering: no tokens are minted for mail already sent
            links = Links(person, settings.public_base_url)
            draft = kind.compose(person, ComposeContext(dinner, links, seated))
            if draft is not None:
                queue_draft(person, draft, key=key, links=links, due_at=now)
                queued += 1
    return queued


def mark_held(dinner: Dinner, now: datetime, settings: Settings) -> Timing:
    """Mark the dinner as held and queue whatever follow-up is already due (not committed)."""
    if dinner.held_at is None:
        dinner.held_at = now
    schedule_dinner(dinner, now, settings)
    return timing(dinner)


@dataclass(frozen=True)
class TickResult:
    queued: int
    sent: int


def tick(now: datetime, settings: Settings) -> TickResult:
    """Queue what is due for every recent dinner, committing per dinner, then send due mail."""
    horizon = now - timedelta(weeks=MAX_OUTCOME_WEEKS + 1)
    # Cancelled and closed dinners get no more lifecycle mail.
    dinner_ids = db.session.scalars(
        select(Dinner.id).where(
            Dinner.starts_at >= horizon, Dinner.cancelled_at.is_(None), Dinner.closed_at.is_(None)
        )
    ).all()
    queued = 0
    for dinner_id in dinner_ids:
        try:
            dinner = db.session.get(Dinner, dinner_id)
            # Offers that ran out pass to the next guest waiting before anything else is sent.
            queued += len(offer_free_seats(dinner, now, settings.public_base_url))
            queued += schedule_dinner(dinner, now, settings)
            db.session.commit()
        except IntegrityError:
            # Another tick queued the same keys first; its copy stands.
            db.session.rollback()
            log.info("tick: dinner %s already scheduled elsewhere", dinner_id)
    run_retention(now, settings)  # mail bodies, .eml files, guest data past their time
    return TickResult(queued, deliver_due(settings, now))
