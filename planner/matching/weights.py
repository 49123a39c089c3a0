"""Weights of the pair score: the combination of evidence is fitted, thresholds are set by hand.

The score is directional: how useful j is to i counts j answering i's asks (`ask_*`,
`client_fit`) apart from i answering j's asks (`reverse_*`: j would be i's lead). Seating uses
the mean of both directions.

The fitted part lives in data/weights.json, written by `python -m planner.matching.fit` from the
labelled judgments in tests/matching/. `Weights()` holds the set fitted without the semantic
channel; organisers override any field by name (`Weights.from_mapping`).
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from functools import cache
from importlib import resources

import numpy as np

WEIGHTS_FILE = "weights.json"
# Evidence channels for one ask, in the order of the first axis of ScoreMatrix.evidence.
CHANNELS = ("specialty", "introduce", "profile", "serves", "sphere", "semantic")
CHANNEL_WEIGHTS = (
    "ask_specialty",
    "ask_introduce",
    "ask_profile_text",
    "ask_serves",
    "ask_sphere",
    "ask_semantic",
)
# The same channels the other way round: i answers j's asks (j is a lead for i).
REVERSE_WEIGHTS = (
    "reverse_specialty",
    "reverse_introduce",
    "reverse_profile_text",
    "reverse_serves",
    "reverse_sphere",
    "reverse_semantic",
)
# Directional features and their reverse, by weight name (the fit can tie each pair).
DIRECTIONS = dict(
    zip((*CHANNEL_WEIGHTS, "client_fit"), (*REVERSE_WEIGHTS, "reverse_client_fit"), strict=True)
)
SEMANTIC = frozenset({"ask_semantic", "reverse_semantic"})
# Pair features the fit combines (each a Weights field). Penalties are subtracted, so the fit
# sees them negated and every fitted weight is >= 0.
FITTED = (
    *CHANNEL_WEIGHTS,
    "client_fit",
    *DIRECTIONS.values(),
    "mutual_bonus",
    "sphere_partner",
    "common_ground",
    "competitor_penalty",
    "competitor_same_market",
    "thin_profile_penalty",
)
PENALTIES = frozenset({"competitor_penalty", "competitor_same_market", "thin_profile_penalty"})
WEIGHT_ALIASES = {"ask_match": "ask_specialty", "diversity": "common_ground"}


@cache
def fitted_document() -> dict:
    """Return data/weights.json: the fitted sets and the figures that chose between them."""
    raw = resources.files("planner.matching").joinpath("data", WEIGHTS_FILE).read_text("utf-8")
    return json.loads(raw)


def fitted_sets() -> dict[str, dict[str, float]]:
    """Return the fitted weight sets by name ("with_semantic", "without_semantic")."""
    return fitted_document()["sets"]


def semantic_in_default() -> bool:
    """Tell whether the semantic channel held its gain and belongs in the default model."""
    return bool(fitted_document().get("semantic_in_default", False))


def _fitted(name: str) -> float:
    return float(fitted_sets()["without_semantic"].get(name, 0.0))


@dataclass(frozen=True)
class Weights:
    """Weights of the pair score; the defaults are fitted without the semantic channel.

    `Weights.fitted(semantic=True)` is the set fitted with it (see score_profiles).
    """

    # How much each kind of evidence counts when j answers one of i's asks.
    ask_specialty: float = _fitted("ask_specialty")  # j's line of business is what i asked for
    ask_introduce: float = _fitted("ask_introduce")  # j can introduce whom i asked for
    ask_profile_text: float = _fitted("ask_profile_text")  # j's self-description reads like it
    ask_serves: float = _fitted("ask_serves")  # j serves the people i wants to reach
    ask_sphere: float = _fitted("ask_sphere")  # j works in the sphere of what i asked for
    ask_semantic: float = _fitted("ask_semantic")  # sentence-embedding ask <-> offers cosine
    client_fit: float = _fitted("client_fit")  # j is the kind of client i says they serve
    # The other direction: i answers j's asks, i is the kind of client j serves.
    reverse_specialty: float = _fitted("reverse_specialty")
    reverse_introduce: float = _fitted("reverse_introduce")
    reverse_profile_text: float = _fitted("reverse_profile_text")
    reverse_serves: float = _fitted("reverse_serves")
    reverse_sphere: float = _fitted("reverse_sphere")
    reverse_semantic: float = _fitted("reverse_semantic")
    reverse_client_fit: float = _fitted("reverse_client_fit")
    # Pair terms.
    mutual_bonus: float = _fitted("mutual_bonus")  # extra for the weaker direction: both gain
    sphere_partner: float = _fitted("sphere_partner")  # same sphere, different specialty
    common_ground: float = _fitted("common_ground")  # similar target clients
    competitor_penalty: float = _fitted("competitor_penalty")  # same competing specialty
    competitor_same_market: float = _fitted("competitor_same_market")  # ... and same clients
    thin_profile_penalty: float = _fitted("thin_profile_penalty")  # vague / lead-gen profiles
    # Set by hand: no labelled judgment measures these.
    # When the ask says more than the specialty ("realtors who work with first-time buyers"),
    # a holder of the specialty whose profile fits none of the rest keeps only this share. An
    # ask for an in-house role ("founders building B2B software") depends more on the rest.
    qualifier_floor: float = 0.75
    role_qualifier_floor: float = 0.35
    best_ask_share: float = 0.7  # per channel: share * best ask + (1 - share) * mean over asks
    text_when_taxonomy_disagrees: float = 0.5  # keep this share of plain text similarity
    # all-MiniLM-L6-v2 cosines: unrelated short texts sit around 0.1-0.25, paraphrases above
    # 0.6; the semantic channel maps floor..full onto 0..1 (`fit --calibration` checks them).
    semantic_floor: float = 0.25
    semantic_full: float = 0.65
    # No labelled set has the "outside work" field, so nothing can fit this one.
    personal_ground: float = 0.1  # shared interests outside work ("outside work I ...")
    prefer_not_penalty: float = 8.0  # either asked not to sit with the other (above any gain)
    met_before_factor: float = 0.5  # positive scores of pairs who already met are scaled by this

    @classmethod
    def fitted(cls, semantic: bool) -> Weights:
        """Return the weights fitted with or without the semantic channel."""
        name = "with_semantic" if semantic else "without_semantic"
        return cls(**fitted_sets()[name])

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
        return np.array([getattr(self, name) for name in CHANNEL_WEIGHTS])

    def signed(self, name: str) -> float:
        """Return a fitted weight with the sign it enters the score with."""
        value = getattr(self, name)
        return -value if name in PENALTIES else value
