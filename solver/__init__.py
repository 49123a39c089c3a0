"""Tablewise seating optimiser: maximally diverse grouping with organiser constraints.

Pure library (no web framework): frozen dataclasses in, a frozen Plan out.
"""

from .problem import Constraints, Plan, Problem, Status, TableSpec
from .rounds import RoundsPlan, solve_rounds
from .search import warm_up
from .solve import solve

__all__ = [
    "Constraints",
    "Plan",
    "Problem",
    "RoundsPlan",
    "Status",
    "TableSpec",
    "solve",
    "solve_rounds",
    "warm_up",
]
