"""Create and edit dinners, and keep each organiser to their own."""

from datetime import datetime
from functools import cache
from zoneinfo import ZoneInfo

from sqlalchemy import Select, bindparam, select
from sqlalchemy.orm import joinedload, selectinload

from planner.errors import NotFound
from planner.extensions import db
from planner.models import Dinner, Invitation, Organiser
from planner.services.dinner_states import DinnerEdit, validate_dinner_edit
from planner.text import one_line

# What the organiser enters for a dinner: the same fields for a new one and an edit.
DinnerDetails = DinnerEdit


class DinnerInvalid(ValueError):
    """The dinner's details cannot be saved: a message per form field."""

    def __init__(self, errors: dict[str, str]):
        super().__init__("; ".join(errors.values()))
        self.errors = errors


def to_utc(local: datetime, timezone: str) -> datetime:
    """Convert a naive wall-clock time in `timezone` to naive UTC."""
    aware = local.replace(tzinfo=ZoneInfo(timezone))
    return aware.astimezone(ZoneInfo("UTC")).replace(tzinfo=None)


def to_local(moment: datetime, timezone: str) -> datetime:
    """Convert a stored naive UTC moment to naive wall-clock time in `timezone`."""
    aware = moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(timezone))
    return aware.replace(tzinfo=None)


def check_new_dinner(details: DinnerDetails, now: datetime) -> None:
    """Refuse a new dinner that starts in the past or whose details contradict each other."""
    errors = validate_dinner_edit(details, now)
    if errors:
        raise DinnerInvalid(errors)


def create_dinner(organiser: Organiser, details: DinnerDetails) -> Dinner:
    """Create a dinner owned by `organiser` (not committed; check it with check_new_dinner)."""
    dinner = Dinner(organiser=organiser)
    apply_details(dinner, details)
    db.session.add(dinner)
    return dinner


def details_of(dinner: Dinner) -> DinnerDetails:
    """Return the dinner's editable fields as the organiser sees them (local wall clock)."""
    return DinnerDetails(
        title=dinner.title,
        starts_at_local=to_local(dinner.starts_at, dinner.timezone),
        timezone=dinner.timezone,
        venue=dinner.venue,
        min_table_size=dinner.min_table_size,
        max_table_size=dinner.max_table_size,
        rsvp_deadline_local=to_local(dinner.rsvp_deadline, dinner.timezone),
        capacity=dinner.capacity,
    )


def apply_details(dinner: Dinner, details: DinnerDetails) -> None:
    """Write the organiser's details onto the dinner (not committed)."""
    dinner.title = one_line(details.title)
    dinner.starts_at = to_utc(details.starts_at_local, details.timezone)
    dinner.timezone = details.timezone
    dinner.venue = one_line(details.venue)
    dinner.min_table_size = details.min_table_size
    dinner.max_table_size = details.max_table_size
    dinner.rsvp_deadline = to_utc(details.rsvp_deadline_local, details.timezone)
    dinner.capacity = details.capacity


def dinners_of(organiser: Organiser) -> list[Dinner]:
    """Return the organiser's dinners, soonest first."""
    return list(
        db.session.scalars(
            select(Dinner).where(Dinner.organiser_id == organiser.id).order_by(Dinner.starts_at)
        )
    )


def owned_dinner(organiser: Organiser, dinner_id: int) -> Dinner:
    """Return the dinner if `organiser` owns it; NotFound otherwise (never reveal it exists)."""
    dinner = db.session.scalar(_dinner_with_guests(), {"dinner_id": dinner_id})
    if dinner is None or dinner.organiser_id != organiser.id:
        raise NotFound("dinner")
    return dinner


@cache
def _dinner_with_guests() -> Select:
    """Build the organiser pages' dinner query once, not per request."""
    # Guests with their profiles come in one extra query, not one query per guest: the dinner
    # page, the funnel and the dietary summary all walk every guest's profile. Joined rather
    # than a second IN (…) query, whose 48 parameters SQLAlchemy renders again on every call.
    # The plan and the (few) seating rules come with the dinner's own row.
    return (
        select(Dinner)
        .where(Dinner.id == bindparam("dinner_id"))
        .options(
            joinedload(Dinner.seating_plan),
            joinedload(Dinner.seating_rules),
            selectinload(Dinner.invitations).joinedload(Invitation.profile),
        )
    )
