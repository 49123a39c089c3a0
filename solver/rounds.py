"""Several rounds (courses, or a dinner series): keep people meeting new people."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from .prepare import InvalidInput, prepare
from .problem import Plan, Problem, Status
from .solve import solve


@dataclass(frozen=True)
class RoundsPlan:
    """Result of solve_rounds: one Plan per round, scored with the adjusted scores.

    objective sums the rounds' objectives, where a positive pair score counts only the
    first time the pair shares a table. pairs_repeated counts pairs seated together in
    more than one round.
    """

    status: Status
    rounds: tuple[Plan, ...]
    objective: float
    pairs_repeated: int
    seconds: float
    message: str


def solve_rounds(
    problem: Problem,
    rounds: int = 3,
    never_twice: bool = False,
    met_before: tuple[tuple[int, int], ...] = (),
    met_before_weight: float = 0.5,
) -> RoundsPlan:
    """Seat `rounds` rounds in turn so that pairs meet new people; never raises.

    Positive scores of pairs that already met in an earlier round count 0 afterwards
    (negative scores keep counting, so clashing pairs stay apart). Pairs in `met_before`
    (earlier dinners) have positive scores multiplied by `met_before_weight`. With
    never_twice=True, pairs that met in an earlier round must sit apart (hard). Rounds are
    optimised one after another, each with an equal share of problem.time_limit_s.
    """
    started = time.perf_counter()
    try:
        scores = prepare(problem).scores
        if rounds < 1:
            raise InvalidInput("rounds must be at least 1")
    except InvalidInput as exc:
        return _failed(Status.INVALID, str(exc), started)
    except ValueError:
        # Infeasible or otherwise unusable: solve() explains it precisely.
        return _failed_from(solve(problem), started)
    weights = _met_before_weights(scores.shape[0], met_before, met_before_weight)
    met = np.zeros(scores.shape, dtype=bool)
    plans: list[Plan] = []
    share = problem.time_limit_s / rounds
    for index in range(rounds):
        adjusted = np.where((scores > 0) & met, 0.0, scores * np.where(scores > 0, weights, 1.0))
        plan = solve(_round_problem(problem, adjusted, met if never_twice else None, share))
        if not plan.ok:
            return _failed_from(plan, started, f"round {index + 1}: ")
        plans.append(plan)
        met |= _same_table(plan.assignment)
    repeated = _repeated_pairs(plans)
    return RoundsPlan(
        status=Status.FEASIBLE,
        rounds=tuple(plans),
        objective=float(sum(p.objective for p in plans)),
        pairs_repeated=repeated,
        seconds=time.perf_counter() - started,
        message=f"{rounds} rounds seated; {repeated} pair(s) share a table more than once",
    )


def _met_before_weights(n: int, met_before, weight: float) -> np.ndarray:
    weights = np.ones((n, n))
    for i, j in met_before:
        weights[i, j] = weights[j, i] = weight
    return weights


def _round_problem(problem: Problem, scores: np.ndarray, met, seconds: float) -> Problem:
    """The problem of one round: adjusted scores, plus keep-apart pairs for never-twice."""
    constraints = problem.constraints
    if met is not None:
        i, j = np.nonzero(np.triu(met, 1))
        pairs = tuple(zip(i.tolist(), j.tolist(), strict=True))
        constraints = dataclasses.replace(
            constraints, keep_apart=tuple(constraints.keep_apart) + pairs
        )
    return dataclasses.replace(
        problem, scores=scores, constraints=constraints, time_limit_s=seconds
    )


def _same_table(assignment) -> np.ndarray:
    people = np.asarray(assignment)
    same = people[:, None] == people[None, :]
    np.fill_diagonal(same, False)
    return same


def _repeated_pairs(plans: list[Plan]) -> int:
    together = sum(_same_table(p.assignment).astype(np.int64) for p in plans)
    return int(np.triu(together > 1, 1).sum())


def _failed(status: Status, message: str, started: float) -> RoundsPlan:
    return RoundsPlan(status, (), 0.0, 0, time.perf_counter() - started, message)


def _failed_from(plan: Plan, started: float, prefix: str = "") -> RoundsPlan:
    return _failed(plan.status, prefix + plan.message, started)
