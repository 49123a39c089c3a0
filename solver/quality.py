"""A seating's score in plain words: how it compares with seating guests at random."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .problem import Plan


@dataclass(frozen=True)
class Quality:
    """The plan's objective next to a random seating's expected objective (same table sizes).

    times_random is objective / random_expected, None when a random seating is expected
    to score zero or less (then the ratio says nothing).
    """

    objective: float
    random_expected: float
    times_random: float | None
    sentence: str


def random_expectation(scores, table_sizes) -> float:
    """Expected objective of seating guests uniformly at random at tables of these sizes.

    Every pair shares a table with the same probability, so the expectation is the mean
    pair score times the number of pairs the tables hold.
    """
    matrix = np.asarray(scores, dtype=np.float64)
    n = matrix.shape[0]
    if n < 2:
        return 0.0
    mean_pair = float(np.triu(matrix, 1).sum()) / (n * (n - 1) / 2)
    pairs = sum(size * (size - 1) / 2 for size in table_sizes)
    return mean_pair * pairs


def plain_quality(plan: Plan, scores) -> Quality:
    """Describe the plan's score against a random seating, for the organiser."""
    expected = random_expectation(scores, [len(members) for members in plan.tables])
    if expected <= 0:
        return Quality(plan.objective, expected, None, _without_ratio(plan.objective, expected))
    ratio = plan.objective / expected
    if ratio >= 1.995:
        sentence = f"{ratio:.1f} times the referral potential of a random seating"
    elif ratio >= 1.005:
        sentence = f"{ratio - 1:.0%} more referral potential than a random seating"
    elif ratio > 0.995:
        sentence = "about as much referral potential as a random seating"
    else:
        sentence = f"{1 - ratio:.0%} less referral potential than a random seating"
    return Quality(plan.objective, expected, ratio, sentence)


def _without_ratio(objective: float, expected: float) -> str:
    if objective > expected:
        return f"{objective - expected:.1f} points more referral potential than a random seating"
    return "about as much referral potential as a random seating"
