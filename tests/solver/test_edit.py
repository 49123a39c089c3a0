"""Manual edits: score changes match re-scoring from scratch; broken rules are named."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from solver import (
    Constraints,
    InvalidEdit,
    Problem,
    TableSpec,
    evaluate_move,
    evaluate_swap,
    seating_violations,
)
from tests.solver.solver_checks import rescore

NAMES = tuple(f"Guest{k}" for k in range(12))
# Three tables of four, sizes 3-5: guests 0-3 at table 0, 4-7 at table 1, 8-11 at table 2.
SEATING = (0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2)


def _scores(n: int, seed: int) -> np.ndarray:
    raw = np.random.default_rng(seed).normal(size=(n, n))
    return raw + raw.T


def _table_score(scores, assignment, table) -> float:
    members = [p for p, t in enumerate(assignment) if t == table]
    return float(sum(scores[i][j] for a, i in enumerate(members) for j in members[a + 1 :]))


def _problem(constraints=Constraints(), names=NAMES) -> Problem:
    return Problem(_scores(12, 0), min_size=3, max_size=5, constraints=constraints, names=names)


@settings(max_examples=60, deadline=None)
@given(st.integers(0, 2**31), st.integers(0, 23), st.integers(0, 23), st.booleans())
def test_deltas_equal_rescoring_from_scratch(seed, guest, other, swap):
    rng = np.random.default_rng(seed)
    scores = _scores(24, seed)
    assignment = tuple(rng.permutation(np.arange(24) % 4).tolist())
    problem = Problem(scores, min_size=1, max_size=24, num_tables=4)
    if swap:
        result = evaluate_swap(problem, assignment, guest, other)
    else:
        result = evaluate_move(problem, assignment, guest, other % 4)
    after = result.assignment
    assert result.objective_before == pytest.approx(rescore(scores, assignment))
    assert result.objective_after == pytest.approx(rescore(scores, after))
    assert result.delta == pytest.approx(rescore(scores, after) - rescore(scores, assignment))
    for change in result.tables:
        assert change.before == pytest.approx(_table_score(scores, assignment, change.table))
        assert change.after == pytest.approx(_table_score(scores, after, change.table))
    changed = {assignment[p] for p in range(24) if assignment[p] != after[p]}
    changed |= {after[p] for p in range(24) if assignment[p] != after[p]}
    assert {c.table for c in result.tables} == changed


def test_allowed_move_and_swap_change_the_seating():
    move = evaluate_move(_problem(), SEATING, 0, 1)
    assert move.allowed and move.assignment[0] == 1 and move.violations == ()
    swap = evaluate_swap(_problem(), SEATING, 0, 4)
    assert swap.allowed and swap.assignment[:5] == (1, 0, 0, 0, 0)
    assert [c.table for c in swap.tables] == [0, 1]


@pytest.mark.parametrize(
    ("constraints", "edit", "reason"),
    [
        (Constraints(), ("move", 0, 1), None),
        (Constraints(), ("move", 0, 5), "no table"),
        (Constraints(keep_apart=((0, 4),)), ("move", 0, 1),
         "Guest0 and Guest4 must be kept apart (table 2)"),
        (Constraints(keep_together=((0, 1),)), ("move", 0, 1),
         "Guest0 and Guest1 must sit together"),
        (Constraints(pinned=((0, 0),)), ("swap", 0, 4), "Guest0 is locked to table 1"),
        (Constraints(hosts=(0, 5)), ("move", 0, 1),
         "Guest0 and Guest5 are both hosts and must sit at different tables (table 2)"),
        (Constraints(competitor_groups=((1, 9),)), ("swap", 1, 8),
         "Guest1 and Guest9 are competitors and must sit at different tables (table 3)"),
        (Constraints(pinned=tuple((p, 1) for p in (4, 5, 6, 7)), locked_tables=(1,)),
         ("move", 0, 1), "table 2 is locked; Guest0 cannot join it"),
    ],
)  # fmt: skip
def test_broken_rules_are_refused_with_named_reasons(constraints, edit, reason):
    kind, a, b = edit
    evaluate = evaluate_move if kind == "move" else evaluate_swap
    if reason == "no table":
        with pytest.raises(InvalidEdit, match="there is no table 6; tables are 1 to 3"):
            evaluate(_problem(constraints), SEATING, a, b)
        return
    result = evaluate(_problem(constraints), SEATING, a, b)
    if reason is None:
        assert result.allowed
    else:
        assert not result.allowed and reason in result.violations


def test_size_bounds_are_checked_on_both_tables():
    problem = Problem(_scores(12, 1), min_size=4, max_size=4, names=NAMES)
    result = evaluate_move(problem, SEATING, 0, 1)
    assert result.violations == (
        "table 1 has 3 guests; it seats 4 to 4",
        "table 2 has 5 guests; it seats 4 to 4",
    )
    assert evaluate_swap(problem, SEATING, 0, 4).allowed


def test_only_new_violations_refuse_an_edit():
    # The current seating already breaks a rule (e.g. competitors the sizes forced together):
    # edits elsewhere stay possible, and the old problem is not blamed on them.
    constraints = Constraints(competitor_groups=((0, 1),))
    problem = _problem(constraints)
    assert seating_violations(problem, SEATING) == [
        "Guest0 and Guest1 are competitors and must sit at different tables (table 1)"
    ]
    assert evaluate_swap(problem, SEATING, 4, 8).allowed


def test_explicit_tables_and_unnamed_guests():
    tables = (TableSpec(3, 4), TableSpec(3, 6), TableSpec(3, 4))
    problem = Problem(_scores(12, 2), tables=tables, constraints=Constraints(keep_apart=((0, 4),)))
    result = evaluate_move(problem, SEATING, 0, 1)
    assert result.violations == ("guest 0 and guest 4 must be kept apart (table 2)",)


@pytest.mark.parametrize(
    ("assignment", "guest", "words"),
    [
        (SEATING[:-1], 0, "the seating lists 11 guests, the scores 12"),
        (SEATING, 12, "there is no guest 12"),
        ((-1,) + SEATING[1:], 0, "a table number (0 or more) for every guest"),
    ],
)
def test_malformed_edits_raise_a_clear_error(assignment, guest, words):
    with pytest.raises(InvalidEdit, match=words.replace("(", r"\(").replace(")", r"\)")):
        evaluate_move(_problem(), assignment, guest, 1)
