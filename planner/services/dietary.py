"""The caterer's view of a dinner: who needs what, for the whole dinner and per table."""

import re
from dataclasses import dataclass

from planner.models import Dinner, Invitation

# Guests write several needs in one line: "vegetarian, no nuts" is two needs for the kitchen.
_SEPARATORS = re.compile(r"[,;/\n]+")


@dataclass(frozen=True)
class DietaryNeed:
    label: str  # as the first guest wrote it
    names: list[str]


@dataclass(frozen=True)
class TableNeeds:
    number: int
    guests: list[tuple[str, str]]  # (name, what they wrote), only guests with needs
    size: int
    course: int | None = None  # set only when guests change tables between courses

    @property
    def label(self) -> str:
        """Name the table as the kitchen serves it: "Table 2", or "Course 3, table 2"."""
        if self.course is None:
            return f"Table {self.number}"
        return f"Course {self.course}, table {self.number}"


@dataclass(frozen=True)
class DietarySummary:
    coming: int
    needs: list[DietaryNeed]  # most common first
    tables: list[TableNeeds]  # empty until the dinner is seated

    @property
    def without_needs(self) -> int:
        """Return how many coming guests named no dietary need."""
        with_needs = {name for need in self.needs for name in need.names}
        return self.coming - len(with_needs)


def needs_of(invitation: Invitation) -> list[str]:
    """Return the separate dietary needs a guest wrote, tidied."""
    text = invitation.profile.dietary if invitation.profile else ""
    return [part.strip() for part in _SEPARATORS.split(text or "") if part.strip()]


def dietary_summary(dinner: Dinner) -> DietarySummary:
    """Group the accepted guests' dietary needs for the dinner, and list them per table."""
    grouped: dict[str, DietaryNeed] = {}
    for guest in dinner.accepted:
        for need in needs_of(guest):
            entry = grouped.setdefault(need.casefold(), DietaryNeed(need, []))
            entry.names.append(guest.name)
    needs = sorted(grouped.values(), key=lambda need: (-len(need.names), need.label.casefold()))
    return DietarySummary(len(dinner.accepted), needs, _tables(dinner))


def _tables(dinner: Dinner) -> list[TableNeeds]:
    plan = dinner.seating_plan
    if plan is None:
        return []
    return [
        TableNeeds(
            table.number,
            [
                (seat.invitation.name, ", ".join(needs_of(seat.invitation)))
                for seat in table.seats
                if needs_of(seat.invitation)
            ],
            len(table.seats),
            table.course if plan.courses > 1 else None,
        )
        for table in plan.tables
    ]
