"""The waitlist of a full dinner: place a yes, offer freed seats in turn, take an offered seat.

What happens is decided by `planner.services.waitlist_rules` (the stated `RULE`); this module
reads its inputs from the invitations, writes its decisions back and mails the guests. Every
decision about one dinner's seats first locks the dinner's row (on PostgreSQL), so two answers
arriving together cannot both take the last seat.
"""

from dataclasses import replace
from datetime import datetime

from sqlalchemy import func, select

from planner.extensions import db
from planner.lifecycle.drafts import queue_composed
from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.tokens import Links
from planner.models import Dinner, Invitation, RsvpStatus
from planner.services.dinner_states import DinnerEdit, validate_dinner_edit
from planner.services.waitlist_rules import (
    RULE,
    Decision,
    Seats,
    Waiting,
    YesOutcome,
    answer_yes,
    default_capacity,
    offer_still_open,
    plan_waitlist,
    waitlist_position,
)


class OfferClosed(RuntimeError):
    """No seat is on offer to this guest (any more)."""


def seat_capacity(dinner: Dinner) -> int | None:
    """Return how many guests may accept: the organiser's capacity, else every table full.

    None (no limit yet) while the organiser set none and no tables exist to count.
    """
    if dinner.capacity is not None:
        return dinner.capacity
    plan = dinner.seating_plan
    # One set of tables per course (rotations): a seat is a place at a first-course table.
    tables = plan.course_tables(1) if plan is not None else []
    if not tables:
        return None
    return default_capacity(len(tables), dinner.max_table_size)


def as_waiting(invitation: Invitation) -> Waiting:
    """Return a waitlisted invitation as the rules see it."""
    return Waiting(
        invitation_id=invitation.id,
        joined_at=invitation.waitlisted_at or invitation.created_at,
        offered_until=invitation.offered_until,
        passed_over=invitation.offer_lapsed_at is not None,
    )


def offer_open(invitation: Invitation, now: datetime) -> bool:
    """Tell whether the guest holds a seat offer they may still take."""
    return invitation.status == RsvpStatus.WAITLISTED and offer_still_open(
        as_waiting(invitation), now
    )


def waitlist_of(dinner: Dinner) -> list[Invitation]:
    """Return the dinner's waitlisted guests: offers first, then in line, then lapsed offers."""
    waiting = _waitlisted(dinner)
    return sorted(waiting, key=lambda i: (i.offer_lapsed_at is not None, i.offered_until is None))


def position(invitation: Invitation) -> int | None:
    """Return the guest's place in line from 1 (None: not waiting for an offer)."""
    if invitation.status != RsvpStatus.WAITLISTED:
        return None
    queue = [as_waiting(i) for i in _waitlisted(invitation.dinner)]
    return waitlist_position(queue, invitation.id)


def place_yes(invitation: Invitation, now: datetime) -> YesOutcome:
    """Give a yes a seat, or a place at the end of the waitlist (not committed)."""
    if invitation.status == RsvpStatus.ACCEPTED:
        return YesOutcome(Decision.ACCEPT)
    if offer_open(invitation, now):
        _seat(invitation)
        return YesOutcome(Decision.ACCEPT)
    if invitation.status == RsvpStatus.WAITLISTED and invitation.offer_lapsed_at is None:
        return YesOutcome(Decision.WAITLIST, position(invitation))
    dinner = invitation.dinner
    capacity = seat_capacity(dinner)
    if capacity is None:
        _seat(invitation)
        return YesOutcome(Decision.ACCEPT)
    _lock(dinner)
    others = [as_waiting(i) for i in _waitlisted(dinner) if i.id != invitation.id]
    on_offer = sum(1 for entry in others if offer_still_open(entry, now))
    in_line = sum(1 for entry in others if entry.offered_until is None and not entry.passed_over)
    outcome = answer_yes(Seats(capacity, _accepted_count(dinner), on_offer), waiting=in_line)
    if outcome.decision == Decision.ACCEPT:
        _seat(invitation)
    else:
        # A lapsed offer's guest who says yes again joins the end of the line afresh.
        leave_waitlist(invitation)
        invitation.status = RsvpStatus.WAITLISTED
        invitation.waitlisted_at = now
    return outcome


def take_offered_seat(invitation: Invitation, now: datetime) -> None:
    """Confirm the seat offered to a waitlisted guest (not committed); OfferClosed if none."""
    if not offer_open(invitation, now):
        raise OfferClosed(invitation.dinner.title)
    invitation.responded_at = now
    _seat(invitation)


def leave_waitlist(invitation: Invitation) -> None:
    """Forget the guest's place in line and any offer (they declined or were removed)."""
    invitation.waitlisted_at = None
    invitation.offered_until = None
    invitation.offer_lapsed_at = None


def offer_free_seats(dinner: Dinner, now: datetime, base_url: str) -> list[Invitation]:
    """Let lapsed offers go and offer each free seat to the next guest in line, by mail.

    Returns the guests offered a seat now (not committed).
    """
    waitlisted = _waitlisted(dinner)
    if not waitlisted:
        return []
    _lock(dinner)
    accepted = _accepted_count(dinner)
    capacity = seat_capacity(dinner)
    if capacity is None:  # the limit was lifted: there is a seat for everyone waiting
        capacity = accepted + len(waitlisted)
    plan = plan_waitlist(
        capacity,
        accepted,
        [as_waiting(i) for i in waitlisted],
        now,
        dinner.rsvp_deadline,
        dinner.starts_at,
    )
    by_id = {invitation.id: invitation for invitation in waitlisted}
    for invitation_id in plan.expired:
        by_id[invitation_id].offer_lapsed_at = now
    offered = []
    for offer in plan.offers:
        invitation = by_id[offer.invitation_id]
        invitation.offered_until = offer.until
        _mail_offer(invitation, base_url)
        offered.append(invitation)
    return offered


def compose_waitlisted(invitation: Invitation, links: Links) -> Draft:
    """Draft the note that a yes joined the waitlist, with its place and the rule."""
    return Draft(
        Kind.WAITLISTED,
        f"You're on the waitlist: {invitation.dinner.title}",
        {"link": links.rsvp(), "position": position(invitation), "rule": RULE},
    )


def compose_waitlist_offer(invitation: Invitation, links: Links) -> Draft:
    """Draft the offer of a freed seat, held until `invitation.offered_until`."""
    return Draft(
        Kind.WAITLIST_OFFER,
        f"A seat is free for you: {invitation.dinner.title}",
        {"link": links.rsvp(), "until": invitation.offered_until},
    )


def queue_waitlisted(invitation: Invitation, base_url: str, token: str | None = None) -> None:
    """Mail the guest that their yes is on the waitlist, once per joining (not committed).

    `token`: the RSVP link they answered through, repeated so the page they have open works.
    """
    key = f"waitlisted:{invitation.id}:{invitation.waitlisted_at.isoformat()}"
    queue_composed(invitation, compose_waitlisted, key, base_url, rsvp_token=token)


def _mail_offer(invitation: Invitation, base_url: str) -> None:
    key = f"waitlist_offer:{invitation.id}:{invitation.offered_until.isoformat()}"
    queue_composed(invitation, compose_waitlist_offer, key, base_url)


def _seat(invitation: Invitation) -> None:
    leave_waitlist(invitation)
    invitation.status = RsvpStatus.ACCEPTED


def _lock(dinner: Dinner) -> None:
    # SELECT … FOR UPDATE on PostgreSQL; SQLite ignores it (it lets one writer in at a time).
    db.session.execute(select(Dinner.id).where(Dinner.id == dinner.id).with_for_update())


def _accepted_count(dinner: Dinner) -> int:
    return db.session.scalar(
        select(func.count(Invitation.id)).where(
            Invitation.dinner_id == dinner.id, Invitation.status == RsvpStatus.ACCEPTED
        )
    )


def _waitlisted(dinner: Dinner) -> list[Invitation]:
    return list(
        db.session.scalars(
            select(Invitation)
            .where(Invitation.dinner_id == dinner.id, Invitation.status == RsvpStatus.WAITLISTED)
            .order_by(Invitation.waitlisted_at, Invitation.id)
        )
    )


class CapacityRefused(ValueError):
    """The capacity cannot be set to that; the message says why."""


def set_capacity(
    dinner: Dinner, capacity: int | None, now: datetime, base_url: str
) -> list[Invitation]:
    """Set how many guests may accept (None: every table full) and offer any seats it frees.

    Returns the guests offered a seat (not committed); CapacityRefused below a table or
    below the guests who already accepted.
    """
    problem = validate_dinner_edit(
        replace(_as_edit(dinner), capacity=capacity), now, accepted=_accepted_count(dinner)
    ).get("capacity")
    if problem:
        raise CapacityRefused(problem)
    dinner.capacity = capacity
    return offer_free_seats(dinner, now, base_url)


def _as_edit(dinner: Dinner) -> DinnerEdit:
    def wall_clock(moment: datetime) -> datetime:
        return dinner.local(moment).replace(tzinfo=None)

    return DinnerEdit(
        title=dinner.title,
        starts_at_local=wall_clock(dinner.starts_at),
        timezone=dinner.timezone,
        venue=dinner.venue,
        min_table_size=dinner.min_table_size,
        max_table_size=dinner.max_table_size,
        rsvp_deadline_local=wall_clock(dinner.rsvp_deadline),
        capacity=dinner.capacity,
    )
