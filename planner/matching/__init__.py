"""Referral-aware pair scoring for networking dinners (pure Python: numpy + scikit-learn).

Who is worth seating together is who can help whom: a realtor asks for mortgage brokers, a
mortgage broker can introduce home inspectors, two estate-planning lawyers compete. See
`score_profiles` for the model and `ScoreMatrix.reasons` for the plain-word explanations.
"""

from .infer import ask_hints, infer_specialties
from .profile import Profile, profile_from_dict
from .scoring import ScoreMatrix, Weights, score_profiles
from .taxonomy import Taxonomy, default_taxonomy, industry_choices, taxonomy_groups

__all__ = [
    "Profile",
    "ask_hints",
    "ScoreMatrix",
    "Taxonomy",
    "Weights",
    "default_taxonomy",
    "industry_choices",
    "infer_specialties",
    "profile_from_dict",
    "score_profiles",
    "taxonomy_groups",
]
