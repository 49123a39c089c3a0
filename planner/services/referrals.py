"""Bridge from stored profiles to the referral model in planner.matching."""

from dataclasses import replace
from itertools import combinations

from sqlalchemy import select

from planner.extensions import db
from planner.matching import ScoreMatrix, Weights, score_profiles
from planner.matching.embed import default_encoder
from planner.matching.weights import semantic_in_default
from planner.models import Dinner, Invitation, Seat, SeatedTable, SeatingPlan
from planner.services.embeddings import recall_vectors
from planner.services.profiles import to_match_profile


def referral_scores(attendees: list[Invitation]) -> ScoreMatrix:
    """Score every pair of attendees of one dinner for referral potential."""
    dinner = attendees[0].dinner if attendees else None
    encoder = default_encoder()
    if encoder is not None:
        recall_vectors(encoder, attendees)  # stored at RSVP time: nothing unchanged re-encoded
    profiles = [to_match_profile(inv, prefer_not_ids(inv, attendees)) for inv in attendees]
    return score_profiles(
        profiles,
        dinner_weights(dinner, semantic=encoder is not None),
        met_before=earlier_table_mates(dinner, attendees),
        encoder=encoder,
    )


def default_weights(semantic: bool) -> Weights:
    """Return the fitted weights for the model as installed (with or without sentence vectors)."""
    return Weights.fitted(semantic=semantic and semantic_in_default())


def dinner_weights(dinner: Dinner | None, semantic: bool = True) -> Weights:
    """Return the weights for this dinner: the fitted defaults with the organiser's changes."""
    defaults = default_weights(semantic)
    if dinner is None or not dinner.referral_weights:
        return defaults
    known = {
        name: value for name, value in dinner.referral_weights.items() if hasattr(defaults, name)
    }
    return replace(defaults, **known)


def set_dinner_weights(dinner: Dinner, values: dict[str, float]) -> None:
    """Store only the weights the organiser changed, so later refits still apply to the rest."""
    chosen = Weights.from_mapping(values).as_dict()  # validates the names
    defaults = default_weights(semantic=True).as_dict()
    changed = {name: value for name, value in chosen.items() if value != defaults.get(name)}
    dinner.referral_weights = changed or None


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
