"""Capacity and waitlist decisions: who gets a seat, who waits, who is offered a freed seat.

The rule, as guests and organisers are told it (`RULE`): a "yes" takes a seat while seats are
free; after that it joins the waitlist in the order answers came in. When a seat frees up
(a decline, a removal, a higher capacity) the first guest waiting is offered it by mail and
has OFFER_WINDOW to confirm; if they do not, the next guest is asked. Offers end by the RSVP
deadline (the seating is planned from the guests confirmed then); once the deadline is near or
past, by LAST_OFFER_BEFORE_DINNER ahead of the dinner. Seats on offer are held for the guest
offered them, so a later "yes" cannot take them.

Everything is decided from plain values; the caller stores the outcome and sends the mail.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

OFFER_WINDOW = timedelta(hours=48)
MIN_OFFER_WINDOW = timedelta(hours=2)  # less than this is no real chance to answer
LAST_OFFER_BEFORE_DINNER = timedelta(hours=6)

RULE = (
    "When the dinner is full, a yes joins the waitlist in the order answers come in. "
    "When a seat frees up, the first guest waiting is offered it by email and has "
    f"{OFFER_WINDOW // timedelta(hours=1)} hours to confirm (less close to the RSVP deadline or "
    "the dinner) before the next guest is asked."
)


def default_capacity(table_count: int, max_table_size: int) -> int:
    """Return the capacity of a dinner that sets none: every table full."""
    return table_count * max_table_size


@dataclass(frozen=True)
class Seats:
    capacity: int
    accepted: int  # confirmed seats
    on_offer: int = 0  # seats offered to waitlisted guests and not yet expired

    @property
    def free(self) -> int:
        """Return the seats nobody holds or has been offered."""
        return max(0, self.capacity - self.accepted - self.on_offer)


class Decision(StrEnum):
    ACCEPT = "accept"
    WAITLIST = "waitlist"


@dataclass(frozen=True)
class YesOutcome:
    decision: Decision
    position: int | None = None  # on the waitlist, from 1

    @property
    def message(self) -> str:
        """Say to the guest what their yes means."""
        if self.decision == Decision.ACCEPT:
            return "You have a seat."
        return (
            f"The dinner is full, so you are number {self.position} on the waitlist. "
            "If a seat frees up, we will email you and hold it for you for a while."
        )


def answer_yes(seats: Seats, waiting: int) -> YesOutcome:
    """Decide a new "yes": a free seat, else the end of the waitlist (`waiting` already on it)."""
    if seats.free > 0:
        return YesOutcome(Decision.ACCEPT)
    return YesOutcome(Decision.WAITLIST, position=waiting + 1)


@dataclass(frozen=True)
class Waiting:
    """One guest on the waitlist."""

    invitation_id: int
    joined_at: datetime
    offered_until: datetime | None = None  # an offer made to them (open or expired)
    passed_over: bool = False  # an earlier offer ran out: no more automatic offers


@dataclass(frozen=True)
class Offer:
    invitation_id: int
    until: datetime


@dataclass(frozen=True)
class WaitlistPlan:
    """What to do now: mark these offers expired, then make these offers."""

    expired: list[int]  # invitation ids, to mark passed over
    offers: list[Offer]
    reason: str = ""  # why free seats are not offered, when they are not


def offer_deadline(now: datetime, rsvp_deadline: datetime, starts_at: datetime) -> datetime | None:
    """Return until when an offer made now may run, or None when it is too late to offer."""
    until = now + OFFER_WINDOW
    if rsvp_deadline - now >= MIN_OFFER_WINDOW:
        until = min(until, rsvp_deadline)
    else:
        until = min(until, starts_at - LAST_OFFER_BEFORE_DINNER)
    return until if until - now >= MIN_OFFER_WINDOW else None


def plan_waitlist(
    capacity: int,
    accepted: int,
    queue: Sequence[Waiting],
    now: datetime,
    rsvp_deadline: datetime,
    starts_at: datetime,
) -> WaitlistPlan:
    """Expire the offers that ran out and offer every free seat to the next guests in line."""
    expired = [w.invitation_id for w in queue if _open(w) and w.offered_until <= now]
    on_offer = sum(1 for w in queue if _open(w) and w.offered_until > now)
    free = Seats(capacity, accepted, on_offer).free
    in_line = _in_line(queue)
    if not free or not in_line:
        return WaitlistPlan(expired, [])
    until = offer_deadline(now, rsvp_deadline, starts_at)
    if until is None:
        return WaitlistPlan(expired, [], "It is too close to the dinner to offer freed seats.")
    return WaitlistPlan(expired, [Offer(w.invitation_id, until) for w in in_line[:free]])


def offer_still_open(entry: Waiting, now: datetime) -> bool:
    """Say whether the guest may still take the seat they were offered."""
    return _open(entry) and now < entry.offered_until


def waitlist_position(queue: Sequence[Waiting], invitation_id: int) -> int | None:
    """Return the guest's place in line from 1 (None: not waiting in line)."""
    ids = [w.invitation_id for w in _in_line(queue)]
    return ids.index(invitation_id) + 1 if invitation_id in ids else None


def _open(entry: Waiting) -> bool:
    return entry.offered_until is not None and not entry.passed_over


def _in_line(queue: Sequence[Waiting]) -> list[Waiting]:
    """Return who waits for an offer, first come first served."""
    waiting = [w for w in queue if w.offered_until is None and not w.passed_over]
    return sorted(waiting, key=lambda w: (w.joined_at, w.invitation_id))
