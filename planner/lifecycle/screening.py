"""Profiles the organiser should look at before seating: vague, empty or sales-funnel ones.

The referral model flags them (`planner.matching.profile_flags`) and already scores them low;
the organiser approves each (it stays, the flag goes) or declines it with a note that the
guest gets by mail, since being taken off the guest list is something they must be told.
"""

from dataclasses import dataclass, fields
from datetime import datetime
from operator import attrgetter

from planner.lifecycle.dinner_changes import note_draft
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.tokens import Links
from planner.matching import profile_flags
from planner.models import Dinner, Invitation, RsvpStatus
from planner.services.profiles import ProfileData, to_match_profile

# Flags per distinct profile content: the dinner page lists them on every view, and they change
# only when the profile does. Keyed on everything `to_match_profile` reads, so never stale.
_FLAGS: dict[tuple, tuple[str, ...]] = {}
_FLAGS_KEPT = 2000
# The stored profile's values the flags depend on, read in one call (the dinner page reads them
# for every accepted guest on every view).
_profile_values = attrgetter(*(field.name for field in fields(ProfileData)))


@dataclass(frozen=True)
class Flagged:
    invitation: Invitation
    reasons: list[str]


class NotUnderReview(ValueError):
    """The guest is not an accepted guest with a flagged, unreviewed profile."""


def to_review(dinner: Dinner) -> list[Flagged]:
    """Return accepted guests whose profile the model flags and the organiser has not reviewed."""
    flagged = []
    for invitation in dinner.accepted:
        if invitation.profile is None or invitation.profile.reviewed_at is not None:
            continue
        reasons = _flags(invitation)
        if reasons:
            flagged.append(Flagged(invitation, list(reasons)))
    return flagged


def _flags(invitation: Invitation) -> tuple[str, ...]:
    """Return the model's flags for the guest's profile, computed once per content."""
    key = (invitation.id, invitation.name, *map(_frozen, _profile_values(invitation.profile)))
    reasons = _FLAGS.get(key)
    if reasons is None:
        if len(_FLAGS) >= _FLAGS_KEPT:
            _FLAGS.clear()
        reasons = _FLAGS[key] = tuple(profile_flags(to_match_profile(invitation)))
    return reasons


def _frozen(value):
    return tuple(value) if isinstance(value, list) else value


def under_review(dinner: Dinner, invitation_id: int) -> Flagged:
    """Return the flagged guest of this dinner; NotUnderReview for anyone else."""
    found = next((f for f in to_review(dinner) if f.invitation.id == invitation_id), None)
    if found is None:
        raise NotUnderReview(invitation_id)
    return found


def approve(flagged: Flagged, now: datetime) -> None:
    """Keep the guest as they are and take them off the review list (not committed)."""
    flagged.invitation.profile.reviewed_at = now


def decline(flagged: Flagged, note: str, now: datetime, base_url: str) -> None:
    """Take the guest off the seating and mail them the organiser's note (not committed)."""
    invitation = flagged.invitation
    invitation.status = RsvpStatus.DECLINED
    invitation.profile.reviewed_at = now
    links = Links(invitation, base_url)
    subject = f"About your place at {invitation.dinner.title}"
    queue_draft(
        invitation,
        note_draft(invitation, subject, note, links),
        key=f"screening:{invitation.id}",
        links=links,
    )
