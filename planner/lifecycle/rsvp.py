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
from planner.models import Invitation, OutboxMessage, Profile, RsvpStatus, TokenPurpose
from planner.services.profiles import ProfileData


class RsvpClosed(RuntimeError):
    """The RSVP deadline has passed or the dinner was held."""


def invitation_for_token(token: str, now: datetime) -> Invitation:
    """Return the invitation a personal RSVP link points at; NotFound for any other token."""
    return holder(token, TokenPurpose.RSVP, now)


def record_response(
    invitation: Invitation, attending: bool, profile: ProfileData | None, now: datetime
) -> None:
    """Record yes/no and (for yes) the profile; refuse once the RSVP is closed.

    A decline keeps no profile: what the guest wrote about themselves is deleted.
    """
    if not invitation.dinner.rsvp_open(now):
        raise RsvpClosed(invitation.dinner.title)
    invitation.status = RsvpStatus.ACCEPTED if attending else RsvpStatus.DECLINED
    invitation.responded_at = now
    if attending and profile is not None:
        _save_profile(invitation, profile)
    elif not attending and invitation.profile is not None:
        db.session.delete(invitation.profile)
        invitation.profile = None


def save_answer(
    invitation: Invitation,
    attending: bool,
    profile: ProfileData | None,
    now: datetime,
    base_url: str,
    token: str | None = None,
) -> bool:
    """Record the answer under the invitation's lock and confirm it if it changed anything
    (not committed); return whether it changed anything.

    Twenty presses of "Save" give one answer and one confirmation, not twenty.
    """
    lock_row(Invitation, invitation.id)
    before = answer_digest(invitation)
    record_response(invitation, attending, profile, now)
    db.session.flush()
    after = answer_digest(invitation)
    if after == before:
        return False
    confirm_response(invitation, now, base_url, token, change=f"{before}:{after}")
    return True


def answer_digest(invitation: Invitation) -> str:
    """Return a short digest of the answer and profile as stored."""
    profile = ProfileData.from_row(invitation.profile).as_values() if invitation.profile else {}
    content = json.dumps([invitation.status.value, profile], sort_keys=True, default=list)
    return hashlib.sha256(content.encode()).hexdigest()[:16]


def confirm_response(
    invitation: Invitation,
    now: datetime,
    base_url: str,
    token: str | None = None,
    change: str | None = None,
) -> None:
    """Queue the confirmation of the answer just recorded (not committed); always sent.

    `token` is the RSVP link the guest answered through: the confirmation repeats it rather
    than minting a new one, which would replace the link the guest has open. The key comes
    from the change confirmed (before and after digests, and how many came before), so two
    parallel saves of the same change queue one confirmation.
    """
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
