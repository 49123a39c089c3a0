"""The plain-words score: a random seating's expectation, computed in closed form."""

from __future__ import annotations

import itertools

import numpy as np
import pytest

from solver import Plan, Problem, Status, plain_quality, random_expectation, solve
from tests.solver.solver_checks import rescore


def _scores(n: int, seed: int) -> np.ndarray:
    raw = np.random.default_rng(seed).random((n, n))
    return raw + raw.T


def test_random_expectation_equals_the_average_over_every_seating():
    scores = _scores(7, 0)
    sizes = [3, 4]
    pattern = [0, 0, 0, 1, 1, 1, 1]
    values = [rescore(scores, seating) for seating in set(itertools.permutations(pattern))]
    assert random_expectation(scores, sizes) == pytest.approx(np.mean(values))


def test_plain_quality_compares_with_random():
    scores = _scores(40, 1)
    plan = solve(Problem(scores, time_limit_s=0.5))
    quality = plain_quality(plan, scores)
    expected = random_expectation(scores, [len(t) for t in plan.tables])
    assert quality.random_expected == pytest.approx(expected)
    assert quality.times_random == pytest.approx(plan.objective / expected)
    assert quality.times_random > 1.0
    assert (
        quality.sentence
        == f"{quality.times_random - 1:.0%} more referral potential than a random seating"
    )


@pytest.mark.parametrize(
    ("objective", "words"),
    [
        (6.0, "3.0 times the referral potential of a random seating"),
        (2.5, "25% more referral potential than a random seating"),
        (2.002, "about as much referral potential as a random seating"),
        (1.8, "10% less referral potential than a random seating"),
    ],
)
def test_plain_words(objective, words):
    scores = np.ones((4, 4))  # a random seating at two tables of two scores 2 pairs x 1
    plan = Plan(Status.FEASIBLE, tables=((0, 1), (2, 3)), objective=objective)
    assert plain_quality(plan, scores).sentence == words


def test_no_ratio_when_random_scores_nothing():
    scores = np.array([[0, 1, -1], [1, 0, 0], [-1, 0, 0]], dtype=float)
    plan = Plan(Status.FEASIBLE, tables=((0, 1), (2,)), objective=1.0)
    quality = plain_quality(plan, scores)
    assert quality.times_random is None and quality.random_expected == 0.0
    assert quality.sentence == "1.0 points more referral potential than a random seating"
