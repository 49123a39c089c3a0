"""Sentence vectors of profiles: encoded once after a save, stored, recalled when scoring.

Encoding a crowd takes seconds, so it never happens in a web request: saving a profile marks
its vectors stale, and the background thread (or `flask mail worker`) encodes stale profiles.
Scoring a dinner then hands the stored vectors to the encoder's cache.
"""

import logging

from sqlalchemy import or_, select, update
from sqlalchemy.orm import joinedload

from planner.extensions import db
from planner.matching import semantic_texts
from planner.matching.embed import MODEL_ID, Encoder, default_encoder, pack, unpack
from planner.models import Invitation, Profile
from planner.services.profiles import to_match_profile

# Set in the session's `info` when a profile changed: after the commit, vectors are refreshed.
PROFILES_CHANGED = "tablewise.profiles_changed"
BATCH = 50
log = logging.getLogger(__name__)


def mark_vectors_stale(profile: Profile) -> None:
    """Forget a profile's vectors because its text may have changed (not committed)."""
    profile.vectors = None
    profile.vectors_model = None
    db.session.info[PROFILES_CHANGED] = True


def refresh_stale_vectors(limit: int = BATCH) -> int:
    """Encode and store vectors of up to `limit` profiles that have none; return how many."""
    encoder = default_encoder()
    if encoder is None:
        return 0
    stale = db.session.scalars(
        select(Profile)
        .options(joinedload(Profile.invitation))
        .where(or_(Profile.vectors.is_(None), Profile.vectors_model != MODEL_ID))
        .limit(limit)
    ).all()
    # Encode everything before writing anything: encoding a batch takes seconds, and a write
    # pending meanwhile held SQLite's one write lock (or the rows' locks) all that time, so
    # guests' saves and the mail sender waited for the encoder.
    encoded = [(p.id, p.updated_at, _encode(encoder, p.invitation)) for p in stale]
    db.session.rollback()
    stored = 0
    for profile_id, seen, blob in encoded:
        # Only if the guest did not save new answers meanwhile: those are stale again, and
        # the next pass encodes them. The encoding is no change of the profile: keep its time.
        stored += db.session.execute(
            update(Profile)
            .where(Profile.id == profile_id, Profile.updated_at == seen)
            .values(vectors=blob, vectors_model=MODEL_ID, updated_at=seen)
        ).rowcount
    db.session.commit()
    return stored


def _encode(encoder: Encoder, invitation: Invitation) -> bytes:
    texts = _texts(invitation)
    return pack(encoder.encode(texts)) if texts else b""


def _texts(invitation: Invitation) -> list[str]:
    """Return the profile's texts that get sentence vectors, in the order they are stored."""
    return semantic_texts(to_match_profile(invitation))


def recall_vectors(encoder: Encoder, attendees: list[Invitation]) -> int:
    """Give the encoder the stored vectors of these attendees; return how many profiles had any."""
    stored = _stored_vectors([i.profile.id for i in attendees if i.profile is not None])
    recalled = 0
    for invitation in attendees:
        blob = stored.get(invitation.profile.id) if invitation.profile is not None else None
        if not blob:
            continue
        texts = _texts(invitation)
        vectors = unpack(blob)
        if len(vectors) != len(texts):
            continue  # stored for other text: it will be re-encoded, never mismatched
        encoder.remember(texts, vectors)
        recalled += 1
    return recalled


def _stored_vectors(profile_ids: list[int]) -> dict[int, bytes]:
    """Read the current model's vectors of these profiles in one query (the column is deferred)."""
    if not profile_ids:
        return {}
    rows = db.session.execute(
        select(Profile.id, Profile.vectors).where(
            Profile.id.in_(profile_ids), Profile.vectors_model == MODEL_ID
        )
    )
    return {row.id: row.vectors for row in rows}  # not dict(rows): a Result has keys()
