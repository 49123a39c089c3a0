"""Directional help scores and symmetric pair scores for a group of attendees."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass, field
from functools import cached_property

import numpy as np

from . import explain
from .evidence import ask_evidence, ask_strength, channel_aggregates, semantic_evidence
from .features import Features, build_features
from .pairs import PairTerms, pair_terms
from .profile import Profile
from .taxonomy import Taxonomy, default_taxonomy
from .weights import CHANNEL_WEIGHTS, CHANNELS, FITTED, Weights, semantic_in_default


@dataclass(frozen=True)
class ScoreMatrix:
    """Directed usefulness, symmetric seating scores, help with asks and their evidence."""

    ids: tuple[str, ...]
    scores: np.ndarray  # (n, n) symmetric (mean of both directions), zero diagonal, for seating
    directed: np.ndarray  # (n, n) directed[i, j] = how useful j is to i (see `useful`)
    help: np.ndarray  # (n, n) help[i, j] = how well j answers i's asks (see `answers`)
    features: Features = field(repr=False)
    weights: Weights = field(repr=False)
    evidence: np.ndarray = field(repr=False)  # (channels, A, n) raw evidence per ask
    pair_terms: PairTerms = field(repr=False)

    def index(self, person_id: str) -> int:
        """Return the row of a person id."""
        return self.ids.index(person_id)

    @cached_property
    def strength(self) -> np.ndarray:
        """Return (A, n): how well each person answers each ask (the one combination formula)."""
        return ask_strength(self.evidence, self.weights)

    @cached_property
    def direction_index(self) -> explain.DirectionIndex:
        """Return which ask and channel explain each direction (computed once, for reasons)."""
        return explain.direction_index(self)

    def useful(self, person: int, other: int) -> float:
        """Return how useful `other` is to `person`: `other` answering `person`'s asks counts
        more than the reverse (a lead), rivalry and friction subtract (0 for oneself)."""
        return float(self.directed[person, other])

    def answers(self, asker: int, helper: int) -> float:
        """Return how well `helper` answers `asker`'s asks (directional; 0 for oneself)."""
        return float(self.help[asker, helper])

    def best_ask(self, asker: int, helper: int) -> str | None:
        """Return the asker's ask that the helper answers best, or None if none is answered."""
        if asker == helper:
            return None
        ask = int(self.direction_index.best_ask[asker, helper])
        if ask < 0 or self.direction_index.best_strength[asker, helper] <= 0:
            return None
        return self.features.ask_text[ask]

    def answered_through(self, asker: int, helper: int) -> str | None:
        """Return the channel by which the helper answers that best ask ("introduce": they
        know such people; "specialty": they are one), or None if no ask is answered."""
        if self.best_ask(asker, helper) is None:
            return None
        ask = int(self.direction_index.best_ask[asker, helper])
        channel = int(self.direction_index.channel[ask, helper])
        return CHANNELS[channel] if channel >= 0 else None  # -1: no channel clears its floor

    def reasons(self, i: int, j: int, k: int = 2) -> list[str]:
        """Return up to k plain-word reasons for the score of pair (i, j), strongest first."""
        return [text for _, text in explain.pair_reasons(self, i, j)[:k]]

    def best_introductions(self, i: int, candidates: Sequence[int], k: int = 1):
        """Return up to k (j, reason) introductions most useful to person i among candidates."""
        ranked = sorted(
            (j for j in candidates if j != i),
            key=lambda j: (-self.help[i, j], -self.directed[i, j]),
        )
        return [(j, explain.introduction_reason(self, i, j)) for j in ranked[:k]]

    def conversation_starter(self, i: int, j: int) -> str | None:
        """Return a line about what two people share outside work, or None."""
        return explain.conversation_starter(self, i, j)

    def shared_interest(self, i: int, j: int) -> str | None:
        """Return the topic two people share outside work ("sailing"), or None."""
        return explain.shared_interest(self, i, j)


def score_profiles(
    profiles: Sequence[Profile],
    weights: Weights | None = None,
    met_before: Collection[frozenset[str]] = (),
    taxonomy: Taxonomy | None = None,
    encoder=None,
) -> ScoreMatrix:
    """Score every pair of profiles: who can help whom, minus competition and friction.

    `encoder` (planner.matching.embed.default_encoder()) adds the semantic channel; without it
    the channel is absent. `weights=None` picks the fitted set for that configuration: the set
    fitted with the channel when an encoder is given and the channel held its measured gain.
    """
    if weights is None:
        weights = Weights.fitted(semantic=encoder is not None and semantic_in_default())
    features = build_features(profiles, taxonomy or default_taxonomy())
    semantic = semantic_evidence(features, encoder, weights) if encoder is not None else None
    evidence = ask_evidence(features, weights, semantic)
    aggregates = channel_aggregates(evidence, features.ask_owner, features.size, weights)
    client = features.client_fit
    help_matrix = np.tensordot(weights.channel_weights, aggregates, axes=1)
    help_matrix = help_matrix + weights.client_fit * client
    terms = pair_terms(features, aggregates, CHANNEL_WEIGHTS, met_before)
    directed = combine(terms, weights)
    scores = (directed + directed.T) / 2.0  # a table serves both people: each direction counts
    ids = tuple(p.id for p in features.profiles)
    return ScoreMatrix(ids, scores, directed, help_matrix, features, weights, evidence, terms)


def combine(terms: PairTerms, weights: Weights) -> np.ndarray:
    """Return the directed score [i, j] (j for i): fitted features, shared ground, rules."""
    n = len(terms.prefer_not)
    score = np.zeros((n, n))
    for name in FITTED:
        score += weights.signed(name) * terms.features[name]
    score += weights.personal_ground * terms.personal
    score -= weights.prefer_not_penalty * terms.prefer_not
    # Meeting again is still worth something, so only the upside is scaled down.
    repeat = (terms.met_before > 0) & (score > 0)
    score = np.where(repeat, score * weights.met_before_factor, score)
    np.fill_diagonal(score, 0.0)
    return score
