"""Invite guests to a dinner: one invitation row and one personal link email each."""

from dataclasses import dataclass
from datetime import datetime

from planner.extensions import db
from planner.lifecycle.compose import compose_invitation
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.guests import restore_invitation
from planner.lifecycle.tokens import Links
from planner.models import Dinner, Invitation
from planner.models._types import utcnow
from planner.services.accounts import require_verified
from planner.services.guests import Guest


@dataclass(frozen=True)
class InviteResult:
    invited: list[Invitation]
    already_invited: list[Guest]


def invite_guests(
    dinner: Dinner, guests: list[Guest], base_url: str, now: datetime | None = None
) -> InviteResult:
    """Invite every guest not yet on the list and queue their invitation (not committed).

    A guest the organiser removed earlier is invited afresh on the same row. Raises
    EmailNotVerified until the organiser confirmed their address: an unverified sign-up must
    not be a way to mail strangers.
    """
    require_verified(dinner.organiser)
    known = {invitation.email: invitation for invitation in dinner.invitations}
    invited, skipped = [], []
    for guest in guests:
        earlier = known.get(guest.email)
        if earlier is not None and earlier.live:
            skipped.append(guest)
            continue
        if earlier is not None:
            restore_invitation(earlier, now or utcnow(), base_url)
            invited.append(earlier)
        else:
            invited.append(_invite(dinner, guest, base_url))
        known[guest.email] = invited[-1]
    return InviteResult(invited, skipped)


def _invite(dinner: Dinner, guest: Guest, base_url: str) -> Invitation:
    invitation = Invitation(dinner=dinner, name=guest.name, email=guest.email)
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
