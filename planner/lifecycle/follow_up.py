"""After the dinner: follow-up 1 (table-mates, next steps, introductions), follow-up 2 and
the outcome check, composed per seated attendee."""

from dataclasses import dataclass
from functools import cached_property

import numpy as np

from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.outcomes import helpers_of, unserved_asks
from planner.models import Dinner, Invitation
from planner.services.referrals import referral_scores

OFFERS_PER_PERSON = 3


@dataclass(frozen=True)
class Suggestion:
    """A concrete next step for one attendee: an introduction or a 1:1."""

    text: str


@dataclass(frozen=True)
class Offer:
    """An introduction the reader could make: `seeker` (a table-mate) to `target`."""

    seeker: Invitation
    target: Invitation
    target_table: int
    ask: str


class SeatedDinner:
    """Who sat where at a seated dinner, with the referral scores computed on demand."""

    def __init__(self, dinner: Dinner):
        self.dinner = dinner
        # With courses every guest sits once per course; the first course is the seating
        # (table numbers, mates) the follow-up speaks of, and lists each guest once.
        tables = [table for table in dinner.seating_plan.tables if table.course == 1]
        self.table_of = {
            seat.invitation_id: table.number for table in tables for seat in table.seats
        }
        self.seated = [seat.invitation for t in tables for seat in t.seats]
        self.index = {invitation.id: n for n, invitation in enumerate(self.seated)}

    @cached_property
    def matrix(self):
        # Only follow-up 1 needs the scores; later mail must not pay for them every tick.
        return referral_scores(self.seated)

    def mates(self, person: Invitation) -> list[Invitation]:
        """Return the others at the person's table."""
        table = self.table_of.get(person.id)
        return [p for p in self.seated if self.table_of[p.id] == table and p.id != person.id]


def seated_dinner(dinner: Dinner) -> SeatedDinner | None:
    """Return the seating view of a dinner, or None before it is seated."""
    return SeatedDinner(dinner) if dinner.seating_plan is not None else None


def compose_follow_up_1(person: Invitation, seated: SeatedDinner) -> Draft:
    """Draft the next-morning mail: table-mates, next steps and introductions to offer."""
    mates = seated.mates(person)
    return Draft(
        Kind.FOLLOW_UP_1,
        f"Your table at {seated.dinner.title}: who you met and what to do next",
        {
            "table_number": seated.table_of[person.id],
            "mates": mates,
            "suggestions": suggestions_for(person, mates, seated.matrix, seated.index),
            "offers": offers_for(person, mates, seated),
        },
    )


def compose_follow_up_2(person: Invitation, seated: SeatedDinner) -> Draft | None:
    """Draft the +7 days mail about unserved asks (and thanks); None when there is none."""
    unserved, helpers = unserved_asks(person), helpers_of(person)
    if not unserved and not helpers:
        return None
    return Draft(
        Kind.FOLLOW_UP_2,
        f"{seated.dinner.title}: one week on",
        {"unserved": unserved, "helpers": helpers, "mates": seated.mates(person)},
    )


def compose_outcome_check(person: Invitation, seated: SeatedDinner) -> Draft:
    """Draft the +N weeks mail asking what came of each table-mate."""
    return Draft(
        Kind.OUTCOME_CHECK,
        f"{seated.dinner.title}: did anything come of it?",
        {"mates": seated.mates(person)},
    )


def suggestions_for(
    person: Invitation, others: list[Invitation], matrix, index: dict[int, int]
) -> list[Suggestion]:
    """Return at least one concrete introduction or 1:1 for `person` among `others`."""
    me = index[person.id]
    candidates = [index[other.id] for other in others]
    by_index = {index[other.id]: other for other in others}
    suggestions = []
    # Who answers my asks: book a 1:1 with them.
    for j, reason in matrix.best_introductions(me, candidates, k=1):
        suggestions.append(Suggestion(f"Book a 1:1 with {by_index[j].name}: {reason}"))
    # Whose asks do I answer: offer them an introduction.
    helped = sorted(candidates, key=lambda j: -matrix.help[j, me])
    if helped and matrix.help[helped[0], me] > 0:
        other = by_index[helped[0]]
        asks = (other.profile.asks if other.profile else None) or ["an introduction"]
        suggestions.append(
            Suggestion(f"{other.name} asked for “{asks[0]}”: could you introduce someone?")
        )
    if not suggestions and candidates:
        best = max(candidates, key=lambda j: matrix.scores[me, j])
        suggestions.append(
            Suggestion(f"Book a 30-minute 1:1 with {by_index[best].name} to swap referral needs.")
        )
    return suggestions


def offers_for(person: Invitation, mates: list[Invitation], seated: SeatedDinner) -> list[Offer]:
    """Return introductions the person could broker: a table-mate to someone from another table."""
    matrix, index = seated.matrix, seated.index
    offers = []
    for mate in mates:
        m = index[mate.id]
        # Table-mates already met; the value is in someone they did not sit with.
        strangers = [
            index[p.id]
            for p in seated.seated
            if p.id != person.id and seated.table_of[p.id] != seated.table_of[mate.id]
        ]
        if not strangers:
            continue
        t = max(strangers, key=lambda j: matrix.help[m, j])
        ask = _best_ask(matrix, m, t)
        if matrix.help[m, t] > 0 and ask:
            target = seated.seated[t]
            offers.append((matrix.help[m, t], Offer(mate, target, seated.table_of[target.id], ask)))
    offers.sort(key=lambda pair: -pair[0])
    return [offer for _, offer in offers[:OFFERS_PER_PERSON]]


def _best_ask(matrix, i: int, j: int) -> str | None:
    """Return the ask of person i that person j answers best."""
    features = matrix.features
    own = np.flatnonzero(features.ask_owner == i)
    if own.size == 0:
        return None
    evidence = np.clip(matrix.evidence[:, own, j], 0, 1)
    strength = 1.0 - np.prod(1.0 - evidence, axis=0)
    return str(features.ask_text[own[int(strength.argmax())]])
