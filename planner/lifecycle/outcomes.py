"""Record what came of a dinner and sum it up: per-attendee ledger and per-dinner funnel."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from planner.errors import NotFound
from planner.extensions import db
from planner.models import Dinner, Introduction, IntroStatus, Invitation, Outcome, OutcomeKind


def other_attendee(actor: Invitation, other_id: int) -> Invitation:
    """Return another invitee of the actor's dinner; NotFound for anyone else."""
    other = db.session.get(Invitation, other_id)
    if other is None or other.dinner_id != actor.dinner_id or other.id == actor.id:
        raise NotFound("invitee")
    return other


def asks_of(invitation: Invitation) -> list[str]:
    """Return the invitee's asks, as written in their profile."""
    return list(invitation.profile.asks) if invitation.profile and invitation.profile.asks else []


def outcome_ask(kind: OutcomeKind, actor: Invitation, other: Invitation, ask: str) -> str:
    """Return the ask an outcome is about: the other's (introduced) or the actor's (requested)."""
    owner = {OutcomeKind.INTRODUCED: other, OutcomeKind.INTRO_REQUESTED: actor}.get(kind)
    # Only a real ask of the right person counts; anything else is about the pair only.
    return ask if owner is not None and ask in asks_of(owner) else ""


def find_outcome(actor: Invitation, other: Invitation, kind: OutcomeKind, ask: str):
    """Return the recorded outcome, if any."""
    return db.session.scalar(
        select(Outcome).where(
            Outcome.actor_id == actor.id,
            Outcome.other_id == other.id,
            Outcome.kind == kind,
            Outcome.ask == ask,
        )
    )


def record_outcome(
    actor: Invitation, other: Invitation, kind: OutcomeKind, ask: str, now: datetime
) -> tuple[Outcome, bool]:
    """Record an outcome once (not committed); return it and whether it is new."""
    ask = outcome_ask(kind, actor, other, ask)
    existing = find_outcome(actor, other, kind, ask)
    if existing is not None:
        return existing, False
    outcome = Outcome(
        dinner_id=actor.dinner_id, actor=actor, other=other, kind=kind, ask=ask, created_at=now
    )
    db.session.add(outcome)
    return outcome, True


def _introduced_outcomes(dinner_id: int) -> list[Outcome]:
    return list(
        db.session.scalars(
            select(Outcome).where(
                Outcome.dinner_id == dinner_id, Outcome.kind == OutcomeKind.INTRODUCED
            )
        )
    )


def _made_introductions(dinner_id: int) -> list[Introduction]:
    return list(
        db.session.scalars(
            select(Introduction).where(
                Introduction.dinner_id == dinner_id, Introduction.status == IntroStatus.MADE
            )
        )
    )


def unserved_asks(invitation: Invitation) -> list[str]:
    """Return the invitee's asks nobody has reported serving yet."""
    served = {
        o.ask for o in _introduced_outcomes(invitation.dinner_id) if o.other_id == invitation.id
    }
    served |= {
        i.ask for i in _made_introductions(invitation.dinner_id) if i.seeker_id == invitation.id
    }
    return [ask for ask in asks_of(invitation) if ask not in served]


def helpers_of(invitation: Invitation) -> list[Invitation]:
    """Return the people who introduced the invitee to someone (to thank them)."""
    helpers = [
        o.actor for o in _introduced_outcomes(invitation.dinner_id) if o.other_id == invitation.id
    ]
    for intro in _made_introductions(invitation.dinner_id):
        if intro.seeker_id == invitation.id:
            helpers += [intro.introducer, intro.target]
    return list({helper.id: helper for helper in helpers}.values())


@dataclass(frozen=True)
class LedgerRow:
    invitation: Invitation
    given: int
    received: int


def ledger(dinner: Dinner) -> list[LedgerRow]:
    """Return introductions given vs received per attendee, most generous first."""
    given: dict[int, int] = {}
    received: dict[int, int] = {}
    pairs = [(o.actor_id, o.other_id) for o in _introduced_outcomes(dinner.id)]
    pairs += [(i.introducer_id, i.seeker_id) for i in _made_introductions(dinner.id)]
    for giver, receiver in pairs:
        given[giver] = given.get(giver, 0) + 1
        received[receiver] = received.get(receiver, 0) + 1
    rows = [LedgerRow(i, given.get(i.id, 0), received.get(i.id, 0)) for i in dinner.accepted]
    return sorted(rows, key=lambda row: (-row.given, -row.received, row.invitation.name))


@dataclass(frozen=True)
class Funnel:
    asks: int
    offered: int
    made: int
    booked: int

    def stages(self) -> list[tuple[str, int]]:
        """Return (label, count) per stage, in funnel order."""
        return [
            ("Asks", self.asks),
            ("Intros offered", self.offered),
            ("Intros made", self.made),
            ("1:1s booked", self.booked),
        ]


def funnel(dinner: Dinner) -> Funnel:
    """Return the dinner's asks → introductions offered → made → 1:1s booked."""
    offers = db.session.scalars(select(Introduction).where(Introduction.dinner_id == dinner.id))
    self_reported = len(_introduced_outcomes(dinner.id))
    booked = db.session.scalars(
        select(Outcome).where(Outcome.dinner_id == dinner.id, Outcome.kind == OutcomeKind.BOOKED)
    )
    return Funnel(
        asks=sum(len(asks_of(invitation)) for invitation in dinner.accepted),
        # An introduction reported as made was offered too, just not through us.
        offered=len(list(offers)) + self_reported,
        made=len(_made_introductions(dinner.id)) + self_reported,
        # Both sides may report the same 1:1: count pairs, not clicks.
        booked=len({frozenset((o.actor_id, o.other_id)) for o in booked}),
    )
