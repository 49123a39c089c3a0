"""solve(): validate, explain clashes, prove small events exactly, search large ones."""

from __future__ import annotations

import time

import numpy as np

from .bnb import BNB_MAX_BLOCKS, prove_optimal
from .compile import Model, compile_model
from .construct import greedy_seating
from .exact import solve_exact
from .feasibility import check_structure, find_seating
from .prepare import Infeasible, Instance, InvalidInput, prepare
from .problem import Plan, Problem, Status, failed_plan
from .progress import ProgressHook, Reporter, run_reporting
from .search import default_workers, run_search, stall_budget

EXACT_MAX_GUESTS = 24  # CP-SAT proves optimality quickly up to here; beyond it stalls.
# After a converged search, CP-SAT gets this long to prove (or improve) a small event: on
# the loaded 2-core machine it proved none of 12 dinners of 16-24 guests within 5 s.
EXACT_AFTER_CONVERGED_S = 1.0
GREEDY_TRIES = 5


def solve(problem: Problem, progress: ProgressHook | None = None) -> Plan:
    """Seat everyone to maximise the summed within-table score.

    progress(elapsed seconds, best objective so far), if given, is called from this
    thread within about a second of the start, then about every 0.15 s and once at the
    end. Never raises, except what progress itself raises (which stops the solve).
    """
    started = time.perf_counter()
    try:
        inst = _prepare_or_explain(problem)
        return _solve_valid(problem, inst, started, Reporter(progress, started))
    except InvalidInput as exc:
        return failed_plan(Status.INVALID, str(exc), time.perf_counter() - started)
    except Infeasible as exc:
        return failed_plan(Status.INFEASIBLE, str(exc), time.perf_counter() - started)


def _prepare_or_explain(problem: Problem) -> Instance:
    """Validate input; malformed objects of any kind become InvalidInput."""
    try:
        inst = prepare(problem)
    except (TypeError, ValueError, AttributeError, IndexError) as exc:
        if isinstance(exc, InvalidInput | Infeasible):
            raise
        raise InvalidInput(f"the problem could not be read: {exc}") from None
    check_structure(inst)
    return inst


def _solve_valid(problem: Problem, inst: Instance, started: float, reporter: Reporter) -> Plan:
    model = compile_model(inst)
    deadline = started + problem.time_limit_s
    workers = default_workers(problem.workers)
    starts = _starting_seatings(model, inst, problem.seed, deadline, workers)
    reporter.offer(max(_value(inst, model.expand(s)) for s in starts))
    reporter.tick(force=True)
    tiny, small = model.m <= BNB_MAX_BLOCKS, inst.n <= EXACT_MAX_GUESTS
    search_seconds = deadline - time.perf_counter() - _reserve(problem.time_limit_s)
    if tiny:
        search_seconds = min(search_seconds, 0.05)
    elif small:
        search_seconds = min(0.25 * search_seconds, 0.5)
    stall = stall_budget(model) if problem.stop_when_converged else None

    def on_best(value: float) -> None:
        reporter.offer(value + model.inner)
        reporter.tick()

    found = run_search(
        model, starts, max(0.0, search_seconds), problem.seed, problem.iteration_limit, stall,
        on_best if reporter.hook else None,
    )  # fmt: skip
    reporter.offer(found.value + model.inner)
    exact_deadline = deadline
    if small and not tiny and found.stop_reason == "converged":
        exact_deadline = min(deadline, time.perf_counter() + EXACT_AFTER_CONVERGED_S)
    people, bound, proven, method = _improve_exactly(
        problem, inst, model, found, exact_deadline, workers, tiny, small, reporter
    )
    if not proven:
        # CP-SAT's bound on this quadratic objective is often far weaker than this one.
        bound = min(b for b in (bound, neighbour_bound(inst)) if b is not None)
    reason = found.stop_reason
    if proven:
        reason = "optimal"
    elif tiny or small:
        reason = "converged" if exact_deadline < deadline else "time_limit"
    plan = make_plan(inst, people, bound, proven, time.perf_counter() - started, method, reason)
    reporter.offer(plan.objective)
    reporter.tick(force=True)
    return plan


def _improve_exactly(problem, inst, model, found, deadline, workers, tiny, small, reporter):
    """Prove tiny events by branch and bound and small ones by CP-SAT, when possible.

    Returns (table per person, bound or None, proven, method name).
    """
    people = model.expand(found.assignment)
    bound, proven, method = None, False, "tabu search"
    if tiny:
        better, proven = run_reporting(
            reporter, prove_optimal, model, found.value, deadline - time.perf_counter()
        )
        if better is not None:
            people = model.expand(better)
        method = "branch and bound"
    if small and not proven:
        method = "cp-sat"
        exact = run_reporting(
            reporter, solve_exact, inst, deadline - time.perf_counter(), workers, problem.seed,
            people,
        )  # fmt: skip
        if exact.assignment is not None and _value(inst, exact.assignment) >= _value(inst, people):
            people = exact.assignment
        bound, proven = exact.bound, exact.optimal
    return people, bound, proven, method


def _reserve(limit: float) -> float:
    """Keep time after the search for re-scoring and packaging the plan."""
    return min(0.1, 0.02 * limit)


def _starting_seatings(
    model: Model, inst: Instance, seed: int, deadline: float, workers: int
) -> list[np.ndarray]:
    """One greedy start per worker; fall back to CP-SAT, which also explains a clash.

    With mostly positive scores, starts use the lopsided table sizes that maximise the
    number of pairs (see lopsided_sizes); the search can still change sizes.
    """
    lopsided = float(inst.scores.sum()) > 0
    starts = []
    for attempt in range(GREEDY_TRIES * workers):
        nodes = greedy_seating(model, seed + attempt, lopsided=lopsided)
        if nodes is None and lopsided:
            nodes = greedy_seating(model, seed + attempt)
        if nodes is not None:
            starts.append(nodes)
        if len(starts) == workers:
            return starts
    if starts:
        return (starts * workers)[:workers]
    people, why = find_seating(inst, max(0.5, deadline - time.perf_counter()))
    if people is not None:
        return [model.contract(np.array(people))] * workers
    if why is None:
        why = "no seating satisfying all constraints was found within the time limit"
    raise Infeasible(why)


def _value(inst: Instance, people: np.ndarray) -> float:
    same = people[:, None] == people[None, :]
    return float(np.triu(inst.scores * same, 1).sum())


def neighbour_bound(inst: Instance) -> float:
    """Bound the objective: each guest gains at most its best (largest table - 1) scores."""
    seats = int(inst.hi.max()) - 1
    positive = np.sort(np.maximum(inst.scores, 0.0), axis=1)[:, ::-1]
    return float(positive[:, :seats].sum() / 2.0)


def make_plan(
    inst: Instance,
    people,
    bound: float | None,
    proven: bool,
    seconds: float,
    method: str,
    stop_reason: str = "",
) -> Plan:
    """Score an assignment from scratch and package it as a Plan."""
    people = np.asarray(people, dtype=np.int64)
    tables = tuple(tuple(np.flatnonzero(people == t).tolist()) for t in range(inst.n_tables))
    table_scores = tuple(
        float(np.triu(inst.scores[np.ix_(m, m)], 1).sum()) if m else 0.0 for m in tables
    )
    objective = float(sum(table_scores))
    if proven and bound is None:
        bound = objective
    if bound is not None:
        bound = max(bound, objective)
    gap = None if bound is None else (bound - objective) / max(abs(bound), 1e-9)
    status = Status.OPTIMAL if proven else Status.FEASIBLE
    message = f"best seating found ({method})"
    if proven:
        message = f"proven optimal ({method})"
        if gap and gap > 0:
            message += "; scores were rounded to integers, bound includes the rounding"
    return Plan(
        status=status,
        assignment=tuple(people.tolist()),
        tables=tables,
        objective=objective,
        table_scores=table_scores,
        bound=bound,
        gap=gap,
        seconds=seconds,
        message=message,
        method=method,
        stop_reason=stop_reason,
    )
