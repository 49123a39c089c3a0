"""The plain, frozen input every printable is drawn from (no Flask, no SQLAlchemy)."""

from __future__ import annotations

import unicodedata
from collections import Counter
from dataclasses import dataclass, field

MAX_COURSES = 3

# Letters that Unicode does not decompose into a base letter plus a mark, folded by hand so
# "Łukasz" sorts with L and "Øster" with O whatever the machine's locale.
_UNDECOMPOSED = str.maketrans(
    {
        "ł": "l",
        "ø": "o",
        "đ": "d",
        "ð": "d",
        "ħ": "h",
        "ı": "i",
        "ŧ": "t",
        "æ": "ae",
        "œ": "oe",
        "þ": "th",
    }
)


class PrintablesError(ValueError):
    """The plan handed to a printable is inconsistent; the message says what to fix."""


@dataclass(frozen=True)
class RoomGuest:
    """One seated guest as the room sees them."""

    name: str
    company: str = ""
    role: str = ""
    looking_for: str = ""
    does: str = ""
    ask: str = ""
    can_introduce: str = ""
    is_host: bool = False
    # Identifies the guest across courses and in RoomTable.answers; the name when left empty.
    key: str = ""

    def __post_init__(self) -> None:
        if not self.name.strip():
            raise PrintablesError("A guest has no name; every seated guest needs one to print.")

    @property
    def ref(self) -> str:
        """Return the identifier answers and courses use for this guest."""
        return self.key or self.name


@dataclass(frozen=True)
class RoomTable:
    """One table in one course: its guests in seat order and who may answer whose ask."""

    number: int
    name: str | None = None
    guests: tuple[RoomGuest, ...] = ()
    # (asker ref, helper ref, the ask the helper may answer), both guests at this table.
    answers: tuple[tuple[str, str, str], ...] = ()
    # Lines about what guests at this table share outside work, for the host to open with.
    starters: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        refs = [guest.ref for guest in self.guests]
        doubled = _doubled(refs)
        if doubled:
            raise PrintablesError(f"Table {self.number} seats {', '.join(doubled)} twice.")
        strangers = sorted(
            {ref for answer in self.answers for ref in answer[:2] if ref not in refs}
        )
        if strangers:
            raise PrintablesError(
                f"Table {self.number} has answers for guests not at it: {', '.join(strangers)}."
            )

    @property
    def label(self) -> str:
        """Return "7" or "7 · Garden" for headings and lists."""
        return f"{self.number} · {self.name}" if self.name else str(self.number)

    def helpers_for(self, guest: RoomGuest) -> list[tuple[RoomGuest, str]]:
        """Return the guests at this table who may answer `guest`'s ask, with what they answer."""
        by_ref = {other.ref: other for other in self.guests}
        return [(by_ref[helper], ask) for asker, helper, ask in self.answers if asker == guest.ref]


@dataclass(frozen=True)
class RoomPlan:
    """A dinner's seating for the room: one to three courses, each a tuple of tables."""

    dinner_title: str
    when_text: str = ""
    venue: str = ""
    courses: tuple[tuple[str, tuple[RoomTable, ...]], ...] = field(default=())

    def __post_init__(self) -> None:
        if not 1 <= len(self.courses) <= MAX_COURSES:
            raise PrintablesError(
                f"A plan has 1 to {MAX_COURSES} courses; this one has {len(self.courses)}."
            )
        for course_name, tables in self.courses:
            _check_course(course_name, tables)

    @property
    def course_names(self) -> list[str]:
        """Return the course names in serving order."""
        return [course_name for course_name, _ in self.courses]

    def guests(self) -> list[RoomGuest]:
        """Return every guest seated in any course, once, sorted A-Z by surname."""
        seen: dict[str, RoomGuest] = {}
        for _, tables in self.courses:
            for table in tables:
                for guest in table.guests:
                    seen.setdefault(guest.ref, guest)
        return sorted(seen.values(), key=alphabetical_key)

    def tables_of(self, guest: RoomGuest) -> list[RoomTable | None]:
        """Return the guest's table in each course (None where not seated in that course)."""
        return [_table_seating(tables, guest.ref) for _, tables in self.courses]


def _check_course(course_name: str, tables: tuple[RoomTable, ...]) -> None:
    numbers = [table.number for table in tables]
    if len(set(numbers)) != len(numbers):
        raise PrintablesError(f"{course_name}: two tables share a number.")
    doubled = _doubled([guest.ref for table in tables for guest in table.guests])
    if doubled:
        raise PrintablesError(f"{course_name}: {', '.join(doubled)} sit at two tables.")


def _doubled(refs: list[str]) -> list[str]:
    return sorted(ref for ref, count in Counter(refs).items() if count > 1)


def _table_seating(tables: tuple[RoomTable, ...], ref: str) -> RoomTable | None:
    for table in tables:
        if any(guest.ref == ref for guest in table.guests):
            return table
    return None


def fold(text: str) -> str:
    """Return `text` without accents or case, for ordering independent of locale."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    bare = "".join(char for char in decomposed if not unicodedata.combining(char))
    return bare.translate(_UNDECOMPOSED)


def alphabetical_key(guest: RoomGuest) -> tuple[str, str, str]:
    """Sort by surname (the name's last word), then the whole name, accents folded."""
    words = guest.name.split()
    surname = words[-1] if words else ""
    return fold(surname), fold(guest.name), guest.name
