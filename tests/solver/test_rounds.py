"""Several rounds: new people each round, never-twice, earlier dinners down-weighted."""

from __future__ import annotations

import numpy as np
import pytest

from solver import Constraints, Problem, Status, solve_rounds
from tests.solver.solver_checks import violations


def _scores(n: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    raw = rng.random((n, n))
    return raw + raw.T


def _first_meeting_value(scores, assignments, met_before=(), weight=1.0) -> float:
    """Positive scores count once (weighted if met before); negative ones every time."""
    n = len(scores)
    earlier = {tuple(sorted(p)) for p in met_before}
    met, total = set(), 0.0
    for assignment in assignments:
        for i in range(n):
            for j in range(i + 1, n):
                if assignment[i] != assignment[j]:
                    continue
                s = scores[i][j]
                if s < 0:
                    total += s
                elif (i, j) not in met:
                    total += s * (weight if (i, j) in earlier else 1.0)
                met.add((i, j))
    return total


def test_never_twice_over_three_rounds():
    # 30 guests at 6 tables of 5: later rounds draw each table from 5 different earlier
    # tables. (36 guests at 6 tables of 6 would be Euler's 36 officers: no third round.)
    scores = _scores(30, seed=1)
    result = solve_rounds(
        Problem(scores, min_size=4, max_size=5, time_limit_s=1.5), rounds=3, never_twice=True
    )
    assert result.status is Status.FEASIBLE and len(result.rounds) == 3
    assert result.pairs_repeated == 0
    seen = set()
    for plan in result.rounds:
        assert violations(plan.assignment, [(4, 5)] * len(plan.tables), Constraints()) == []
        pairs = {(i, j) for m in plan.tables for a, i in enumerate(m) for j in m[a + 1 :]}
        assert not pairs & seen
        seen |= pairs
    value = _first_meeting_value(scores, [p.assignment for p in result.rounds])
    assert result.objective == pytest.approx(value)


def test_rounds_objective_counts_first_meetings_and_met_before_weight():
    scores = _scores(24, seed=2)
    scores[0, 1] = scores[1, 0] = -5.0
    met_before = ((2, 3), (4, 5), (6, 7))
    result = solve_rounds(
        Problem(scores, min_size=4, max_size=6, time_limit_s=1.0),
        rounds=2,
        met_before=met_before,
        met_before_weight=0.25,
    )
    assert result.status is Status.FEASIBLE
    assignments = [p.assignment for p in result.rounds]
    value = _first_meeting_value(scores, assignments, met_before, 0.25)
    assert result.objective == pytest.approx(value)
    # Repeats would earn nothing, so few pairs meet twice.
    assert result.pairs_repeated < 10


def test_never_twice_impossible_is_explained():
    scores = _scores(8, seed=3)
    # Two tables of four: after round 1, round 2 must split both tables 2+2, but
    # a third round cannot avoid repeating a pair.
    result = solve_rounds(
        Problem(scores, min_size=4, max_size=4, time_limit_s=1.0), rounds=4, never_twice=True
    )
    assert result.status is Status.INFEASIBLE
    assert result.message.startswith("round ")


def test_every_round_honours_organiser_constraints():
    scores = _scores(40, seed=4)
    constraints = Constraints(
        keep_apart=((0, 1),), keep_together=((2, 3),), pinned=((4, 0),), hosts=(5, 6, 7, 8)
    )
    result = solve_rounds(
        Problem(scores, min_size=8, max_size=10, constraints=constraints, time_limit_s=1.5),
        rounds=3,
    )
    assert result.status is Status.FEASIBLE
    for plan in result.rounds:
        bounds = [(8, 10)] * len(plan.tables)
        assert violations(plan.assignment, bounds, constraints) == []


def _pairs(plan) -> set[tuple[int, int]]:
    return {(i, j) for m in plan.tables for a, i in enumerate(m) for j in m[a + 1 :]}


def test_courses_meet_new_people_hosts_stay_and_locks_hold_in_round_one():
    scores = _scores(60, 5)
    hosts = tuple(range(50, 60))
    locked = tuple((p, 0) for p in (0, 1, 2, 3, 4)) + ((50, 0),)
    constraints = Constraints(hosts=hosts, pinned=locked, locked_tables=(0,))
    result = solve_rounds(
        Problem(scores, num_tables=10, min_size=5, max_size=7, constraints=constraints,
                time_limit_s=3.0),
        rounds=3,
        never_twice=True,
        pins_every_round=False,
    )  # fmt: skip
    assert result.ok, result.message
    first, *later = result.rounds
    assert first.tables[0] == (0, 1, 2, 3, 4, 50)
    assert result.pairs_repeated == 0
    seen: set[tuple[int, int]] = set()
    for plan in result.rounds:
        assert not _pairs(plan) & seen
        seen |= _pairs(plan)
        assert [plan.assignment[h] for h in hosts] == [first.assignment[h] for h in hosts]
    assert all(len({plan.assignment[p] for p in range(5)}) == 5 for plan in later)


def test_pins_every_round_allow_the_pinned_pair_to_meet_again():
    scores = _scores(30, 6)
    constraints = Constraints(pinned=((0, 2), (1, 2)))
    result = solve_rounds(
        Problem(scores, min_size=4, max_size=5, constraints=constraints, time_limit_s=1.5),
        rounds=2,
        never_twice=True,
    )
    assert result.ok, result.message
    assert all(plan.assignment[0] == plan.assignment[1] == 2 for plan in result.rounds)
    assert result.pairs_repeated == 1


def test_rounds_report_why_they_stopped():
    result = solve_rounds(Problem(_scores(40, 7), time_limit_s=20.0), rounds=2)
    assert result.ok and result.stop_reason == "converged"
    assert result.seconds < 15.0


def test_repeat_penalty_avoids_meeting_again_where_never_twice_is_impossible():
    # 40 guests at 4-6 tables of 6-10 cannot avoid repeats; with mostly zero scores,
    # repeats cost nothing unless they are penalised.
    rng = np.random.default_rng(8)
    scores = np.where(rng.random((40, 40)) < 0.1, 1.0, 0.0)
    scores = np.triu(scores, 1) + np.triu(scores, 1).T
    problem = Problem(scores, time_limit_s=2.0)
    assert solve_rounds(problem, rounds=2, never_twice=True).status is Status.INFEASIBLE
    free = solve_rounds(problem, rounds=2)
    penalised = solve_rounds(problem, rounds=2, repeat_penalty=0.5)
    assert free.ok and penalised.ok
    assert penalised.pairs_repeated < free.pairs_repeated
    value = _first_meeting_value(scores, [p.assignment for p in penalised.rounds])
    assert penalised.objective == pytest.approx(value - 0.5 * penalised.pairs_repeated)
