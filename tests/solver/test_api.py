"""The contract the web app relies on: fields, explanations, determinism, timing."""

from __future__ import annotations

import time

import numpy as np
import pytest

from solver import Constraints, Plan, Problem, Status, TableSpec, solve, warm_up
from tests.solver.solver_checks import rescore, violations


def _scores(n: int, seed: int = 0) -> np.ndarray:
    rng = np.random.default_rng(seed)
    raw = rng.random((n, n))
    return raw + raw.T


def test_plan_fields_are_consistent():
    scores = _scores(40)
    plan = solve(Problem(scores, time_limit_s=0.5))
    assert isinstance(plan, Plan) and plan.status is Status.FEASIBLE
    assert len(plan.assignment) == 40 and len(plan.tables) == 4
    assert plan.objective == pytest.approx(rescore(scores, plan.assignment))
    assert plan.objective == pytest.approx(sum(plan.table_scores))
    assert plan.bound >= plan.objective and 0 <= plan.gap < 1
    assert 0 < plan.seconds < 1.5


def test_same_seed_and_iteration_limit_give_the_same_plan():
    scores = _scores(90, seed=2)

    def run(seed):
        problem = Problem(scores, time_limit_s=30, seed=seed, iteration_limit=3, workers=2)
        return solve(problem).assignment

    assert run(5) == run(5)


def test_negative_scores_keep_rivals_apart():
    scores = _scores(24, seed=3)
    rivals = [(0, 1), (2, 3), (4, 5)]
    for a, b in rivals:
        scores[a, b] = scores[b, a] = -100.0
    plan = solve(Problem(scores, min_size=4, max_size=6, time_limit_s=1.0))
    assert plan.ok
    assert all(plan.assignment[a] != plan.assignment[b] for a, b in rivals)


def test_tables_of_different_capacities():
    scores = _scores(30, seed=4)
    bounds = [(8, 12), (4, 6), (6, 8), (2, 4)]
    tables = tuple(TableSpec(lo, hi) for lo, hi in bounds)
    plan = solve(Problem(scores, tables=tables, time_limit_s=0.5))
    assert plan.ok and violations(plan.assignment, bounds, Constraints()) == []


def test_hosts_get_one_per_table_when_counts_match():
    scores = _scores(60, seed=5)
    hosts = (50, 51, 52, 53, 54, 55)
    plan = solve(Problem(scores, constraints=Constraints(hosts=hosts), time_limit_s=0.5))
    assert plan.ok and len(plan.tables) == 6
    assert sorted(plan.assignment[h] for h in hosts) == list(range(6))


def test_two_hundred_guest_dinner_within_five_seconds():
    scores = _scores(200, seed=6)
    started = time.perf_counter()
    plan = solve(Problem(scores, min_size=6, max_size=10, time_limit_s=5.0))
    elapsed = time.perf_counter() - started
    assert plan.ok and elapsed < 5.0
    assert all(6 <= len(m) <= 10 for m in plan.tables)
    # Far better than seating people in index order.
    naive = rescore(scores, [i // 10 for i in range(200)])
    assert plan.objective > 1.1 * naive


def test_warm_up_returns_quickly_once_compiled():
    warm_up()
    assert warm_up() < 1.0
