"""Property-based: every hard constraint holds on random feasible instances."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from solver import Constraints, Problem, Status, TableSpec, solve
from tests.solver.solver_checks import rescore, violations


@st.composite
def planted_instances(draw):
    """Draw sizes, a hidden seating that fits them, and constraints that seating satisfies."""
    n_tables = draw(st.integers(2, 6))
    sizes = [draw(st.integers(2, 8)) for _ in range(n_tables)]
    bounds = [(max(1, s - draw(st.integers(0, 2))), s + draw(st.integers(0, 2))) for s in sizes]
    hidden = [t for t, s in enumerate(sizes) for _ in range(s)]
    n = len(hidden)
    rng = np.random.default_rng(draw(st.integers(0, 2**32 - 1)))
    rng.shuffle(hidden)
    raw = rng.normal(size=(n, n))
    scores = raw + raw.T
    by_table = [[p for p in range(n) if hidden[p] == t] for t in range(n_tables)]
    people = st.integers(0, n - 1)
    apart = [(a, b) for a, b in draw(st.lists(st.tuples(people, people), max_size=8))]
    together = [tuple(g[: draw(st.integers(1, 3))]) for g in by_table if draw(st.booleans())]
    pins = [(p, hidden[p]) for p in draw(st.lists(people, max_size=4, unique=True))]
    hosts = [g[-1] for g in by_table if draw(st.booleans())]
    competitors = [tuple(g[0] for g in by_table[: draw(st.integers(0, n_tables))])]
    constraints = Constraints(
        keep_apart=tuple((a, b) for a, b in apart if hidden[a] != hidden[b]),
        keep_together=tuple(together),
        pinned=tuple(pins),
        hosts=tuple(hosts),
        competitor_groups=tuple(c for c in competitors if len(c) > 1),
    )
    return scores, bounds, constraints


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(planted_instances(), st.booleans())
def test_every_constraint_is_honoured(instance, as_tuples):
    scores, bounds, constraints = instance
    matrix = tuple(map(tuple, scores.tolist())) if as_tuples else scores
    tables = tuple(TableSpec(lo, hi) for lo, hi in bounds)
    plan = solve(Problem(matrix, tables=tables, constraints=constraints, time_limit_s=0.3))
    assert plan.status in (Status.OPTIMAL, Status.FEASIBLE), plan.message
    assert violations(plan.assignment, bounds, constraints) == []
    assert plan.objective == pytest.approx(rescore(scores, plan.assignment), abs=1e-6)
    for t, members in enumerate(plan.tables):
        assert all(plan.assignment[p] == t for p in members)
        sub = scores[np.ix_(members, members)]
        assert plan.table_scores[t] == pytest.approx(np.triu(sub, 1).sum(), abs=1e-6)
    assert sorted(p for m in plan.tables for p in m) == list(range(len(scores)))


@settings(max_examples=15, deadline=None)
@given(st.integers(13, 90), st.integers(0, 1000))
def test_automatic_tables_respect_default_sizes(n, seed):
    rng = np.random.default_rng(seed)
    raw = rng.random((n, n))
    plan = solve(Problem(raw + raw.T, time_limit_s=0.3))
    assert plan.ok, plan.message
    assert all(6 <= len(m) <= 10 for m in plan.tables)
    assert len(plan.tables) == -(-n // 10)  # fewest tables: the most conversations


def test_large_event_with_all_constraint_kinds():
    rng = np.random.default_rng(3)
    n = 120
    raw = rng.normal(size=(n, n))
    scores = raw + raw.T
    constraints = Constraints(
        keep_apart=((0, 1), (2, 3), (4, 5)),
        keep_together=((6, 7, 8), (9, 10)),
        pinned=((11, 0), (12, 0), (6, 3)),
        hosts=tuple(range(100, 112)),
        competitor_groups=((20, 21, 22, 23),),
    )
    plan = solve(Problem(scores, constraints=constraints, time_limit_s=1.0))
    assert plan.ok, plan.message
    bounds = [(6, 10)] * len(plan.tables)
    assert violations(plan.assignment, bounds, constraints) == []
    assert plan.objective == pytest.approx(rescore(scores, plan.assignment))
