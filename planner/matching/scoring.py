"""Directional help scores and symmetric pair scores for a group of attendees."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from dataclasses import asdict, dataclass, field, fields
from functools import cached_property

import numpy as np

from .arrays import group_max, group_sum
from .features import Features, build_features
from .profile import Profile
from .taxonomy import Taxonomy, default_taxonomy

# Names of the ways in which candidate j can answer one ask of person i, in a fixed order.
CHANNELS = ("specialty", "introduce", "profile", "serves", "sphere")
WEIGHT_ALIASES = {"ask_match": "ask_specialty", "diversity": "common_ground"}
# For "clinic owners": a clinic's non-owner still counts for half, an owner of anything else less.
MIXED_BUSINESS_SHARE = 0.5
MIXED_ROLE_SHARE = 0.3


@dataclass(frozen=True)
class Weights:
    """Organiser-tunable weights of the pair score; the defaults suit a typical mixed dinner."""

    # How much each kind of evidence counts when j answers one of i's asks (each in [0, 1]).
    ask_specialty: float = 1.0  # j's line of business is what i asked for
    ask_introduce: float = 0.8  # j can introduce the kind of person i asked for
    ask_profile_text: float = 0.6  # j's self-description reads like the ask
    ask_serves: float = 0.35  # j serves the people i wants to reach, so likely knows them
    ask_sphere: float = 0.25  # j works in the same contact sphere as what i asked for
    # When the ask says more than the specialty ("realtors who work with first-time buyers"),
    # a holder of the specialty whose profile fits none of the rest keeps only this share. An
    # ask for an in-house role ("founders building B2B software") depends more on the rest.
    qualifier_floor: float = 0.75
    role_qualifier_floor: float = 0.35
    best_ask_share: float = 0.7  # help(i->j) = share * best ask + (1 - share) * mean over asks
    client_fit: float = 0.3  # j is the kind of client i says they serve (an unwritten ask)
    text_when_taxonomy_disagrees: float = 0.5  # keep this share of plain text similarity
    # Pair terms.
    mutual_bonus: float = 0.5  # extra for min(help(i->j), help(j->i)): both gain
    sphere_partner: float = 0.3  # same contact sphere, different specialty: natural referrers
    common_ground: float = 0.15  # similar target clients: something to talk about
    competitor_penalty: float = 0.8  # same specialty: competing for the same clients
    prefer_not_penalty: float = 3.0  # either asked not to sit with the other
    met_before_factor: float = 0.5  # positive scores of pairs who already met are scaled by this

    @classmethod
    def from_mapping(cls, values: Mapping[str, object]) -> Weights:
        """Build weights from an organiser's settings (a form, JSON): defaults fill the gaps.

        Unknown names are rejected so that a typo does not silently do nothing; the aliases
        "ask_match" (ask_specialty) and "diversity" (common_ground) are accepted.
        """
        known = {f.name for f in fields(cls)}
        renamed = {WEIGHT_ALIASES.get(name, name): value for name, value in values.items()}
        unknown = sorted(set(renamed) - known)
        if unknown:
            raise ValueError(f"unknown weights: {', '.join(unknown)}")
        return cls(**{name: float(value) for name, value in renamed.items()})

    def as_dict(self) -> dict[str, float]:
        """Return the weights by name (for storing an organiser's settings)."""
        return asdict(self)

    @property
    def channel_weights(self) -> np.ndarray:
        """Return the ask-evidence weights in CHANNELS order."""
        return np.array(
            [
                self.ask_specialty,
                self.ask_introduce,
                self.ask_profile_text,
                self.ask_serves,
                self.ask_sphere,
            ]
        )


@dataclass(frozen=True)
class PairTerms:
    """The (n, n) pair-level terms, kept for explanations."""

    mutual: np.ndarray
    partner: np.ndarray
    common: np.ndarray
    competitor: np.ndarray
    prefer_not: np.ndarray
    met_before: np.ndarray


@dataclass(frozen=True)
class ScoreMatrix:
    """Symmetric pair scores, directional help and the evidence behind them."""

    ids: tuple[str, ...]
    scores: np.ndarray  # (n, n) symmetric, zero diagonal, negative for poor pairs
    help: np.ndarray  # (n, n) help[i, j] = how well j answers i's asks
    features: Features = field(repr=False)
    weights: Weights = field(repr=False)
    evidence: np.ndarray = field(repr=False)  # (channels, A, n) weighted evidence per ask
    pair_terms: PairTerms = field(repr=False)

    def index(self, person_id: str) -> int:
        """Return the row of a person id."""
        return self.ids.index(person_id)

    @cached_property
    def direction_index(self):
        """Return which ask and channel explain each direction (computed once, for reasons)."""
        from .explain import direction_index

        return direction_index(self)

    def reasons(self, i: int, j: int, k: int = 2) -> list[str]:
        """Return up to k plain-word reasons for the score of pair (i, j), strongest first."""
        from .explain import pair_reasons

        return [text for _, text in pair_reasons(self, i, j)[:k]]

    def best_introductions(self, i: int, candidates: Sequence[int], k: int = 1):
        """Return up to k (j, reason) introductions most useful to person i among candidates."""
        from .explain import introduction_reason

        ranked = sorted((j for j in candidates if j != i), key=lambda j: -self.help[i, j])
        return [(j, introduction_reason(self, i, j)) for j in ranked[:k]]


def score_profiles(
    profiles: Sequence[Profile],
    weights: Weights = Weights(),
    met_before: Collection[frozenset[str]] = (),
    taxonomy: Taxonomy | None = None,
) -> ScoreMatrix:
    """Score every pair of profiles: who can help whom, minus competition and friction."""
    features = build_features(profiles, taxonomy or default_taxonomy())
    evidence = ask_evidence(features, weights)
    per_ask = soft_or(evidence)
    asked = aggregate_asks(per_ask, features.ask_owner, features.size, weights)
    help_matrix = 1.0 - (1.0 - asked) * (1.0 - weights.client_fit * features.client_fit)
    terms = pair_terms(features, help_matrix, met_before)
    scores = combine(help_matrix, terms, weights)
    ids = tuple(p.id for p in features.profiles)
    return ScoreMatrix(ids, scores, help_matrix, features, weights, evidence, terms)


def ask_evidence(features: Features, weights: Weights) -> np.ndarray:
    """Return (channels, A, n): weighted evidence that person j answers ask a."""
    f = features
    floor = np.where(f.ask_is_role, weights.role_qualifier_floor, weights.qualifier_floor)
    specialty = specialty_fit(f, f.identity, f.ask_qualifier, floor)
    intro_fit = specialty_fit(f, f.intro_specialty, f.ask_qualifier_intro, floor)
    damping = weights.text_when_taxonomy_disagrees
    intro_text = f.ask_vs_intro * disagreement(f.ask_specialty, f.intro_specialty, damping)
    introduce = best_per_owner(np.maximum(intro_text, intro_fit), f.intro_owner, f.size)
    profile_text = f.ask_vs_profile * disagreement(f.ask_specialty, f.identity, damping)
    sphere_asked = np.clip(f.ask_specialty @ f.sphere_of, 0.0, 1.0)
    sphere_held = np.clip(competing(f.identity, f) @ f.sphere_of, 0.0, 1.0)
    sphere = np.clip(sphere_asked @ sphere_held.T, 0.0, 1.0)
    stacked = np.stack([specialty, introduce, profile_text, f.ask_vs_serves, sphere])
    evidence = stacked * weights.channel_weights[:, None, None]
    # Nobody answers their own asks.
    if len(f.ask_owner):
        evidence[:, np.arange(len(f.ask_owner)), f.ask_owner] = 0.0
    return evidence


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


def soft_or(evidence: np.ndarray) -> np.ndarray:
    """Combine independent pieces of evidence in [0, 1]: 1 - prod(1 - e)."""
    return 1.0 - np.prod(1.0 - np.clip(evidence, 0.0, 1.0), axis=0)


def best_per_owner(matrix: np.ndarray, owner: np.ndarray, n: int) -> np.ndarray:
    """Return (rows, n): for each row, the max over the columns owned by each person."""
    return group_max(matrix, owner, n)


def aggregate_asks(per_ask: np.ndarray, owner: np.ndarray, n: int, weights: Weights) -> np.ndarray:
    """Return (n, n) help[i, j] from the per-ask scores of i's asks."""
    best = group_max(per_ask.T, owner, n).T
    total = group_sum(per_ask.T, owner, n).T
    counts = np.maximum(np.bincount(owner, minlength=n), 1)[:, None]
    share = weights.best_ask_share
    return share * best + (1.0 - share) * total / counts


def competing(memberships: np.ndarray, features: Features) -> np.ndarray:
    """Return memberships restricted to specialties whose holders compete (not in-house roles)."""
    return memberships * features.competes[None, :]


def pair_terms(
    features: Features, help_matrix: np.ndarray, met_before: Collection[frozenset[str]]
) -> PairTerms:
    """Compute the pair-level terms: mutual help, sphere partners, rivals, friction, history."""
    f = features
    held = competing(f.identity, f)
    competitor = np.clip(held @ f.identity.T, 0.0, 1.0)
    spheres = np.clip(held @ f.sphere_of, 0.0, 1.0)
    partner = np.clip(spheres @ spheres.T - competitor, 0.0, 1.0)
    return PairTerms(
        mutual=np.minimum(help_matrix, help_matrix.T),
        partner=partner,
        common=f.serves_vs_serves,
        competitor=competitor,
        prefer_not=prefer_not_matrix(f.profiles),
        met_before=met_before_matrix(f.profiles, met_before),
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


def combine(help_matrix: np.ndarray, terms: PairTerms, weights: Weights) -> np.ndarray:
    """Return the symmetric pair score from directional help and the pair terms."""
    score = help_matrix + help_matrix.T + weights.mutual_bonus * terms.mutual
    score += weights.sphere_partner * terms.partner + weights.common_ground * terms.common
    score -= weights.competitor_penalty * terms.competitor
    score -= weights.prefer_not_penalty * terms.prefer_not
    # Meeting again is still worth something, so only the upside is scaled down.
    repeat = (terms.met_before > 0) & (score > 0)
    score = np.where(repeat, score * weights.met_before_factor, score)
    np.fill_diagonal(score, 0.0)
    return (score + score.T) / 2.0
