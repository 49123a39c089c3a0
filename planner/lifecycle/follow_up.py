"""After the dinner: follow-up 1 (next steps first, then the table), follow-up 2 and the
outcome check, composed per seated attendee."""

from functools import cached_property

from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.next_steps import next_steps
from planner.lifecycle.outcomes import helpers_of, introductions_of, unserved_asks
from planner.models import Dinner, Invitation
from planner.services.referrals import referral_scores


class SeatedDinner:
    """Who sat where at a seated dinner, with the referral scores computed on demand."""

    def __init__(self, dinner: Dinner):
        self.dinner = dinner
        # With courses every guest sits once per course: the first course lists each guest
        # once and gives the table number named for someone at another table; table-mates are
        # everyone a guest sat with in any course.
        plan = dinner.seating_plan
        first = plan.course_tables(1)
        self.table_of = {
            seat.invitation_id: table.number for table in first for seat in table.seats
        }
        self.seated = [seat.invitation for t in first for seat in t.seats]
        self.index = {invitation.id: n for n, invitation in enumerate(self.seated)}
        self._places = plan.places()  # guest -> [(course, table number)]

    @cached_property
    def matrix(self):
        # Only follow-up 1 needs the scores; later mail must not pay for them every tick.
        return referral_scores(self.seated)

    def mates(self, person: Invitation) -> list[Invitation]:
        """Return everyone who sat at a table with the person, in any course, each once."""
        mine = set(self._places.get(person.id, []))
        return [
            p for p in self.seated if p.id != person.id and not mine.isdisjoint(self._places[p.id])
        ]

    def where(self, person: Invitation) -> str:
        """Say where the person sat: "at table 3", or "at tables 1, 3 and 2" with courses."""
        numbers = [str(number) for _, number in self._places.get(person.id, [])]
        if len(numbers) <= 1:
            return f"at table {''.join(numbers)}"
        return f"at tables {', '.join(numbers[:-1])} and {numbers[-1]}"

    def shared_ground(self, person: Invitation) -> list[str]:
        """Return "you and Ana both mention sailing" lines for the person's table-mates."""
        if person.id not in self.index:
            return []
        me = self.index[person.id]
        lines = []
        for mate in self.mates(person):
            topic = self.matrix.shared_interest(me, self.index[mate.id])
            if topic:
                lines.append(f"you and {mate.name} both mention {topic} outside work")
        return lines


def seated_dinner(dinner: Dinner) -> SeatedDinner | None:
    """Return the seating view of a dinner, or None before it is seated."""
    return SeatedDinner(dinner) if dinner.seating_plan is not None else None


def compose_follow_up_1(person: Invitation, seated: SeatedDinner) -> Draft:
    """Draft the next-morning mail: three next steps first, then the table in brief."""
    return Draft(
        Kind.FOLLOW_UP_1,
        f"Your table at {seated.dinner.title}: who you met and what to do next",
        {
            "where": seated.where(person),
            "mates": seated.mates(person),
            "steps": next_steps(person, seated),
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
        {"unserved": unserved, "helpers": helpers},
    )


def compose_outcome_check(person: Invitation, seated: SeatedDinner) -> Draft:
    """Draft the +N weeks mail: did an introduction or a table-mate lead to business?"""
    return Draft(
        Kind.OUTCOME_CHECK,
        f"{seated.dinner.title}: did anything come of it?",
        {"mates": seated.mates(person), "introductions": introductions_of(person)},
    )
