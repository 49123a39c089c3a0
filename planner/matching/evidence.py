"""Evidence that person j answers one ask of person i, channel by channel, and its one combination.

Each channel is a number in [0, 1] per (ask, candidate). `ask_strength` is the only place where
channels are combined for one ask; `channel_aggregates` turns them into directional per-person
evidence. Both use the fitted channel weights (see weights.py), so the score, the reasons, the
follow-up suggestions and the app all read the same formula.
"""

from __future__ import annotations

import numpy as np

from .arrays import group_max, group_sum
from .features import Features, self_description
from .flags import is_funnel
from .weights import Weights

# For "clinic owners": a clinic's non-owner still counts for half, an owner of anything else less.
MIXED_BUSINESS_SHARE = 0.5
MIXED_ROLE_SHARE = 0.3


def ask_evidence(
    features: Features, weights: Weights, semantic: np.ndarray | None = None
) -> np.ndarray:
    """Return (channels, A, n): raw evidence in [0, 1] that person j answers ask a."""
    f = features
    floor = np.where(f.ask_is_role, weights.role_qualifier_floor, weights.qualifier_floor)
    specialty = specialty_fit(f, f.identity, f.ask_qualifier, floor)
    intro_fit = specialty_fit(f, f.intro_specialty, f.ask_qualifier_intro, floor)
    damping = weights.text_when_taxonomy_disagrees
    intro_text = f.ask_vs_intro * disagreement(f.ask_specialty, f.intro_specialty, damping)
    introduce = group_max(np.maximum(intro_text, intro_fit), f.intro_owner, f.size)
    profile_text = f.ask_vs_profile * disagreement(f.ask_specialty, f.identity, damping)
    sphere_asked = np.clip(f.ask_specialty @ f.sphere_of, 0.0, 1.0)
    sphere_held = np.clip(competing(f.identity, f) @ f.sphere_of, 0.0, 1.0)
    # The circle stands in for an answer nobody gives outright: it says "likely knows them",
    # which adds nothing where j is what was asked for or can introduce it.
    direct = np.maximum(specialty, introduce)
    sphere = np.clip(sphere_asked @ sphere_held.T, 0.0, 1.0) * (1.0 - direct)
    if semantic is None:
        semantic = np.zeros_like(specialty)
    else:  # like plain text: shared wording misleads when the taxonomy knows both sides differ
        semantic = semantic * disagreement(f.ask_specialty, f.identity, damping)
    evidence = np.stack([specialty, introduce, profile_text, f.ask_vs_serves, sphere, semantic])
    # A sales funnel's asks ("anyone open to a side hustle") and offers ("anyone!") are a pitch,
    # not a need or a contact: they are evidence of nothing, either way.
    credible = np.array([0.0 if is_funnel(p) else 1.0 for p in f.profiles])
    if len(f.ask_owner):
        evidence *= credible[f.ask_owner][None, :, None] * credible[None, None, :]
    # Nobody answers their own asks.
    if len(f.ask_owner):
        evidence[:, np.arange(len(f.ask_owner)), f.ask_owner] = 0.0
    return np.clip(evidence, 0.0, 1.0)


def ask_strength(evidence: np.ndarray, weights: Weights) -> np.ndarray:
    """Return (A, n): how well each candidate answers each ask (the fitted channel sum)."""
    return np.tensordot(weights.channel_weights, evidence, axes=1)


def channel_aggregates(evidence: np.ndarray, owner: np.ndarray, n: int, weights: Weights):
    """Return (channels, n, n): per channel, a blend of i's best-answered ask and the mean."""
    channels = len(evidence)
    # One grouped reduction over all channels: rows are (channel, candidate), columns asks.
    flat = np.ascontiguousarray(evidence.transpose(0, 2, 1)).reshape(channels * n, len(owner))
    best = group_max(flat, owner, n).reshape(channels, n, n).transpose(0, 2, 1)
    total = group_sum(flat, owner, n).reshape(channels, n, n).transpose(0, 2, 1)
    counts = np.maximum(np.bincount(owner, minlength=n), 1)[None, :, None]
    share = weights.best_ask_share
    return share * best + (1.0 - share) * total / counts


def semantic_evidence(features: Features, encoder, weights: Weights) -> np.ndarray:
    """Return (A, n): calibrated cosine between each ask and the best of j's offers.

    j's offers are what they say they do, whom they serve and each person they can introduce.
    The cosine is mapped linearly from `weights.semantic_floor` (0) to `semantic_full` (1).
    """
    f = features
    offers = [(i, text) for i, p in enumerate(f.profiles) for text in offer_texts(p)]
    if not f.ask_text or not offers:
        return np.zeros((len(f.ask_text), f.size))
    vectors = encoder.encode([*f.ask_text, *(text for _, text in offers)])
    asks, offered = vectors[: len(f.ask_text)], vectors[len(f.ask_text) :]
    cosine = asks @ offered.T
    best = group_max(cosine, np.array([i for i, _ in offers]), f.size)
    # People with no offers at all get 0 from group_max; keep them at 0 after calibration.
    floor, full = weights.semantic_floor, weights.semantic_full
    calibrated = (best - floor) / (full - floor)
    return np.clip(calibrated, 0.0, 1.0)


def offer_texts(profile) -> list[str]:
    """Return the texts in which a person says what they offer (for the semantic channel)."""
    texts = [self_description(profile), profile.serves, *profile.real_introductions]
    return [t for t in texts if t and t.strip()]


def semantic_texts(profile) -> list[str]:
    """Return every text of a profile the semantic channel encodes (its asks and its offers).

    Encode these when an RSVP is saved and store the vectors with the profile, so that scoring
    a dinner never encodes unchanged text.
    """
    return [*profile.real_asks, *offer_texts(profile)]


def disagreement(asked: np.ndarray, held: np.ndarray, damping: float) -> np.ndarray:
    """Return (A, m) factors: `damping` where both sides name specialties and none is shared.

    Text similarity is the fallback for what the taxonomy does not know; when it knows both
    sides and they differ ("move managers" vs "office managers"), shared words mislead.
    """
    both_known = (asked.max(axis=1, initial=0) > 0)[:, None] & (held.max(axis=1, initial=0) > 0)
    return np.where(both_known & (asked @ held.T <= 0), damping, 1.0)


def specialty_fit(
    features: Features, held: np.ndarray, qualifier: np.ndarray, floor: np.ndarray
) -> np.ndarray:
    """Return (A, m): how well what each row of `held` is matches what each ask names.

    An ask naming a role of a kind of business ("clinic owners", "restaurant owners") needs
    both: any owner is not a clinic owner, so the two matches are combined geometrically.
    """
    competes = features.competes[None, :]
    role = features.ask_specialty * (1.0 - competes)
    business = features.ask_specialty * competes
    fit = best_product(features.ask_specialty, held)
    mixed = np.flatnonzero((role.sum(axis=1) > 0) & (business.sum(axis=1) > 0))
    if mixed.size:  # few asks are mixed: work on their rows only
        role_fit = best_product(role[mixed], held)
        business_fit = best_product(business[mixed], held)
        fit[mixed] = np.maximum.reduce(
            [
                np.sqrt(role_fit * business_fit),
                MIXED_BUSINESS_SHARE * business_fit,
                MIXED_ROLE_SHARE * role_fit,
            ]
        )
    np.clip(fit, 0.0, 1.0, out=fit)
    return fit * (floor[:, None] + (1.0 - floor[:, None]) * qualifier)


def best_product(asked: np.ndarray, held: np.ndarray, depth: int = 3) -> np.ndarray:
    """Return (A, m): max over specialties k of asked[a, k] * held[j, k].

    A maximum, not a sum: someone who half-matches two asked specialties ("consumer loan
    officer" for "a lender ... jumbo loans") must not beat the one who fully matches one.
    Asks have at most `depth` specialties, so only those columns are visited.
    """
    result = np.zeros((asked.shape[0], held.shape[0]))
    if result.size == 0:
        return result
    rows = np.arange(asked.shape[0])
    for column in np.argsort(-asked, axis=1)[:, :depth].T:
        weight = asked[rows, column]
        result = np.maximum(result, weight[:, None] * held[:, column].T)
    return result


def competing(memberships: np.ndarray, features: Features) -> np.ndarray:
    """Return memberships restricted to specialties whose holders compete (not in-house roles)."""
    return memberships * features.competes[None, :]
