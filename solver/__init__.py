"""Tablewise seating optimiser: maximally diverse grouping with organiser constraints.

Pure library (no web framework): frozen dataclasses in, a frozen Plan out.
"""

from .edit import (
    EditResult,
    InvalidEdit,
    TableChange,
    evaluate_move,
    evaluate_swap,
    seating_violations,
)
from .problem import Constraints, Plan, Problem, Status, TableSpec
from .progress import ProgressHook
from .quality import Quality, plain_quality, random_expectation
from .rounds import RoundsPlan, solve_rounds
from .search import warm_up
from .solve import solve

__all__ = [
    "Constraints",
    "EditResult",
    "InvalidEdit",
    "Plan",
    "Problem",
    "ProgressHook",
    "Quality",
    "RoundsPlan",
    "Status",
    "TableChange",
    "TableSpec",
    "evaluate_move",
    "evaluate_swap",
    "plain_quality",
    "random_expectation",
    "seating_violations",
    "solve",
    "solve_rounds",
    "warm_up",
]
