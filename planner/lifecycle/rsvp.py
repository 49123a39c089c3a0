"""Answer an invitation and keep an attendee's profile, through their personal link."""

import hashlib
import json
from datetime import datetime

from sqlalchemy import func, select

from planner.extensions import db
from planner.lifecycle.compose import compose_rsvp_confirmation
from planner.lifecycle.concurrency import lock_row
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.kinds import Kind
from planner.lifecycle.tokens import Links, holder
from planner.lifecycle.waitlist import leave_waitlist, offer_free_seats, place_yes, queue_waitlisted
from planner.models import (
    Invitation,
    OutboxMessage,
    Profile,
    RsvpStatus,
    TokenPurpose,
)
from planner.services.embeddings import mark_vectors_stale
from planner.services.profiles import ProfileData


class RsvpClosed(RuntimeError):
    """The RSVP deadline has passed or the dinner was held."""


def invitation_for_token(token: str, now: datetime) -> Invitation:
    """Return the invitation a personal RSVP link points at; NotFound for any other token."""
    # The RSVP and data pages show the profile: load it with the link.
    return holder(token, TokenPurpose.RSVP, now, with_profile=True)


def record_response(
    invitation: Invitation, attending: bool, profile: ProfileData | None, now: datetime
) -> bool:
    """Record yes/no and (for yes) the profile; refuse once the RSVP is closed.

    Return whether what a confirmation tells the guest changed: the answer or the dietary
    needs (saving a profile edit alone is not confirmed by mail again). A decline keeps no
    profile: what the guest wrote about themselves is deleted.
    """
    if not invitation.dinner.rsvp_open(now):
        raise RsvpClosed(invitation.dinner.title)
    before = _confirmed_facts(invitation)
    invitation.responded_at = now
    if attending:
        place_yes(invitation, now)  # a seat, or the waitlist when the dinner is full
        if profile is not None:
            _save_profile(invitation, profile)
    else:
        invitation.status = RsvpStatus.DECLINED
        leave_waitlist(invitation)
        if invitation.profile is not None:
            db.session.delete(invitation.profile)
            invitation.profile = None
    return _confirmed_facts(invitation) != before


def save_answer(
    invitation: Invitation,
    attending: bool,
    profile: ProfileData | None,
    now: datetime,
    base_url: str,
    token: str | None = None,
) -> bool:
    """Record the answer under the invitation's lock and confirm it if the answer or the
    dietary needs changed (not committed); return whether a confirmation was queued.

    Twenty presses of "Save" give one answer and one confirmation, not twenty.
    """
    lock_row(Invitation, invitation.id)
    before = answer_digest(invitation)
    confirmable = record_response(invitation, attending, profile, now)
    db.session.flush()
    if not confirmable:
        offer_free_seats(invitation.dinner, now, base_url)
        return False
    confirm_response(
        invitation, now, base_url, token, change=f"{before}:{answer_digest(invitation)}"
    )
    return True


def answer_digest(invitation: Invitation) -> str:
    """Return a short digest of the answer and profile as stored."""
    profile = ProfileData.from_row(invitation.profile).as_values() if invitation.profile else {}
    content = json.dumps([invitation.status.value, profile], sort_keys=True, default=list)
    return hashlib.sha256(content.encode()).hexdigest()[:16]


def _confirmed_facts(invitation: Invitation) -> tuple[RsvpStatus, str]:
    dietary = invitation.profile.dietary if invitation.profile else ""
    return invitation.status, " ".join((dietary or "").split()).casefold()


def confirm_response(
    invitation: Invitation,
    now: datetime,
    base_url: str,
    token: str | None = None,
    change: str | None = None,
) -> None:
    """Queue the confirmation of the answer just recorded and offer any seat it freed
    (not committed).

    A waitlisted guest gets the waitlist mail instead. `token` is the RSVP link the guest
    answered through: the confirmation repeats it rather than minting a new one, which would
    replace the link the guest has open. The key comes from the change confirmed (before and
    after digests, and how many came before), so two parallel saves queue one confirmation.
    """
    offer_free_seats(invitation.dinner, now, base_url)  # a decline may free a seat
    if invitation.status == RsvpStatus.WAITLISTED:
        queue_waitlisted(invitation, base_url, token)
        return
    links = Links(invitation, base_url, known={TokenPurpose.RSVP: token} if token else None)
    change = change or answer_digest(invitation)
    queue_draft(
        invitation,
        compose_rsvp_confirmation(invitation, links),
        key=f"rsvp_confirmation:{invitation.id}:{change}:{_confirmations_sent(invitation)}",
        links=links,
    )


def _confirmations_sent(invitation: Invitation) -> int:
    return db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.invitation_id == invitation.id,
            OutboxMessage.kind == Kind.RSVP_CONFIRMATION,
        )
    )


def _save_profile(invitation: Invitation, data: ProfileData) -> None:
    profile = invitation.profile or Profile(invitation=invitation)
    data.write_to(profile)
    invitation.name = profile.name or invitation.name
    db.session.add(profile)
    mark_vectors_stale(profile)  # re-encoded in the background, never in this request
