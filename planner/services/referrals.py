"""Bridge from stored profiles to the referral model in planner.matching."""

from planner.matching import Profile as MatchProfile
from planner.matching import ScoreMatrix, score_profiles
from planner.models import Invitation


def match_profile(invitation: Invitation) -> MatchProfile:
    """Return the matching model's view of one attendee."""
    profile = invitation.profile
    if profile is None:
        return MatchProfile(id=str(invitation.id), name=invitation.name)
    return MatchProfile(
        id=str(invitation.id),
        name=profile.name or invitation.name,
        company=profile.company,
        role=profile.role,
        industry=profile.industry,
        does=profile.what_i_do,
        serves=profile.serves,
        asks=tuple(profile.asks or ()),
        can_introduce=tuple(profile.can_introduce_list),
    )


def referral_scores(attendees: list[Invitation]) -> ScoreMatrix:
    """Score every pair of attendees for referral potential."""
    return score_profiles([match_profile(invitation) for invitation in attendees])
