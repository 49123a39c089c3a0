"""Invite guests to a dinner: one invitation row and one personal link email each.

New guests are inserted and mailed in bulk (planner.lifecycle.bulk_invite), so a list of
thousands takes seconds; a guest the organiser removed earlier is invited afresh on the same
row.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from planner.extensions import db
from planner.lifecycle.bulk_invite import insert_invitations, queue_invitations
from planner.lifecycle.guests import restore_invitation
from planner.models import Dinner, Invitation
from planner.models._types import utcnow
from planner.services.accounts import require_verified
from planner.services.guests import Guest
from planner.text import one_line


@dataclass(frozen=True)
class InviteResult:
    invited: list[Invitation]
    already_invited: list[Guest]


def invite_guests(
    dinner: Dinner, guests: list[Guest], base_url: str, now: datetime | None = None
) -> InviteResult:
    """Invite every guest not yet on the list and queue their invitation (not committed).

    Raises EmailNotVerified until the organiser confirmed their address: an unverified sign-up
    must not be a way to mail strangers.
    """
    require_verified(dinner.organiser)
    known = _earlier_invitations(dinner, [guest.email for guest in guests])
    restored, rows, skipped, new = [], [], [], set()
    for guest in guests:
        earlier = known.get(guest.email)
        if (earlier is not None and earlier.live) or guest.email in new:
            skipped.append(guest)
        elif earlier is not None:
            restore_invitation(earlier, now or utcnow(), base_url)
            restored.append(earlier)
        else:
            new.add(guest.email)
            rows.append(
                {"dinner_id": dinner.id, "name": one_line(guest.name), "email": guest.email}
            )
    created = insert_invitations(rows)
    queue_invitations(dinner, created, base_url)
    db.session.expire(dinner, ["invitations"])  # the list now has the new guests
    return InviteResult(restored + created, skipped)


def invite_summary(invited: int, already_invited: list[str]) -> str:
    """Say what an import did: how many were invited, and who was on the list already."""
    message = f"Invited {invited:,} guest(s)."
    if already_invited:
        message += f" Already on the list, not invited again: {', '.join(already_invited)}."
    return message


def _earlier_invitations(dinner: Dinner, emails: list[str]) -> dict[str, Invitation]:
    # Only these addresses: a batch of a large import need not load the whole guest list.
    found = select(Invitation).where(
        Invitation.dinner_id == dinner.id, Invitation.email.in_(emails)
    )
    return {invitation.email: invitation for invitation in db.session.scalars(found)}
