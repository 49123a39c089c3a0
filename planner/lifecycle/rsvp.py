"""Answer an invitation and keep an attendee's profile, through their personal link."""

from datetime import datetime

from planner.extensions import db
from planner.lifecycle.compose import compose_rsvp_confirmation
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.tokens import Links, holder
from planner.models import Invitation, Profile, RsvpStatus, TokenPurpose
from planner.services.profiles import ProfileData


class RsvpClosed(RuntimeError):
    """The RSVP deadline has passed or the dinner was held."""


def invitation_for_token(token: str, now: datetime) -> Invitation:
    """Return the invitation a personal RSVP link points at; NotFound for any other token."""
    return holder(token, TokenPurpose.RSVP, now)


def record_response(
    invitation: Invitation, attending: bool, profile: ProfileData | None, now: datetime
) -> None:
    """Record yes/no and (for yes) the profile; refuse once the RSVP is closed."""
    if not invitation.dinner.rsvp_open(now):
        raise RsvpClosed(invitation.dinner.title)
    invitation.status = RsvpStatus.ACCEPTED if attending else RsvpStatus.DECLINED
    invitation.responded_at = now
    if attending and profile is not None:
        _save_profile(invitation, profile)


def confirm_response(
    invitation: Invitation, now: datetime, base_url: str, token: str | None = None
) -> None:
    """Queue the confirmation of the answer just recorded (not committed); always sent.

    `token` is the RSVP link the guest answered through: the confirmation repeats it rather
    than minting a new one, which would replace the link the guest has open.
    """
    links = Links(invitation, base_url, known={TokenPurpose.RSVP: token} if token else None)
    queue_draft(
        invitation,
        compose_rsvp_confirmation(invitation, links),
        # Each saved answer gets its own confirmation, so a changed answer is confirmed too.
        key=f"rsvp_confirmation:{invitation.id}:{now.isoformat()}",
        links=links,
    )


def _save_profile(invitation: Invitation, data: ProfileData) -> None:
    profile = invitation.profile or Profile(invitation=invitation)
    data.write_to(profile)
    invitation.name = profile.name or invitation.name
    db.session.add(profile)
