"""Why a solve stops: proven optimal, converged, time limit or iteration limit."""

from __future__ import annotations

import time

import numpy as np
import pytest

from solver import Problem, Status, solve


def _scores(n: int, seed: int) -> np.ndarray:
    raw = np.random.default_rng(seed).random((n, n))
    return raw + raw.T


def test_search_stops_early_when_converged():
    problem = Problem(_scores(40, 0), time_limit_s=20.0)
    started = time.perf_counter()
    plan = solve(problem)
    assert plan.status is Status.FEASIBLE and plan.stop_reason == "converged"
    assert time.perf_counter() - started < 10.0
    # Running on for the full time finds nothing meaningfully better.
    longer = solve(Problem(_scores(40, 0), time_limit_s=3.0, stop_when_converged=False))
    assert plan.objective >= 0.999 * longer.objective


def test_time_limit_is_reported_and_kept_without_early_stop():
    started = time.perf_counter()
    plan = solve(Problem(_scores(60, 1), time_limit_s=0.6, stop_when_converged=False))
    assert plan.stop_reason == "time_limit"
    assert 0.5 < time.perf_counter() - started < 1.5


def test_time_limit_stays_the_upper_bound_when_still_improving():
    started = time.perf_counter()
    plan = solve(Problem(_scores(200, 2), time_limit_s=0.5))
    assert plan.ok and plan.stop_reason == "time_limit"
    assert time.perf_counter() - started < 1.0


def test_iteration_limit_is_reported():
    plan = solve(Problem(_scores(60, 3), time_limit_s=30.0, iteration_limit=2, workers=2))
    assert plan.stop_reason == "iteration_limit"


def test_proven_optimum_is_reported():
    plan = solve(Problem(_scores(12, 4), min_size=3, max_size=4, time_limit_s=30.0))
    assert plan.status is Status.OPTIMAL and plan.stop_reason == "optimal"
    assert plan.seconds < 10.0


@pytest.mark.parametrize("scores", [[[0, 1], [2, 0]], _scores(7, 5)])
def test_nothing_seated_has_no_stop_reason(scores):
    plan = solve(Problem(scores, min_size=4, max_size=5, time_limit_s=1.0))
    assert not plan.ok and plan.stop_reason == ""


def test_small_event_does_not_wait_for_cp_sat_until_the_time_limit():
    started = time.perf_counter()
    plan = solve(Problem(_scores(20, 6), min_size=4, max_size=6, time_limit_s=20.0))
    assert plan.ok and plan.method == "cp-sat"
    assert plan.stop_reason in ("optimal", "converged")
    assert time.perf_counter() - started < 10.0
    # CP-SAT with the full time finds nothing better than the converged search.
    full = solve(Problem(_scores(20, 6), min_size=4, max_size=6, time_limit_s=4.0,
                         stop_when_converged=False))  # fmt: skip
    assert plan.objective >= full.objective - 1e-9
