"""After the dinner: one structured follow-up email per seated attendee."""

from dataclasses import dataclass
from datetime import datetime

from planner.mail.outbox import queue_email
from planner.mail.render import render_email
from planner.models import Dinner, Invitation
from planner.services.referrals import referral_scores


@dataclass(frozen=True)
class Suggestion:
    """A concrete next step for one attendee: an introduction or a 1:1."""

    text: str


def mark_held(dinner: Dinner, now: datetime) -> int:
    """Mark the dinner as held and queue follow-up mail; return how many were queued."""
    if dinner.held_at is None:
        dinner.held_at = now
    plan = dinner.seating_plan
    if plan is None:
        return 0
    seated = [seat.invitation for table in plan.tables for seat in table.seats]
    matrix = referral_scores(seated)
    index = {invitation.id: n for n, invitation in enumerate(seated)}
    queued = 0
    for table in plan.tables:
        mates = [seat.invitation for seat in table.seats]
        for person in mates:
            _queue_follow_up(dinner, table.number, person, mates, matrix, index)
            queued += 1
    return queued


def _queue_follow_up(dinner, table_number, person, mates, matrix, index) -> None:
    others = [mate for mate in mates if mate.id != person.id]
    queue_email(
        key=f"follow_up_1:{person.id}",
        kind="follow_up_1",
        to=person.email,
        dinner_id=dinner.id,
        email=render_email(
            "follow_up",
            subject=f"Your table at {dinner.title}: who you met and what to do next",
            dinner=dinner,
            person=person,
            table_number=table_number,
            mates=others,
            suggestions=suggestions_for(person, others, matrix, index),
        ),
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
