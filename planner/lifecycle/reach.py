"""How far a guest's personal action links reach: their own table at a held dinner.

A guest acts only about people they sat with (an introduction's target may sit at another
table of the same dinner), and only once the dinner was held; anyone else is "not found",
so stepping through ids names no one. Introductions cause mail to other guests, so each
guest may ask for, and offer, only a few per dinner.
"""

from sqlalchemy import func, select

from planner.errors import NotFound
from planner.extensions import db
from planner.models import (
    Introduction,
    Invitation,
    Outcome,
    OutcomeKind,
    Seat,
    SeatedTable,
    SeatingPlan,
)

MAX_INTRO_REQUESTS = 3  # "please introduce me" per guest per dinner
MAX_INTRO_OFFERS = 5  # offers to introduce, per guest per dinner


class IntroductionLimit(PermissionError):
    """The guest has asked for (or offered) as many introductions as a dinner allows."""

    def __init__(self, limit: int):
        super().__init__(limit)
        self.limit = limit


def guard_action(
    actor: Invitation,
    *others: Invitation,
    kind: OutcomeKind | str | None = None,
    target: Invitation | None = None,
) -> None:
    """Refuse an action page unless the dinner was held and `others` sat at the actor's
    table (and `target`, for an offer, at the dinner); NotFound otherwise. Refuse a new
    introduction request or offer past the per-dinner limit with IntroductionLimit."""
    tables = _tables(actor.dinner_id)
    if actor.dinner.held_at is None or actor.id not in tables:
        raise NotFound("invitee")
    # Table-mates: sat at one table in some course (with rotations, tables differ per course).
    if any(not tables.get(other.id, set()) & tables[actor.id] for other in others):
        raise NotFound("invitee")
    if target is not None and target.id not in tables:
        raise NotFound("invitee")
    if kind == OutcomeKind.INTRO_REQUESTED and others:
        _within_limit(_requests(actor, others[0]), MAX_INTRO_REQUESTS)
    if kind == "offer" and others and target is not None:
        _within_limit(_offers(actor, others[0], target), MAX_INTRO_OFFERS)


def _tables(dinner_id: int) -> dict[int, set[int]]:
    rows = db.session.execute(
        select(Seat.invitation_id, SeatedTable.id)
        .join(SeatedTable, Seat.table_id == SeatedTable.id)
        .join(SeatingPlan, SeatedTable.plan_id == SeatingPlan.id)
        .where(SeatingPlan.dinner_id == dinner_id)
    )
    tables: dict[int, set[int]] = {}
    for invitation_id, table_id in rows:
        tables.setdefault(invitation_id, set()).add(table_id)
    return tables


def _within_limit(earlier: int, limit: int) -> None:
    if earlier >= limit:
        raise IntroductionLimit(limit)


def _requests(actor: Invitation, other: Invitation) -> int:
    # Only requests to other people count: re-opening one already made is always fine.
    return db.session.scalar(
        select(func.count(func.distinct(Outcome.other_id))).where(
            Outcome.actor_id == actor.id,
            Outcome.kind == OutcomeKind.INTRO_REQUESTED,
            Outcome.other_id != other.id,
        )
    )


def _offers(introducer: Invitation, seeker: Invitation, target: Invitation) -> int:
    return db.session.scalar(
        select(func.count(Introduction.id)).where(
            Introduction.introducer_id == introducer.id,
            ~((Introduction.seeker_id == seeker.id) & (Introduction.target_id == target.id)),
        )
    )
