"""Create dinners and keep each organiser to their own."""

from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from planner.errors import NotFound
from planner.extensions import db
from planner.models import Dinner, Organiser
from planner.text import one_line


@dataclass(frozen=True)
class DinnerDetails:
    title: str
    starts_at_local: datetime  # naive wall-clock time in `timezone`
    timezone: str
    venue: str
    min_table_size: int
    max_table_size: int
    rsvp_deadline_local: datetime


def to_utc(local: datetime, timezone: str) -> datetime:
    """Convert a naive wall-clock time in `timezone` to naive UTC."""
    aware = local.replace(tzinfo=ZoneInfo(timezone))
    return aware.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def create_dinner(organiser: Organiser, details: DinnerDetails) -> Dinner:
    """Create a dinner owned by `organiser` (not committed)."""
    dinner = Dinner(
        organiser=organiser,
        title=one_line(details.title),
        starts_at=to_utc(details.starts_at_local, details.timezone),
        timezone=details.timezone,
        venue=one_line(details.venue),
        min_table_size=details.min_table_size,
        max_table_size=details.max_table_size,
        rsvp_deadline=to_utc(details.rsvp_deadline_local, details.timezone),
    )
    db.session.add(dinner)
    return dinner


def dinners_of(organiser: Organiser) -> list[Dinner]:
    """Return the organiser's dinners, soonest first."""
    return list(
        db.session.scalars(
            select(Dinner).where(Dinner.organiser_id == organiser.id).order_by(Dinner.starts_at)
        )
    )


def owned_dinner(organiser: Organiser, dinner_id: int) -> Dinner:
    """Return the dinner if `organiser` owns it; NotFound otherwise (never reveal it exists)."""
    dinner = db.session.get(Dinner, dinner_id)
    if dinner is None or dinner.organiser_id != organiser.id:
        raise NotFound("dinner")
    return dinner
