"""Answer an invitation and keep an attendee's profile, through their personal link."""

from datetime import datetime

from planner.extensions import db
from planner.lifecycle.compose import compose_rsvp_confirmation
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.tokens import Links, holder
from planner.lifecycle.waitlist import leave_waitlist, offer_free_seats, place_yes, queue_waitlisted
from planner.models import Invitation, Profile, RsvpStatus, TokenPurpose
from planner.services.embeddings import mark_vectors_stale
from planner.services.profiles import ProfileData


class RsvpClosed(RuntimeError):
    """The RSVP deadline has passed or the dinner was held."""


def invitation_for_token(token: str, now: datetime) -> Invitation:
    """Return the invitation a personal RSVP link points at; NotFound for any other token."""
    return holder(token, TokenPurpose.RSVP, now)


def record_response(
    invitation: Invitation, attending: bool, profile: ProfileData | None, now: datetime
) -> bool:
    """Record yes/no and (for yes) the profile; refuse once the RSVP is closed.

    Return whether what a confirmation tells the guest changed: the answer or the dietary
    needs. Saving a profile edit alone is not confirmed by mail again.
    """
    if not invitation.dinner.rsvp_open(now):
        raise RsvpClosed(invitation.dinner.title)
    before = _confirmed_facts(invitation)
    invitation.responded_at = now
    if attending:
        place_yes(invitation, now)  # a seat, or the waitlist when the dinner is full
    else:
        invitation.status = RsvpStatus.DECLINED
        leave_waitlist(invitation)
    if attending and profile is not None:
        _save_profile(invitation, profile)
    return _confirmed_facts(invitation) != before


def _confirmed_facts(invitation: Invitation) -> tuple[RsvpStatus, str]:
    dietary = invitation.profile.dietary if invitation.profile else ""
    return invitation.status, " ".join((dietary or "").split()).casefold()


def confirm_response(invitation: Invitation, now: datetime, base_url: str) -> None:
    """Queue the confirmation of the answer just recorded, and offer any seat it freed."""
    offer_free_seats(invitation.dinner, now, base_url)
    if invitation.status == RsvpStatus.WAITLISTED:
        queue_waitlisted(invitation, base_url)
        return
    links = Links(invitation, base_url)
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
    mark_vectors_stale(profile)  # re-encoded in the background, never in this request
