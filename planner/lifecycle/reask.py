"""The gentle re-ask: a week after follow-up 2, an ask still open goes once more to the
table-mate who could hold the relationship, with "not for me / I don't know anyone" as an
answer, so that a silence turns into a reason; the asker is told what is open and who."""

from dataclasses import dataclass

from sqlalchemy import select

from planner.extensions import db
from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.next_steps import MIN_STRENGTH, answers, best_ask
from planner.lifecycle.outcomes import unserved_asks
from planner.models import Introduction, IntroStatus, Invitation, Outcome, OutcomeKind


@dataclass(frozen=True)
class Hold:
    """An open ask of `asker` that `holder`, at the same table, could serve."""

    asker: Invitation
    ask: str
    holder: Invitation
    knows: bool  # True: the holder knows such people; False: the holder is one


def open_holds(asker: Invitation, seated) -> list[Hold]:
    """Return, per open ask of `asker`, the table-mate best placed to serve it."""
    # An introduction still waiting for a yes is not a silence.
    open_asks = set(unserved_asks(asker)) - _pending(asker)
    declined = _declined(asker)
    me, matrix = seated.index[asker.id], seated.matrix
    best: dict[str, tuple[float, Hold]] = {}
    for mate in seated.mates(asker):
        if mate.unsubscribed_at is not None:
            continue  # we could not ask them again
        m = seated.index[mate.id]
        found, strength = best_ask(matrix, me, m), answers(matrix, me, m)
        if found is None or strength < MIN_STRENGTH:
            continue
        ask, knows = found
        wanted = ask in open_asks and (mate.id, ask) not in declined
        if wanted and (ask not in best or strength > best[ask][0]):
            best[ask] = (strength, Hold(asker, ask, mate, knows))
    return [hold for _, hold in sorted(best.values(), key=lambda pair: -pair[0])]


def _pending(asker: Invitation) -> set[str]:
    """Return the asks of `asker` with an introduction offered and not yet answered."""
    rows = db.session.scalars(
        select(Introduction.ask).where(
            Introduction.seeker_id == asker.id, Introduction.status == IntroStatus.ASKED
        )
    )
    return set(rows)


def _declined(asker: Invitation) -> set[tuple[int, str]]:
    """Return (mate id, ask) for asks a mate already said were not for them."""
    rows = db.session.execute(
        select(Outcome.actor_id, Outcome.ask).where(
            Outcome.other_id == asker.id, Outcome.kind == OutcomeKind.NOT_FOR_ME
        )
    )
    return {(actor_id, ask) for actor_id, ask in rows}


def compose_re_ask(person: Invitation, seated) -> Draft | None:
    """Draft the asker's re-ask: what is still open and who could hold it; None if nothing."""
    if person.id not in seated.index:
        return None
    holds = open_holds(person, seated)
    if not holds:
        return None
    return Draft(
        Kind.RE_ASK,
        f"{seated.dinner.title}: your asks still open, and who could help",
        {"holds": holds},
    )


def compose_re_ask_holder(person: Invitation, seated) -> Draft | None:
    """Draft the ask once more to a table-mate who could serve it; None if nobody's waits."""
    if person.id not in seated.index:
        return None
    holds = [
        hold
        for mate in seated.mates(person)
        for hold in open_holds(mate, seated)
        if hold.holder.id == person.id
    ]
    if not holds:
        return None
    names = " and ".join(sorted({hold.asker.name for hold in holds}))
    return Draft(
        Kind.RE_ASK_HOLDER,
        f"Could you help {names} from {seated.dinner.title}?",
        {"holds": holds},
    )
