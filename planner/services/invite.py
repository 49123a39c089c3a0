"""Invite guests to a dinner: one invitation row and one personal link email each."""

from dataclasses import dataclass

from planner.extensions import db
from planner.models import Dinner, Invitation
from planner.services.guests import Guest
from planner.services.lifecycle import compose_invitation, queue_draft
from planner.services.links import external_url
from planner.services.tokens import new_token


@dataclass(frozen=True)
class InviteResult:
    invited: list[Invitation]
    already_invited: list[Guest]


def invite_guests(dinner: Dinner, guests: list[Guest]) -> InviteResult:
    """Invite every guest not yet on the list and queue their invitation (not committed)."""
    known = {invitation.email for invitation in dinner.invitations}
    invited, skipped = [], []
    for guest in guests:
        if guest.email in known:
            skipped.append(guest)
            continue
        invited.append(_invite(dinner, guest))
        known.add(guest.email)
    return InviteResult(invited, skipped)


def _invite(dinner: Dinner, guest: Guest) -> Invitation:
    token, token_hash = new_token()
    invitation = Invitation(
        dinner=dinner, name=guest.name, email=guest.email, token_hash=token_hash
    )
    db.session.add(invitation)
    db.session.flush()  # the invitation id keys its mail
    link = external_url("rsvp.respond", token=token)
    queue_draft(invitation, compose_invitation(invitation, link), key=f"invitation:{invitation.id}")
    return invitation
