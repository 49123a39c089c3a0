"""Organiser choices: a fixed number of tables, and locked tables that stay unchanged."""

from __future__ import annotations

import numpy as np
import pytest

from solver import Constraints, Problem, Status, TableSpec, solve
from tests.solver.solver_checks import violations


def _scores(n: int, seed: int) -> np.ndarray:
    raw = np.random.default_rng(seed).random((n, n))
    return raw + raw.T


@pytest.mark.parametrize("count", [4, 5, 6])
def test_number_of_tables_is_honoured(count):
    plan = solve(Problem(_scores(40, 0), num_tables=count, time_limit_s=0.5))
    assert plan.ok and len(plan.tables) == count
    assert violations(plan.assignment, [(6, 10)] * count, Constraints()) == []


@pytest.mark.parametrize(
    ("count", "words"),
    [
        (3, "40 guests cannot sit at 3 tables of 6-10: 3 tables seat at most 30 guests "
            "(choose 4 to 6 tables)"),
        (7, "40 guests cannot sit at 7 tables of 6-10: 7 tables need at least 42 guests "
            "(choose 4 to 6 tables)"),
    ],
)  # fmt: skip
def test_impossible_number_of_tables_is_explained(count, words):
    plan = solve(Problem(_scores(40, 1), num_tables=count))
    assert plan.status is Status.INFEASIBLE and plan.message == words


@pytest.mark.parametrize("count", [0, -2, 2.5])
def test_number_of_tables_must_be_a_positive_whole_number(count):
    plan = solve(Problem(_scores(20, 2), num_tables=count))
    assert plan.status is Status.INVALID and "num_tables" in plan.message


def test_number_of_tables_must_match_described_tables():
    tables = (TableSpec(4, 6),) * 4
    plan = solve(Problem(_scores(20, 3), tables=tables, num_tables=3))
    assert plan.status is Status.INVALID and "4 tables are described" in plan.message


def test_more_hosts_than_chosen_tables_is_explained():
    plan = solve(
        Problem(_scores(40, 4), num_tables=4, constraints=Constraints(hosts=(0, 1, 2, 3, 4)))
    )
    assert plan.status is Status.INFEASIBLE and "5 hosts but only 4 tables" in plan.message


def _lock(plan, tables) -> Constraints:
    """Pin the members of the given tables there and lock those tables."""
    pins = tuple((p, t) for t in tables for p in plan.tables[t])
    return Constraints(pinned=pins, locked_tables=tuple(tables))


def test_locked_table_stays_exactly_unchanged_after_reseating_the_rest():
    scores = _scores(60, 5)
    first = solve(Problem(scores, num_tables=7, time_limit_s=0.5))
    assert first.ok
    # Change the scores so that re-seating would otherwise move people around.
    changed = scores + _scores(60, 6)
    locked = [1, 4]
    again = solve(
        Problem(changed, num_tables=7, constraints=_lock(first, locked), time_limit_s=0.5)
    )
    assert again.ok
    for t in locked:
        assert again.tables[t] == first.tables[t]
    assert again.assignment != first.assignment


def test_locked_table_is_not_filled_up_by_others():
    scores = np.ones((40, 40))  # every pair is worth sitting together: tables fill up
    constraints = Constraints(pinned=((0, 0), (1, 0), (2, 0), (3, 0), (4, 0), (5, 0)),
                              locked_tables=(0,))  # fmt: skip
    plan = solve(Problem(scores, num_tables=5, constraints=constraints, time_limit_s=0.5))
    assert plan.ok and plan.tables[0] == (0, 1, 2, 3, 4, 5)


def test_locked_tables_leaving_too_many_guests_is_explained():
    constraints = Constraints(pinned=tuple((p, 0) for p in range(6)), locked_tables=(0,))
    plan = solve(Problem(np.ones((40, 40)), num_tables=4, constraints=constraints))
    assert plan.status is Status.INFEASIBLE
    assert plan.message == (
        "34 guests are not at locked tables, but the other 3 tables seat at most 30"
    )


def test_locked_table_too_small_is_explained():
    constraints = Constraints(pinned=((0, 1), (1, 1)), locked_tables=(1,))
    plan = solve(Problem(_scores(40, 7), num_tables=4, constraints=constraints))
    assert plan.status is Status.INFEASIBLE
    assert plan.message == "table 1 is locked with 2 guest(s), but it seats 6-10"


def test_locked_table_counts_keep_together_partners():
    constraints = Constraints(
        keep_together=((0, 7, 8),),
        pinned=((0, 2), (1, 2), (2, 2), (3, 2)),
        locked_tables=(2,),
    )
    plan = solve(Problem(_scores(40, 8), num_tables=5, constraints=constraints, time_limit_s=0.5))
    assert plan.ok and plan.tables[2] == (0, 1, 2, 3, 7, 8)
