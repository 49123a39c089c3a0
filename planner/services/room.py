"""Turn a dinner's stored seating into the printables' RoomPlan (plain Python, no Flask)."""

from sqlalchemy import select
from sqlalchemy.orm import selectinload

from planner.extensions import db
from planner.mail.render import local_time
from planner.matching import ScoreMatrix
from planner.models import Dinner, Invitation, Seat, SeatedTable, SeatingPlan
from planner.printables import RoomGuest, RoomPlan, RoomTable
from planner.services.profiles import ProfileData
from planner.services.referrals import referral_scores

# A helper named on the host card must answer the ask clearly; weaker links only add noise.
MIN_HELP = 0.3
HELPERS_PER_GUEST = 2
STARTERS_PER_TABLE = 3  # a host card has room for a few openers, not every shared hobby
WHEN_FORMAT = "%A %d %B %Y, %H:%M %Z"
ONE_COURSE = "Dinner"


class NotSeated(LookupError):
    """The dinner has no seating yet, so there is nothing to print for the room."""


def room_plan(dinner: Dinner) -> RoomPlan:
    """Return the dinner's seating as the room sees it; raise NotSeated when there is none."""
    tables = seated_tables(dinner.seating_plan) if dinner.seating_plan is not None else []
    if not tables:
        raise NotSeated("No seating yet: press “Seat tables” first, then print for the room.")
    seated = seated_guests(tables)
    matrix = referral_scores(seated)
    index = {invitation.id: n for n, invitation in enumerate(seated)}
    hosts = host_ids(dinner)
    guests = [room_guest(invitation, invitation.id in hosts) for invitation in seated]
    courses: dict[int, list[RoomTable]] = {}
    for table in tables:
        course, name = course_and_name(table)
        members = [index[seat.invitation_id] for seat in table.seats]
        room_table = RoomTable(
            number=table.number,
            name=name,
            guests=tuple(guests[member] for member in members),
            answers=table_answers(matrix, members, [guest.key for guest in guests]),
            starters=table_starters(matrix, members),
        )
        courses.setdefault(course, []).append(room_table)
    return RoomPlan(
        dinner_title=dinner.title,
        when_text=local_time(dinner.starts_at, dinner, WHEN_FORMAT),
        venue=dinner.venue,
        courses=tuple(
            (course_name(course, len(courses)), tuple(courses[course]))
            for course in sorted(courses)
        ),
    )


def seated_tables(plan: SeatingPlan) -> list[SeatedTable]:
    """Return the plan's tables with their seats, guests and profiles loaded in four queries."""
    guests = selectinload(SeatedTable.seats).selectinload(Seat.invitation)
    return list(
        db.session.scalars(
            select(SeatedTable)
            .where(SeatedTable.plan_id == plan.id)
            .order_by(SeatedTable.number)
            .options(guests.selectinload(Invitation.profile))
        )
    )


def course_and_name(table: SeatedTable) -> tuple[int, str | None]:
    """Return the table's course and name (1 and None until the chart stores them)."""
    return getattr(table, "course", 1) or 1, getattr(table, "name", None) or None


def course_name(course: int, course_count: int) -> str:
    """Return the heading of a course: "Dinner" when there is only one."""
    return ONE_COURSE if course_count == 1 else f"Course {course}"


def seated_guests(tables: list[SeatedTable]) -> list[Invitation]:
    """Return every seated invitation once (guests sit once per course), in seating order."""
    by_id = {seat.invitation_id: seat.invitation for table in tables for seat in table.seats}
    return list(by_id.values())


def host_ids(dinner: Dinner) -> set[int]:
    """Return the invitation ids the organiser named as hosts in the seating rules."""
    return {
        invitation_id
        for rule in dinner.seating_rules
        if rule.kind == "host"
        for invitation_id in rule.invitation_ids
    }


def room_guest(invitation: Invitation, is_host: bool) -> RoomGuest:
    """Return what the room shows of one guest: who they are, what they do and ask."""
    profile = ProfileData.from_row(invitation.profile) if invitation.profile else ProfileData()
    return RoomGuest(
        name=profile.name or invitation.name,
        company=profile.company,
        role=profile.role,
        looking_for=profile.asks[0] if profile.asks else "",
        does=profile.does,
        ask="; ".join(profile.asks),
        can_introduce=", ".join(profile.can_introduce_lines),
        is_host=is_host,
        key=str(invitation.id),
    )


def table_answers(
    matrix: ScoreMatrix, members: list[int], keys: list[str]
) -> tuple[tuple[str, str, str], ...]:
    """Return (asker key, helper key, ask) for the strongest helpers of each asker at a table."""
    answers = []
    for asker in members:
        helpers = [h for h in members if h != asker and matrix.help[asker, h] >= MIN_HELP]
        helpers.sort(key=lambda helper: -matrix.help[asker, helper])
        for helper in helpers[:HELPERS_PER_GUEST]:
            ask = matrix.best_ask(asker, helper)
            if ask:
                answers.append((keys[asker], keys[helper], ask))
    return tuple(answers)


def table_starters(matrix: ScoreMatrix, members: list[int]) -> tuple[str, ...]:
    """Return up to a few lines on what guests at a table share outside work."""
    pairs = [(a, b) for n, a in enumerate(members) for b in members[n + 1 :]]
    lines = (matrix.conversation_starter(a, b) for a, b in pairs)
    return tuple(line for line in lines if line)[:STARTERS_PER_TABLE]
