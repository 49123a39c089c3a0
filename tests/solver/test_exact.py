"""Small instances: proven optima from MDGPLIB and brute force on random instances."""

from __future__ import annotations

import csv
import itertools
import os
import time
from pathlib import Path

import numpy as np
import pytest

from solver import Constraints, Problem, Status, TableSpec, solve
from tests.solver.solver_checks import rescore, violations

LIBRARY = Path(
    os.environ.get("MDGPLIB_DIR", Path(__file__).resolve().parents[3] / "shared" / "mdgplib")
)


def _read_instance(path: Path):
    """Parse an MDGPLIB file independently of solver.mdgp."""
    lines = path.read_text().split("\n")
    header = lines[0].split()
    n, groups = int(header[0]), int(header[1])
    bounds = [int(x) for x in header[3 : 3 + 2 * groups]]
    scores = [[0.0] * n for _ in range(n)]
    for line in lines[1:]:
        if line.strip():
            i, j, d = line.split()
            scores[int(i)][int(j)] = scores[int(j)][int(i)] = float(d)
    return scores, [(bounds[2 * g], bounds[2 * g + 1]) for g in range(groups)]


def _proven_optima():
    table = LIBRARY / "reference_values_computed_here.csv"
    if not table.exists():
        return []
    with table.open() as handle:
        return [
            (row["instance"], float(row["value"]))
            for row in csv.DictReader(handle)
            if row["kind"] == "proven_optimal"
        ]


@pytest.mark.skipif(not _proven_optima(), reason="MDGPLIB not found (set MDGPLIB_DIR)")
@pytest.mark.parametrize(("name", "optimum"), _proven_optima())
def test_mdgplib_small_instances_are_proven_optimal(name, optimum):
    scores, bounds = _read_instance(LIBRARY / "instances" / name.split("_")[0] / f"{name}.txt")
    tables = tuple(TableSpec(lo, hi) for lo, hi in bounds)
    started = time.perf_counter()
    plan = solve(Problem(scores, tables=tables, time_limit_s=5.0))
    elapsed = time.perf_counter() - started
    assert plan.status is Status.OPTIMAL
    assert rescore(scores, plan.assignment) == pytest.approx(optimum, abs=1e-3)
    assert plan.objective == pytest.approx(optimum, abs=1e-3)
    assert plan.bound == pytest.approx(plan.objective) and plan.gap == pytest.approx(0.0)
    assert violations(plan.assignment, bounds, Constraints()) == []
    assert elapsed < 1.0


def _brute_force(scores, bounds, constraints) -> float:
    best = -np.inf
    n = len(scores)
    for assignment in itertools.product(range(len(bounds)), repeat=n):
        if not violations(assignment, bounds, constraints):
            best = max(best, rescore(scores, assignment))
    return best


@pytest.mark.parametrize("seed", range(6))
def test_random_tiny_instances_match_brute_force(seed):
    rng = np.random.default_rng(seed)
    n = int(rng.integers(5, 9))
    raw = rng.normal(size=(n, n)).round(2)
    scores = (raw + raw.T).tolist()
    bounds = [(1, 4), (2, 3), (1, 5)] if seed % 2 else [(2, 4), (2, 4)]
    constraints = Constraints(keep_apart=((0, 1),), pinned=((2, 1),)) if seed % 3 else Constraints()
    tables = tuple(TableSpec(lo, hi) for lo, hi in bounds)
    plan = solve(Problem(scores, tables=tables, constraints=constraints, time_limit_s=2.0))
    assert plan.status is Status.OPTIMAL
    assert violations(plan.assignment, bounds, constraints) == []
    assert rescore(scores, plan.assignment) == pytest.approx(
        _brute_force(scores, bounds, constraints)
    )


def test_medium_event_reports_bound_and_gap():
    rng = np.random.default_rng(7)
    raw = rng.random((20, 20))
    plan = solve(Problem(raw + raw.T, min_size=4, max_size=6, time_limit_s=2.0))
    assert plan.ok and plan.bound is not None and plan.gap is not None
    assert plan.bound >= plan.objective - 1e-9
    assert plan.gap == pytest.approx((plan.bound - plan.objective) / abs(plan.bound))
