"""Invite guests to a dinner: one invitation row and one personal link email each."""

from dataclasses import dataclass

from planner.extensions import db
from planner.lifecycle.compose import compose_invitation
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.tokens import Links
from planner.models import Dinner, Invitation
from planner.services.guests import Guest
from planner.text import one_line


@dataclass(frozen=True)
class InviteResult:
    invited: list[Invitation]
    already_invited: list[Guest]


def invite_guests(dinner: Dinner, guests: list[Guest], base_url: str) -> InviteResult:
    """Invite every guest not yet on the list and queue their invitation (not committed)."""
    known = {invitation.email for invitation in dinner.invitations}
    invited, skipped = [], []
    for guest in guests:
        if guest.email in known:
            skipped.append(guest)
            continue
        invited.append(_invite(dinner, guest, base_url))
        known.add(guest.email)
    return InviteResult(invited, skipped)


def _invite(dinner: Dinner, guest: Guest, base_url: str) -> Invitation:
    invitation = Invitation(dinner=dinner, name=one_line(guest.name), email=guest.email)
    db.session.add(invitation)
    db.session.flush()  # the invitation id keys its mail
    links = Links(invitation, base_url)
    queue_draft(
        invitation,
        compose_invitation(invitation, links),
        key=f"invitation:{invitation.id}",
        links=links,
    )
    return invitation
