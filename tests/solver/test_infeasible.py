"""Infeasible and invalid input comes back as a status with a plain-English reason."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import Constraints, Problem, Status, TableSpec, solve

NAMES = tuple(f"P{i}" for i in range(20))


def _ones(n: int):
    return np.ones((n, n))


def _solve(n=20, **kwargs):
    kwargs.setdefault("time_limit_s", 1.0)
    return solve(Problem(_ones(n), names=NAMES[:n] if n <= 20 else None, **kwargs))


def test_too_few_guests_for_table_sizes():
    plan = _solve(11)
    assert plan.status is Status.INFEASIBLE
    assert "11 guests" in plan.message and "6-10" in plan.message
    assert plan.assignment == ()


def test_explicit_tables_too_small():
    plan = _solve(20, tables=(TableSpec(2, 5), TableSpec(2, 5)))
    assert plan.status is Status.INFEASIBLE and "at most 10" in plan.message


def test_together_but_pinned_apart_names_both():
    cons = Constraints(keep_together=((0, 1),), pinned=((0, 0), (1, 1)))
    plan = _solve(constraints=cons)
    assert plan.status is Status.INFEASIBLE
    assert "P0" in plan.message and "P1" in plan.message and "pinned" in plan.message


def test_together_and_apart_clash():
    cons = Constraints(keep_together=((0, 1, 2),), keep_apart=((2, 0),))
    plan = _solve(constraints=cons)
    assert plan.status is Status.INFEASIBLE
    assert "together" in plan.message and "apart" in plan.message


def test_group_larger_than_any_table():
    cons = Constraints(keep_together=(tuple(range(11)),))
    plan = _solve(constraints=cons)
    assert plan.status is Status.INFEASIBLE and "largest table seats 10" in plan.message


def test_more_hosts_than_tables():
    plan = _solve(20, tables=(TableSpec(5, 10), TableSpec(5, 10)), constraints=Constraints(
        hosts=(0, 1, 2)))  # fmt: skip
    assert plan.status is Status.INFEASIBLE and "3 hosts" in plan.message


def test_too_many_pinned_to_one_table():
    cons = Constraints(pinned=tuple((p, 0) for p in range(11)))
    plan = _solve(constraints=cons)
    assert plan.status is Status.INFEASIBLE and "table 0" in plan.message


def test_clash_found_only_by_search_is_explained():
    # Six mutual enemies cannot be spread over five tables of 4: a pigeonhole clash
    # that no single constraint shows; CP-SAT names the keep-apart pairs involved.
    enemies = tuple((a, b) for a in range(6) for b in range(a + 1, 6))
    tables = tuple(TableSpec(4, 4) for _ in range(5))
    plan = _solve(20, tables=tables, constraints=Constraints(keep_apart=enemies))
    assert plan.status is Status.INFEASIBLE
    assert "kept apart" in plan.message


@pytest.mark.parametrize(
    "scores",
    [
        [[0, 1], [2, 0]],  # asymmetric
        [[0, 1, 2], [1, 0]],  # ragged
        [[0, float("nan")], [float("nan"), 0]],
        "not a matrix",
        [],
        None,
    ],
)
def test_malformed_scores_are_invalid(scores):
    plan = solve(Problem(scores))
    assert plan.status is Status.INVALID and plan.message


@pytest.mark.parametrize(
    "constraints",
    [
        Constraints(keep_apart=((0, 99),)),
        Constraints(pinned=((0, 7),)),
        Constraints(hosts=(-1,)),
        Constraints(keep_apart=((3, 3),)),
    ],
)
def test_bad_indices_are_invalid(constraints):
    plan = _solve(constraints=constraints)
    assert plan.status is Status.INVALID and plan.message


@settings(max_examples=30, deadline=None)
@given(
    st.integers(1, 25),
    st.integers(0, 12),
    st.integers(0, 12),
    st.lists(st.tuples(st.integers(-2, 30), st.integers(-2, 30)), max_size=4),
)
def test_never_raises(n, lo, hi, pins):
    plan = solve(
        Problem(_ones(n), min_size=lo, max_size=hi, time_limit_s=0.2,
                constraints=Constraints(pinned=tuple(pins)))
    )  # fmt: skip
    assert isinstance(plan.status, Status)
    if not plan.ok:
        assert plan.message
