"""Invite guests to a dinner: one invitation row and one personal link email each."""

from dataclasses import dataclass

from planner.extensions import db
from planner.lifecycle.bulk_invite import insert_invitations, queue_invitations
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
    rows, skipped = [], []
    for guest in guests:
        if guest.email in known:
            skipped.append(guest)
            continue
        rows.append({"dinner_id": dinner.id, "name": one_line(guest.name), "email": guest.email})
        known.add(guest.email)
    invited = insert_invitations(rows)
    queue_invitations(dinner, invited, base_url)
    db.session.expire(dinner, ["invitations"])  # the list now has the new guests
    return InviteResult(invited, skipped)
