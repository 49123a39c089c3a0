"""Bridge from stored profiles to the referral model in planner.matching."""

from itertools import combinations

from sqlalchemy import select

from planner.extensions import db
from planner.matching import ScoreMatrix, Weights, score_profiles
from planner.models import Dinner, Invitation, Seat, SeatedTable, SeatingPlan
from planner.services.profiles import to_match_profile


def referral_scores(attendees: list[Invitation]) -> ScoreMatrix:
    """Score every pair of attendees of one dinner for referral potential."""
    dinner = attendees[0].dinner if attendees else None
    profiles = [to_match_profile(inv, prefer_not_ids(inv, attendees)) for inv in attendees]
    return score_profiles(
        profiles, dinner_weights(dinner), met_before=earlier_table_mates(dinner, attendees)
    )


def dinner_weights(dinner: Dinner | None) -> Weights:
    """Return the organiser's weights for this dinner, defaults where unset."""
    if dinner is None or not dinner.referral_weights:
        return Weights()
    return Weights.from_mapping(dinner.referral_weights)


def set_dinner_weights(dinner: Dinner, values: dict[str, float]) -> None:
    """Store the organiser's weights for this dinner (validated by the model's own names)."""
    dinner.referral_weights = Weights.from_mapping(values).as_dict()


def prefer_not_ids(invitation: Invitation, attendees: list[Invitation]) -> tuple[str, ...]:
    """Return ids of attendees this guest named (by name or email) as "prefer not"."""
    profile = invitation.profile
    if profile is None or not profile.prefer_not:
        return ()
    wanted = {line.strip().lower() for line in profile.prefer_not.splitlines()} - {""}
    return tuple(
        str(other.id)
        for other in attendees
        if other.id != invitation.id
        and (other.name.strip().lower() in wanted or other.email.lower() in wanted)
    )


def earlier_table_mates(dinner: Dinner | None, attendees: list[Invitation]) -> list[frozenset]:
    """Return pairs of attendees (by id) who shared a table at this organiser's earlier dinners."""
    if dinner is None:
        return []
    id_by_email = {invitation.email: str(invitation.id) for invitation in attendees}
    rows = db.session.execute(
        select(SeatedTable.id, Invitation.email)
        .join(Seat, Seat.table_id == SeatedTable.id)
        .join(Invitation, Invitation.id == Seat.invitation_id)
        .join(SeatingPlan, SeatingPlan.id == SeatedTable.plan_id)
        .join(Dinner, Dinner.id == SeatingPlan.dinner_id)
        .where(
            Dinner.organiser_id == dinner.organiser_id,
            Dinner.id != dinner.id,
            Dinner.starts_at < dinner.starts_at,
            Invitation.email.in_(list(id_by_email)),
        )
    ).all()
    tables: dict[int, list[str]] = {}
    for table_id, email in rows:
        tables.setdefault(table_id, []).append(id_by_email[email])
    return [frozenset(pair) for mates in tables.values() for pair in combinations(mates, 2)]
