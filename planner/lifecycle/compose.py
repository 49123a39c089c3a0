"""Composers of the mail before and on the day of the dinner, one invitee at a time."""

from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.tokens import Links
from planner.models import Invitation, RsvpStatus


def compose_invitation(invitation: Invitation, links: Links) -> Draft:
    """Draft the invitation: when, where, the personal RSVP link and an .ics."""
    return Draft(
        Kind.INVITATION, f"You're invited: {invitation.dinner.title}", {"link": links.rsvp()}
    )


def compose_rsvp_confirmation(invitation: Invitation, links: Links) -> Draft:
    """Draft the confirmation of an answer, with the details they gave."""
    title = invitation.dinner.title
    attending = invitation.status == RsvpStatus.ACCEPTED
    subject = f"You're coming to {title}" if attending else f"Your answer for {title}"
    return Draft(Kind.RSVP_CONFIRMATION, subject, {"link": links.rsvp(), "attending": attending})


def compose_reminder(invitation: Invitation, links: Links) -> Draft:
    """Draft the reminder to answer before the RSVP deadline."""
    return Draft(
        Kind.REMINDER,
        f"Please answer by the deadline: {invitation.dinner.title}",
        {"link": links.rsvp()},
    )


def compose_waitlist_closed(invitation: Invitation, links: Links) -> Draft:
    """Draft the note to a guest still waiting when no more seats can be offered."""
    return Draft(Kind.WAITLIST_CLOSED, f"No seat came free: {invitation.dinner.title}")


def compose_day_note(invitation: Invitation, shared_ground: list[str]) -> Draft:
    """Draft the dinner-day note: the guest's table and what they share with a table-mate."""
    return Draft(
        Kind.DAY_NOTE,
        f"Tonight: {invitation.dinner.title}",
        {"your_tables": your_tables(tables_of(invitation)), "shared_ground": shared_ground},
    )


COURSE_NAMES = {1: "Starter", 2: "Main course", 3: "Dessert"}


def course_name(course: int) -> str:
    """Name a course as guests are told it: "Starter", "Main course", "Dessert", "Course 4"."""
    return COURSE_NAMES.get(course, f"Course {course}")


def your_tables(tables: list[tuple[int, int]]) -> str:
    """Say where the guest sits: "Your table: 3", or each course's table when guests rotate."""
    if not tables:
        return ""
    if len(tables) == 1:
        return f"Your table: {tables[0][1]}"
    courses = ", ".join(
        f"{course_name(course).lower()} at table {number}" for course, number in tables
    )
    return f"Your tables: {courses} (you move at each course)"


def tables_of(invitation: Invitation) -> list[tuple[int, int]]:
    """Return (course, table number) of each course the invitee is seated in; [] if not seated."""
    plan = invitation.dinner.seating_plan
    return plan.places().get(invitation.id, []) if plan is not None else []
