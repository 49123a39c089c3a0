"""Referral-aware pair scoring for networking dinners (pure Python: numpy + scikit-learn).

Who is worth seating together is who can help whom: a realtor asks for mortgage brokers, a
mortgage broker can introduce home inspectors, two estate-planning lawyers compete. See
`score_profiles` for the model, `ScoreMatrix.answers` / `best_ask` for directional use and
`ScoreMatrix.reasons` for the plain-word explanations.
"""

from .evidence import semantic_texts
from .flags import profile_flags, vague_ask_hint
from .infer import ask_hints, infer_specialties
from .profile import Profile, profile_from_dict
from .scoring import ScoreMatrix, score_profiles
from .taxonomy import Taxonomy, default_taxonomy, industry_choices, taxonomy_groups
from .weights import Weights

__all__ = [
    "Profile",
    "ScoreMatrix",
    "Taxonomy",
    "Weights",
    "ask_hints",
    "default_taxonomy",
    "industry_choices",
    "infer_specialties",
    "profile_from_dict",
    "profile_flags",
    "score_profiles",
    "semantic_texts",
    "taxonomy_groups",
    "vague_ask_hint",
]
