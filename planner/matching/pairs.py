"""Pair-level features of the score: directional evidence each way, rivals, friction.

Feature [i, j] says something about how useful j is to i: `ask_*` / `client_fit` that j answers
i's asks (or is i's kind of client), `reverse_*` the other way round. Rivalry, sphere partners,
shared clientele and thin profiles are symmetric.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass

import numpy as np

from .evidence import competing
from .features import Features
from .flags import thin_score
from .profile import Profile
from .weights import DIRECTIONS

# With no clientele written on one side, assume rivals may share it halfway.
UNKNOWN_MARKET = 0.5
# Links any two rivals have anyway (same sphere, similar wording, similar clients): for a rival
# pair they are discounted by the rivalry (half for any rival, fully in the same market), so
# the rivalry penalty outweighs them. Specialty and introductions, an explicit ask answered,
# still count in full.
INCIDENTAL_LINKS = ("ask_profile_text", "ask_serves", "ask_sphere", "ask_semantic", "client_fit")
# Channels that say only that j works near what i asked for, not that j answers it.
CIRCLE_ONLY = ("ask_sphere",)
INCIDENTAL = (
    *INCIDENTAL_LINKS,
    *(DIRECTIONS[name] for name in INCIDENTAL_LINKS),
    "mutual_bonus",
    "common_ground",
)


@dataclass(frozen=True)
class PairTerms:
    """The (n, n) features of every pair, by Weights field name, plus organiser rules."""

    features: dict[str, np.ndarray]  # one per fitted weight (see weights.FITTED), [i, j]: for i
    personal: np.ndarray
    prefer_not: np.ndarray
    met_before: np.ndarray


def pair_features(
    features: Features, aggregates: np.ndarray, channel_names: Sequence[str]
) -> dict[str, np.ndarray]:
    """Return the pair features the fitted weights combine, by weight name ([i, j]: for i)."""
    f = features
    result = dict(zip(channel_names, aggregates, strict=True))
    result["client_fit"] = f.client_fit
    for forward, reverse in DIRECTIONS.items():
        if forward in result:
            result[reverse] = result[forward].T
    # Mutual means each answers an ask of the other; working in the same circle is not an answer.
    answering = [k for k, name in enumerate(channel_names) if name not in CIRCLE_ONLY]
    direction = aggregates[answering].max(axis=0) if answering else np.zeros((f.size, f.size))
    result["mutual_bonus"] = np.minimum(direction, direction.T)
    held = competing(f.identity, f)
    competitor = rivals(f)
    spheres = np.clip(held @ f.sphere_of, 0.0, 1.0)
    # Partners hold different specialties: a vendor to one's own trade is not one either.
    shared = np.clip(held @ f.identity.T, 0.0, 1.0)
    result["sphere_partner"] = np.clip(spheres @ spheres.T - shared, 0.0, 1.0)
    result["common_ground"] = f.serves_vs_serves
    market = same_market(f)
    rivalry = competitor * (0.5 + 0.5 * market)
    for name in INCIDENTAL:
        if name in result:
            result[name] = result[name] * (1.0 - rivalry)
    result["competitor_penalty"] = competitor
    result["competitor_same_market"] = competitor * market
    thin = np.array([thin_score(p) for p in f.profiles])
    result["thin_profile_penalty"] = thin[:, None] + thin[None, :]
    return result


def rivals(features: Features) -> np.ndarray:
    """Return (n, n): how much two people hold the same competing specialty as their trade.

    Whoever serves the holders of a specialty is their vendor, not their rival ("restaurant
    turnaround consulting" for restaurants, "dental staffing" for dental offices), so a shared
    specialty counts by (1 - a)(1 - b) + ab, a and b being how much each one's clientele names
    it: rivals when neither serves it (two restaurants) or both do (two restaurant consultants),
    not when only one does.
    """
    f = features
    held = competing(f.identity, f)
    serves = np.clip(f.serves_specialty, 0.0, 1.0)
    own = (held * (1.0 - serves)) @ (f.identity * (1.0 - serves)).T
    vendors = (held * serves) @ (f.identity * serves).T
    competitor = np.clip(own + vendors, 0.0, 1.0)
    np.fill_diagonal(competitor, 0.0)
    return competitor


def same_market(features: Features) -> np.ndarray:
    """Return (n, n): how much two people's clientele overlap (UNKNOWN_MARKET if unwritten)."""
    written = np.array([bool(p.serves.strip()) for p in features.profiles], dtype=bool)
    both = written[:, None] & written[None, :]
    return np.where(both, features.serves_vs_serves, UNKNOWN_MARKET)


def pair_terms(
    features: Features,
    aggregates: np.ndarray,
    channel_names: Sequence[str],
    met_before: Collection[frozenset[str]],
) -> PairTerms:
    """Compute every pair feature and the organiser's rules (prefer-not, met before)."""
    return PairTerms(
        features=pair_features(features, aggregates, channel_names),
        personal=features.personal_vs_personal,
        prefer_not=prefer_not_matrix(features.profiles),
        met_before=met_before_matrix(features.profiles, met_before),
    )


def prefer_not_matrix(profiles: Sequence[Profile]) -> np.ndarray:
    """Return (n, n) with a one where either person asked not to sit with the other."""
    row = {p.id: i for i, p in enumerate(profiles)}
    matrix = np.zeros((len(profiles), len(profiles)))
    for i, profile in enumerate(profiles):
        for other in profile.prefer_not:
            if other in row:
                matrix[i, row[other]] = matrix[row[other], i] = 1.0
    return matrix


def met_before_matrix(profiles: Sequence[Profile], met: Collection[frozenset[str]]) -> np.ndarray:
    """Return (n, n) with a one for pairs who already met at an earlier dinner."""
    row = {p.id: i for i, p in enumerate(profiles)}
    matrix = np.zeros((len(profiles), len(profiles)))
    for pair in met:
        members = [row[m] for m in pair if m in row]
        if len(members) == 2:
            a, b = members
            matrix[a, b] = matrix[b, a] = 1.0
    return matrix
