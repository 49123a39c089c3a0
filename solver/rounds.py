"""Several rounds (courses, or a dinner series): keep people meeting new people."""

from __future__ import annotations

import dataclasses
import time
from dataclasses import dataclass

import numpy as np

from .prepare import InvalidInput, prepare, together_components
from .problem import Plan, Problem, Status
from .progress import ProgressHook
from .solve import solve


@dataclass(frozen=True)
class RoundsPlan:
    """Result of solve_rounds: one Plan per round, scored with the adjusted scores.

    objective sums the rounds' objectives, where a positive pair score counts only the
    first time the pair shares a table. pairs_repeated counts pairs seated together in
    more than one round. stop_reason is the weakest of the rounds' reasons (see Plan).
    """

    status: Status
    rounds: tuple[Plan, ...]
    objective: float
    pairs_repeated: int
    seconds: float
    message: str
    stop_reason: str = ""

    @property
    def ok(self) -> bool:
        """Tell whether every round holds a valid seating."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


_REASON_RANK = {"optimal": 0, "converged": 1, "iteration_limit": 2, "time_limit": 3}


def solve_rounds(
    problem: Problem,
    rounds: int = 3,
    never_twice: bool = False,
    met_before: tuple[tuple[int, int], ...] = (),
    met_before_weight: float = 0.5,
    pins_every_round: bool = True,
    progress: ProgressHook | None = None,
    repeat_penalty: float = 0.0,
) -> RoundsPlan:
    """Seat `rounds` rounds in turn so that pairs meet new people; never raises.

    Positive scores of pairs that already met in an earlier round count 0 afterwards
    (negative scores keep counting, so clashing pairs stay apart). Pairs in `met_before`
    (earlier dinners) have positive scores multiplied by `met_before_weight`. With
    never_twice=True, pairs that met in an earlier round must sit apart (hard), except
    pairs that the constraints keep together in every round. Without it, repeat_penalty
    > 0 is subtracted for every pair that meets again (included in the objective), so that
    repeats are avoided where the sizes do not allow never_twice.

    Round 1 honours every constraint. Later rounds keep each host at their round-1 table
    and drop locked tables; organiser pins apply to every round, or only to round 1 with
    pins_every_round=False (a locked chart for the first course, rotation afterwards).
    Rounds are optimised one after another; each gets an equal share of the time left.
    progress(elapsed, objective so far) is called as in solve(), summed over rounds.
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
    deadline = started + problem.time_limit_s
    for index in range(rounds):
        adjusted = np.where(scores > 0, scores * weights, scores)
        adjusted = np.where(met, np.minimum(scores, 0.0) - repeat_penalty, adjusted)
        share = max(1e-3, (deadline - time.perf_counter()) / (rounds - index))
        base = _later_round(problem, plans[0], pins_every_round) if plans else problem
        hook = _round_hook(progress, started, sum(p.objective for p in plans))
        plan = solve(_round_problem(base, adjusted, met if never_twice else None, share), hook)
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
        stop_reason=max((p.stop_reason for p in plans), key=_REASON_RANK.__getitem__),
    )


def _round_hook(progress: ProgressHook | None, started: float, done: float):
    """Report a round's progress as time since the first round and objective so far."""
    if progress is None:
        return None
    return lambda _elapsed, best: progress(time.perf_counter() - started, done + best)


def _later_round(problem: Problem, first: Plan, pins_every_round: bool) -> Problem:
    """Constraints after round 1: hosts stay at their table, locked tables open up."""
    cons = problem.constraints
    hosts = tuple((h, first.assignment[h]) for h in dict.fromkeys(cons.hosts))
    pins = tuple(cons.pinned) if pins_every_round else ()
    return dataclasses.replace(
        problem,
        constraints=dataclasses.replace(cons, pinned=pins + hosts, locked_tables=()),
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
        i, j = np.nonzero(np.triu(met & ~_bound_together(problem), 1))
        pairs = tuple(zip(i.tolist(), j.tolist(), strict=True))
        constraints = dataclasses.replace(
            constraints, keep_apart=tuple(constraints.keep_apart) + pairs
        )
    return dataclasses.replace(
        problem, scores=scores, constraints=constraints, time_limit_s=seconds
    )


def _bound_together(problem: Problem) -> np.ndarray:
    """Pairs the constraints seat together in every round: one group, or pinned to one table."""
    n = len(problem.scores)
    cons = problem.constraints
    roots = np.array(together_components(n, cons.keep_together))
    table_of = dict.fromkeys(roots.tolist(), -1)
    for person, table in cons.pinned:
        table_of[int(roots[person])] = table
    tables = np.array([table_of[int(r)] for r in roots])
    together = (roots[:, None] == roots[None, :]) | (
        (tables[:, None] == tables[None, :]) & (tables[:, None] >= 0)
    )
    np.fill_diagonal(together, False)
    return together


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
