"""Render any lifecycle email of a dinner for the organiser, changing nothing."""

from dataclasses import dataclass

from planner.mail.render import RenderedEmail
from planner.models import Dinner, Invitation
from planner.services.access import Links
from planner.services.follow_up import (
    compose_follow_up_1,
    compose_follow_up_2,
    compose_outcome_check,
    seated_dinner,
)
from planner.services.lifecycle import (
    compose_day_note,
    compose_invitation,
    compose_reminder,
    compose_rsvp_confirmation,
    preview_email,
)

PREVIEW_KINDS = {
    "invitation": "Invitation",
    "rsvp_confirmation": "RSVP confirmation",
    "reminder": "Reminder",
    "day_note": "Dinner-day note",
    "follow_up_1": "Follow-up 1",
    "follow_up_2": "Follow-up 2",
    "outcome_check": "Outcome check",
}
_AFTER_DINNER = {
    "follow_up_1": compose_follow_up_1,
    "follow_up_2": compose_follow_up_2,
    "outcome_check": compose_outcome_check,
}


@dataclass(frozen=True)
class Preview:
    recipient: Invitation | None
    email: RenderedEmail | None
    note: str = ""


def preview(dinner: Dinner, kind: str) -> Preview:
    """Return `kind` as one real guest would get it, or why there is nothing to show yet."""
    if kind in _AFTER_DINNER:
        seated = seated_dinner(dinner)
        if seated is None or not seated.seated:
            return Preview(None, None, "Follow-ups can be previewed once tables are seated.")
        person = seated.seated[0]
        draft = _AFTER_DINNER[kind](person, seated)
        if draft is None:
            return Preview(person, None, f"{person.name} would not get this email: nothing to say.")
        return Preview(person, preview_email(person, draft))
    people = dinner.accepted or dinner.invitations
    if not people:
        return Preview(None, None, "Invite a guest first: previews use a real guest's details.")
    person = people[0]
    links = Links(person, preview=True)
    drafts = {
        "invitation": lambda: compose_invitation(person, links.rsvp()),
        "rsvp_confirmation": lambda: compose_rsvp_confirmation(person, links),
        "reminder": lambda: compose_reminder(person, links),
        "day_note": lambda: compose_day_note(person, links),
    }
    return Preview(person, preview_email(person, drafts[kind]()))
