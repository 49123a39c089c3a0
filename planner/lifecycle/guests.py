"""The organiser acts on one invitation: remove it (its links stop working) or send it again."""

from datetime import datetime

from sqlalchemy import func, select, update

from planner.extensions import db
from planner.lifecycle.compose import compose_invitation
from planner.lifecycle.drafts import queue_composed, queue_draft
from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.tokens import revoke_tokens
from planner.lifecycle.waitlist import leave_waitlist, offer_free_seats
from planner.models import (
    Invitation,
    MailStatus,
    OutboxMessage,
    RsvpStatus,
    Seat,
    TokenPurpose,
)


class GuestActionRefused(RuntimeError):
    """The action makes no sense for this invitation; the message says why."""


def remove_invitation(
    invitation: Invitation, now: datetime, base_url: str, notice: str | None = None
) -> list[Invitation]:
    """Withdraw an invitation (not committed): its links stop working, its queued mail is
    cancelled, its seat (or the seat on offer to it) goes to the waitlist. With a `notice`
    (the organiser's note, may be empty) the guest is told in one short email. Returns the
    guests offered a seat."""
    if not invitation.live:
        raise GuestActionRefused(f"{invitation.name} has already been removed.")
    was_told = may_be_told_of_removal(invitation)
    had_accepted = invitation.status == RsvpStatus.ACCEPTED
    invitation.status = RsvpStatus.REMOVED
    invitation.removed_at = now
    leave_waitlist(invitation)
    revoke_tokens(invitation, now)
    _cancel_queued_mail(invitation)
    if notice is not None and was_told:
        _queue_withdrawal(invitation, notice, had_accepted)
    for seat in db.session.scalars(select(Seat).where(Seat.invitation_id == invitation.id)):
        db.session.delete(seat)
    return offer_free_seats(invitation.dinner, now, base_url)


def may_be_told_of_removal(invitation: Invitation) -> bool:
    """Tell whether a removal notice makes sense: the guest was invited and has not declined."""
    return invitation.live and invitation.status != RsvpStatus.DECLINED


def _queue_withdrawal(invitation: Invitation, note: str, had_accepted: bool) -> None:
    draft = Draft(
        Kind.INVITATION_WITHDRAWN,
        f"Your invitation to {invitation.dinner.title}",
        {"note": note.strip(), "had_accepted": had_accepted},
    )
    # Numbered per removal: a guest removed, invited again and removed again hears it twice.
    key = f"{Kind.INVITATION_WITHDRAWN}:{invitation.id}:{_count_sent(invitation, draft.kind) + 1}"
    queue_draft(invitation, draft, key=key, links=None)


def _count_sent(invitation: Invitation, kind: str) -> int:
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.invitation_id == invitation.id, OutboxMessage.kind == kind
        )
    )


def resend_invitation(invitation: Invitation, now: datetime, base_url: str) -> OutboxMessage:
    """Send the invitation again with a fresh RSVP link; earlier RSVP links stop working."""
    if not invitation.live:
        raise GuestActionRefused(
            f"{invitation.name} was removed: invite them again to send a new invitation."
        )
    revoke_tokens(invitation, now, TokenPurpose.RSVP)
    # Numbered per sending: a new key each time, and a double submit cannot send it twice.
    key = f"invitation:{invitation.id}:{_count_sent(invitation, Kind.INVITATION) + 1}"
    return queue_composed(invitation, compose_invitation, key, base_url)


def restore_invitation(invitation: Invitation, now: datetime, base_url: str) -> OutboxMessage:
    """Invite a removed guest again (not committed): a fresh start and a fresh invitation."""
    invitation.status = RsvpStatus.PENDING
    invitation.removed_at = None
    invitation.responded_at = None
    return resend_invitation(invitation, now, base_url)


def _cancel_queued_mail(invitation: Invitation) -> None:
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.invitation_id == invitation.id,
            OutboxMessage.status == MailStatus.QUEUED,
        )
        .values(status=MailStatus.CANCELLED, last_error="The organiser removed this guest.")
    )
