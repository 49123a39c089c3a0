"""Record what came of a dinner and sum it up: per-attendee ledger and per-dinner funnel."""

from collections import Counter
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from sqlalchemy import select

from planner.errors import NotFound
from planner.extensions import db
from planner.models import Dinner, Introduction, IntroStatus, Invitation, Outcome, OutcomeKind
from planner.models.outcome import AMOUNT_BANDS


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
    owner = {
        OutcomeKind.INTRODUCED: other,
        OutcomeKind.NOT_FOR_ME: other,
        OutcomeKind.INTRO_REQUESTED: actor,
    }.get(kind)
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


def introductions_of(invitation: Invitation) -> list[tuple[Introduction, Invitation]]:
    """Return the introductions made for the invitee, each with the person they met."""
    return [
        (intro, intro.target if intro.seeker_id == invitation.id else intro.seeker)
        for intro in _made_introductions(invitation.dinner_id)
        if invitation.id in (intro.seeker_id, intro.target_id)
    ]


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


def shared_introduction(actor: Invitation, other: Invitation, intro_id: int | None):
    """Return the introduction that brought actor and other together; NotFound otherwise."""
    if not intro_id:
        return None
    intro = db.session.get(Introduction, intro_id)
    if intro is None or {intro.seeker_id, intro.target_id} != {actor.id, other.id}:
        raise NotFound("introduction")
    return intro


def record_business(
    actor: Invitation,
    other: Invitation,
    introduction: Introduction | None,
    yes: bool,
    band: str,
    now: datetime,
) -> Outcome:
    """Record whether meeting `other` led to business (not committed); the latest answer stands."""
    ask = introduction.ask if introduction is not None else ""
    # "No business yet" may turn into business later, and an amount may be corrected.
    for kind in (OutcomeKind.BUSINESS, OutcomeKind.NO_BUSINESS):
        old = find_outcome(actor, other, kind, ask)
        if old is not None:
            db.session.delete(old)
    db.session.flush()
    outcome = Outcome(
        dinner_id=actor.dinner_id,
        actor=actor,
        other=other,
        kind=OutcomeKind.BUSINESS if yes else OutcomeKind.NO_BUSINESS,
        ask=ask,
        introduction=introduction,
        amount_band=band if yes and band in AMOUNT_BANDS else "",
        created_at=now,
    )
    db.session.add(outcome)
    return outcome


def business_outcomes(dinner_id: int) -> list[Outcome]:
    """Return the business reported for a dinner."""
    return list(
        db.session.scalars(
            select(Outcome).where(
                Outcome.dinner_id == dinner_id, Outcome.kind == OutcomeKind.BUSINESS
            )
        )
    )


@dataclass(frozen=True)
class LedgerRow:
    invitation: Invitation
    given: int
    received: int
    # Business reported from introductions this person gave, and business they reported.
    business_given: int = 0
    business_received: int = 0

    @property
    def name(self) -> str:
        return self.invitation.name

    @property
    def empty(self) -> bool:
        """Tell whether nothing was given, received or done yet."""
        return not (self.given or self.received or self.business_given or self.business_received)


@dataclass(frozen=True)
class Recorded:
    """Everything recorded for one dinner, read once for the funnel and the ledger."""

    outcomes: list[Outcome]
    introductions: list[Introduction]

    def of_kind(self, kind: OutcomeKind) -> list[Outcome]:
        return [o for o in self.outcomes if o.kind == kind]

    @property
    def made(self) -> list[Introduction]:
        return [i for i in self.introductions if i.status == IntroStatus.MADE]

    @cached_property
    def _introducers(self) -> dict[int, int]:
        return {i.id: i.introducer_id for i in self.introductions}

    def introducer_of(self, outcome: Outcome) -> int:
        """Return who gave the introduction an outcome came from."""
        known = self._introducers.get(outcome.introduction_id)
        # Not one of this dinner's introductions: load it.
        return known if known is not None else outcome.introduction.introducer_id


def recorded(dinner: Dinner) -> Recorded:
    """Read the dinner's outcomes and introductions (two queries)."""
    outcomes = db.session.scalars(select(Outcome).where(Outcome.dinner_id == dinner.id))
    introductions = db.session.scalars(
        select(Introduction).where(Introduction.dinner_id == dinner.id)
    )
    return Recorded(list(outcomes), list(introductions))


def ledger(dinner: Dinner, record: Recorded | None = None) -> list[LedgerRow]:
    """Return introductions given vs received per attendee and the business that came of them."""
    record = record or recorded(dinner)
    given: Counter = Counter()
    received: Counter = Counter()
    pairs = [(o.actor_id, o.other_id) for o in record.of_kind(OutcomeKind.INTRODUCED)]
    pairs += [(i.introducer_id, i.seeker_id) for i in record.made]
    for giver, receiver in pairs:
        given[giver] += 1
        received[receiver] += 1
    business = record.of_kind(OutcomeKind.BUSINESS)
    # Both sides may report the same deal: count pairs, not reports.
    from_given = {
        (record.introducer_of(o), o.introduction_id) for o in business if o.introduction_id
    }
    deals = {(o.actor_id, o.other_id) for o in business}
    business_given = Counter(introducer for introducer, _ in from_given)
    business_received = Counter(actor for actor, _ in deals)
    rows = [
        LedgerRow(
            i,
            given[i.id],
            received[i.id],
            business_given[i.id],
            business_received[i.id],
        )
        for i in dinner.accepted
    ]
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


def funnel(dinner: Dinner, record: Recorded | None = None) -> Funnel:
    """Return the dinner's asks → introductions offered → made → 1:1s booked."""
    record = record or recorded(dinner)
    self_reported = len(record.of_kind(OutcomeKind.INTRODUCED))
    booked = record.of_kind(OutcomeKind.BOOKED)
    return Funnel(
        asks=sum(len(asks_of(invitation)) for invitation in dinner.accepted),
        # An introduction reported as made was offered too, just not through us.
        offered=len(record.introductions) + self_reported,
        made=len(record.made) + self_reported,
        # Both sides may report the same 1:1: count pairs, not clicks.
        booked=len({frozenset((o.actor_id, o.other_id)) for o in booked}),
    )


def recorded_by(actor: Invitation) -> set[tuple[int, str]]:
    """Return (other id, kind) for everything the actor has recorded, to show it as done."""
    rows = db.session.execute(
        select(Outcome.other_id, Outcome.kind).where(Outcome.actor_id == actor.id)
    )
    return {(other_id, str(kind)) for other_id, kind in rows}


def not_for_me_answers(asker: Invitation) -> dict[int, list[str]]:
    """Return, per table-mate id, the asker's asks that mate said were not for them."""
    rows = db.session.execute(
        select(Outcome.actor_id, Outcome.ask).where(
            Outcome.other_id == asker.id, Outcome.kind == OutcomeKind.NOT_FOR_ME
        )
    )
    answers: dict[int, list[str]] = {}
    for mate_id, ask in rows:
        answers.setdefault(mate_id, []).append(ask)
    return answers
