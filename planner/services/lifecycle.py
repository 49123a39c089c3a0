"""Lifecycle mail for one invitee: compose a draft, render it (or preview it), queue it."""

from dataclasses import dataclass, field
from datetime import datetime

from planner.mail.calendar import dinner_ics
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail, render_email
from planner.mail.sender import FOLLOW_UP_SERIES
from planner.models import Invitation, OutboxMessage
from planner.services.access import Links


@dataclass(frozen=True)
class Draft:
    """What to say to one invitee: template name (= mail kind), subject and context."""

    kind: str
    subject: str
    context: dict = field(default_factory=dict)
    with_ics: bool = False


def render_draft(invitation: Invitation, draft: Draft, links: Links):
    """Return the rendered email and extra headers for `draft` addressed to `invitation`."""
    context = dict(draft.context)
    headers = None
    if draft.kind in FOLLOW_UP_SERIES:
        url = links.unsubscribe()
        # RFC 8058: mail clients may POST to this URL with no further interaction.
        headers = {
            "List-Unsubscribe": f"<{url}>",
            "List-Unsubscribe-Post": "List-Unsubscribe=One-Click",
        }
        context["unsubscribe_url"] = url
    email = render_email(
        draft.kind,
        subject=draft.subject,
        dinner=invitation.dinner,
        person=invitation,
        links=links,
        **context,
    )
    return email, headers


def queue_draft(
    invitation: Invitation,
    draft: Draft,
    key: str,
    links: Links | None = None,
    due_at: datetime | None = None,
) -> OutboxMessage:
    """Render `draft` with working links and put it in the outbox (not committed)."""
    links = links or Links(invitation)
    email, headers = render_draft(invitation, draft, links)
    ics = dinner_ics(invitation.dinner, draft.context["link"]) if draft.with_ics else None
    return queue_email(
        key=key,
        kind=draft.kind,
        to=invitation.email,
        email=email,
        dinner_id=invitation.dinner_id,
        invitation_id=invitation.id,
        headers=headers,
        due_at=due_at,
        ics=ics,
    )


def preview_email(invitation: Invitation, draft: Draft) -> RenderedEmail:
    """Render `draft` for the organiser's preview, with links that open nothing."""
    return render_draft(invitation, draft, Links(invitation, preview=True))[0]


def compose_invitation(invitation: Invitation, link: str) -> Draft:
    """Draft the invitation: when, where, the personal RSVP link and an .ics."""
    return Draft(
        "invitation", f"You're invited: {invitation.dinner.title}", {"link": link}, with_ics=True
    )


def compose_rsvp_confirmation(invitation: Invitation, links: Links) -> Draft:
    """Draft the confirmation of an answer, with the details they gave."""
    title = invitation.dinner.title
    attending = invitation.status == "accepted"
    subject = f"You're coming to {title}" if attending else f"Your answer for {title}"
    return Draft(
        "rsvp_confirmation",
        subject,
        {"link": links.rsvp(), "attending": attending},
        with_ics=attending,
    )


def compose_reminder(invitation: Invitation, links: Links) -> Draft:
    """Draft the reminder to answer before the RSVP deadline."""
    return Draft(
        "reminder",
        f"Please answer by the deadline: {invitation.dinner.title}",
        {"link": links.rsvp()},
    )


def compose_day_note(invitation: Invitation, links: Links) -> Draft:
    """Draft the dinner-day note with the guest's table number."""
    return Draft(
        "day_note",
        f"Tonight: {invitation.dinner.title}",
        {"table_number": table_number_of(invitation)},
    )


def table_number_of(invitation: Invitation) -> int | None:
    """Return the invitee's table number in the dinner's seating plan, if seated."""
    plan = invitation.dinner.seating_plan
    if plan is None:
        return None
    for table in plan.tables:
        if any(seat.invitation_id == invitation.id for seat in table.seats):
            return table.number
    return None
