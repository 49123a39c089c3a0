"""Answer an invitation and keep an attendee's profile, through their personal link."""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from planner.extensions import db
from planner.models import Invitation, Profile, RsvpStatus
from planner.services.access import Links, holder_or_404
from planner.services.lifecycle import compose_rsvp_confirmation, queue_draft
from planner.services.tokens import hash_token


class RsvpClosed(RuntimeError):
    """The RSVP deadline has passed or the dinner was held."""


@dataclass(frozen=True)
class ProfileData:
    name: str
    company: str
    role: str
    industry: str
    what_i_do: str
    serves: str
    asks: tuple[str, ...]
    can_introduce: str
    dietary: str
    prefer_not: str = ""


def invitation_for_token_or_404(token: str) -> Invitation:
    """Return the invitation a personal link points at; 404 for any unknown token."""
    # Lookup is by SHA-256 of the token: equality on a digest leaks nothing useful about
    # the token itself, so no constant-time comparison is needed here.
    invitation = db.session.scalar(
        select(Invitation).where(Invitation.token_hash == hash_token(token))
    )
    if invitation is None:
        # Reminders carry a fresh RSVP token: the invitation's own is only stored hashed.
        return holder_or_404(token, "rsvp")
    return invitation


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


def confirm_response(invitation: Invitation, now: datetime) -> None:
    """Queue the confirmation of the answer just recorded (not committed); always sent."""
    links = Links(invitation)
    queue_draft(
        invitation,
        compose_rsvp_confirmation(invitation, links),
        # Each saved answer gets its own confirmation, so a changed answer is confirmed too.
        key=f"rsvp_confirmation:{invitation.id}:{now.isoformat()}",
        links=links,
    )


def _save_profile(invitation: Invitation, data: ProfileData) -> None:
    profile = invitation.profile or Profile(invitation=invitation)
    profile.name = data.name.strip()
    profile.company = data.company.strip()
    profile.role = data.role.strip()
    profile.industry = data.industry
    profile.what_i_do = data.what_i_do.strip()
    profile.serves = data.serves.strip()
    profile.asks = [ask.strip() for ask in data.asks if ask.strip()]
    profile.can_introduce = data.can_introduce.strip()
    profile.dietary = data.dietary.strip()
    profile.prefer_not = data.prefer_not.strip()
    invitation.name = profile.name or invitation.name
    db.session.add(profile)
