"""What the organiser does to a whole dinner, and the mail guests get because of it.

Each action is allowed only where `dinner_states.allowed_actions` says so; the same rule that
greys out a button refuses the POST here (`ActionRefused`, with the reason in words).
"""

import hashlib
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import delete, func, select, update

from planner.extensions import db
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.registry import spec
from planner.lifecycle.scheduler import Timing, mark_held
from planner.lifecycle.tokens import Links
from planner.lifecycle.waitlist import offer_free_seats
from planner.models import (
    Dinner,
    Invitation,
    MailStatus,
    OutboxMessage,
    RsvpStatus,
)
from planner.models._cascade import delete_with_dependents
from planner.services.dinner_states import (
    Action,
    Allowed,
    Change,
    DinnerFacts,
    DinnerState,
    allowed_actions,
    changes_to_mail,
    dinner_state,
    validate_dinner_edit,
)
from planner.services.dinners import DinnerDetails, DinnerInvalid, apply_details, details_of
from planner.settings import Settings


class ActionRefused(RuntimeError):
    """The organiser may not do this to the dinner now; the message says why."""


# --- State and what is allowed ---------------------------------------------------------------


def live_invitations(dinner: Dinner) -> list[Invitation]:
    """Return the guests still invited: everyone who has not declined or been removed."""
    gone = (RsvpStatus.DECLINED, RsvpStatus.REMOVED)
    return [i for i in dinner.invitations if i.status not in gone]


def first_follow_up_sent_at(dinner: Dinner) -> datetime | None:
    """Return when the first follow-up mail of the dinner went out, if one has."""
    return db.session.scalar(
        select(func.min(OutboxMessage.sent_at)).where(
            OutboxMessage.dinner_id == dinner.id,
            OutboxMessage.kind == Kind.FOLLOW_UP_1.value,
            OutboxMessage.status == MailStatus.SENT,
        )
    )


def dinner_facts(dinner: Dinner) -> DinnerFacts:
    """Read the facts the lifecycle rules decide from."""
    return DinnerFacts(
        starts_at=dinner.starts_at,
        timezone=dinner.timezone,
        rsvp_deadline=dinner.rsvp_deadline,
        min_table_size=dinner.min_table_size,
        invited=len(live_invitations(dinner)),
        accepted=len(dinner.accepted),
        seated=dinner.seating_plan is not None,
        held_at=dinner.held_at,
        # Only a held dinner's rules read it (undo "held" until the first follow-up went out):
        # no query for the dinners not held yet, which are most of those organisers look at.
        first_follow_up_sent_at=first_follow_up_sent_at(dinner)
        if dinner.held_at is not None
        else None,
        closed_at=dinner.closed_at,
        cancelled_at=dinner.cancelled_at,
    )


def state_of(dinner: Dinner) -> DinnerState:
    """Return the state the dinner is in."""
    return dinner_state(dinner_facts(dinner))


def actions_for(dinner: Dinner, now: datetime) -> dict[Action, Allowed]:
    """Return every action with whether it is allowed now, why not, and what to confirm."""
    return allowed_actions(dinner_facts(dinner), now)


def state_and_actions(dinner: Dinner, now: datetime) -> tuple[DinnerState, dict[Action, Allowed]]:
    """Return the dinner's state and every action's verdict, from one reading of its facts."""
    facts = dinner_facts(dinner)
    return dinner_state(facts), allowed_actions(facts, now)


def require(dinner: Dinner, action: Action, now: datetime) -> Allowed:
    """Return the action's verdict when allowed; raise ActionRefused with the reason if not."""
    verdict = actions_for(dinner, now)[action]
    if not verdict.ok:
        raise ActionRefused(verdict.reason)
    return verdict


# --- Held, undo, close ------------------------------------------------------------------------


def hold_dinner(dinner: Dinner, now: datetime, settings: Settings) -> Timing:
    """Mark the dinner held (only after its start) and schedule its follow-ups (not committed)."""
    require(dinner, Action.MARK_HELD, now)
    return mark_held(dinner, now, settings)


def undo_held(dinner: Dinner, now: datetime) -> int:
    """Take back "held" before any follow-up went out; drop the follow-ups queued so far."""
    require(dinner, Action.UNDO_HELD, now)
    dinner.held_at = None
    # Deleted, not cancelled: their idempotency keys must be free when it is marked held again.
    after_dinner = [kind.value for kind in Kind if spec(kind).after_dinner]
    result = db.session.execute(
        delete(OutboxMessage).where(
            OutboxMessage.dinner_id == dinner.id,
            OutboxMessage.kind.in_(after_dinner),
            OutboxMessage.status == MailStatus.QUEUED,
        )
    )
    return result.rowcount


def close_dinner(dinner: Dinner, now: datetime) -> int:
    """Close a held dinner: mail not yet sent is cancelled and no more is scheduled."""
    require(dinner, Action.CLOSE, now)
    dinner.closed_at = now
    return _cancel_queued_mail(dinner, "the dinner was closed")


def _cancel_queued_mail(dinner: Dinner, why: str) -> int:
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.dinner_id == dinner.id, OutboxMessage.status == MailStatus.QUEUED)
        .values(status=MailStatus.CANCELLED, last_error=why)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


# --- Edit -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class EditPlan:
    """What saving an edit would do: the changes guests hear about, and who hears."""

    changes: list[Change]
    recipients: list[Invitation]


def plan_edit(dinner: Dinner, details: DinnerDetails, now: datetime) -> EditPlan:
    """Check an edit and say who would be mailed; raise DinnerInvalid or ActionRefused."""
    require(dinner, Action.EDIT, now)
    before = details_of(dinner)
    errors = validate_dinner_edit(details, now, before, accepted=len(dinner.accepted))
    if errors:
        raise DinnerInvalid(errors)
    changes = changes_to_mail(before, details)
    return EditPlan(changes, update_recipients(dinner) if changes else [])


def update_recipients(dinner: Dinner) -> list[Invitation]:
    """Return who is told about a change of date, time or venue: accepted and pending guests."""
    return live_invitations(dinner)


def edit_dinner(dinner: Dinner, details: DinnerDetails, now: datetime, base_url: str) -> EditPlan:
    """Save an edit and mail the update with a newer .ics to who must know (not committed)."""
    plan = plan_edit(dinner, details, now)
    apply_details(dinner, details)
    offer_free_seats(dinner, now, base_url)  # a higher capacity frees seats for the waitlist
    if plan.changes:
        dinner.ics_sequence += 1
    for person in plan.recipients:
        links = Links(person, base_url)
        draft = Draft(
            Kind.DINNER_UPDATE,
            f"Changed: {dinner.title}",
            {"link": links.rsvp(), "changes": plan.changes},
        )
        key = f"dinner_update:{person.id}:{dinner.ics_sequence}"
        queue_draft(person, draft, key=key, links=links)
    return plan


# --- Cancel and delete ------------------------------------------------------------------------


def cancel_recipients(dinner: Dinner) -> list[Invitation]:
    """Return who is told of a cancellation: everyone invited who has not declined."""
    return live_invitations(dinner)


def cancel_dinner(dinner: Dinner, now: datetime, base_url: str) -> int:
    """Cancel the dinner: stop its mail, send each guest a METHOD:CANCEL .ics (not committed)."""
    require(dinner, Action.CANCEL, now)
    _cancel_queued_mail(dinner, "the dinner was cancelled")
    dinner.cancelled_at = now
    dinner.ics_sequence += 1
    recipients = cancel_recipients(dinner)
    for person in recipients:
        links = Links(person, base_url)
        draft = Draft(Kind.DINNER_CANCELLED, f"Cancelled: {dinner.title}", {"link": links.rsvp()})
        queue_draft(person, draft, key=f"dinner_cancelled:{person.id}", links=links)
    return len(recipients)


def delete_dinner(dinner: Dinner, now: datetime) -> None:
    """Delete the dinner and everything hanging off it (not committed)."""
    require(dinner, Action.DELETE, now)
    db.session.expunge(dinner)
    table = Dinner.__table__
    delete_with_dependents(table, table.c.id == dinner.id)


# --- Message guests ---------------------------------------------------------------------------

NOTE_AUDIENCES = {
    "all": "Everyone invited who has not declined",
    "accepted": "Guests who accepted",
    "pending": "Guests who have not answered",
}


def note_recipients(dinner: Dinner, audience: str) -> list[Invitation]:
    """Return who gets a note sent to `audience` (a key of NOTE_AUDIENCES)."""
    wanted = {
        "all": (RsvpStatus.ACCEPTED, RsvpStatus.PENDING),
        "accepted": (RsvpStatus.ACCEPTED,),
        "pending": (RsvpStatus.PENDING,),
    }[audience]
    return [i for i in live_invitations(dinner) if i.status in wanted]


def note_draft(person: Invitation, subject: str, note: str, links: Links) -> Draft:
    """Draft the organiser's note to one guest."""
    return Draft(Kind.ORGANISER_NOTE, subject.strip(), {"note": note.strip(), "link": links.rsvp()})


def message_guests(
    dinner: Dinner, audience: str, subject: str, note: str, now: datetime, base_url: str
) -> int:
    """Queue the organiser's note to the audience (not committed); return how many get it."""
    require(dinner, Action.MESSAGE_GUESTS, now)
    recipients = note_recipients(dinner, audience)
    # The same note to the same guest goes once, however often the button is pressed.
    fingerprint = hashlib.sha256(f"{subject.strip()}\n{note.strip()}".encode()).hexdigest()[:24]
    for person in recipients:
        links = Links(person, base_url)
        key = f"organiser_note:{person.id}:{fingerprint}"
        queue_draft(person, note_draft(person, subject, note, links), key=key, links=links)
    return len(recipients)
