"""Exact CP-SAT model: proves optimality on small events and gives bounds."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from ortools.sat.python import cp_model

from .feasibility import add_seating_constraints
from .prepare import Instance


@dataclass(frozen=True)
class ExactResult:
    """CP-SAT outcome: assignment per person (or None), proven bound, status flags."""

    assignment: np.ndarray | None
    bound: float | None
    optimal: bool
    infeasible: bool


def integer_scale(scores: np.ndarray) -> tuple[float, float]:
    """Choose a scale making scores integral; return (scale, worst rounding error per pair)."""
    for digits in range(4):
        scale = 10.0**digits
        scaled = scores * scale
        if np.all(np.abs(scaled - np.round(scaled)) < 1e-6):
            return scale, 0.0
    peak = float(np.abs(scores).max()) or 1.0
    return 1e6 / peak, 0.5


def solve_exact(
    inst: Instance,
    seconds: float,
    workers: int,
    seed: int,
    hint: np.ndarray | None = None,
) -> ExactResult:
    """Maximise the seating objective with CP-SAT within `seconds`."""
    model = cp_model.CpModel()
    x = [[model.NewBoolVar(f"x{i}_{t}") for t in range(inst.n_tables)] for i in range(inst.n)]
    for i in range(inst.n):
        model.AddExactlyOne(x[i])
    for lit, _ in add_seating_constraints(model, inst, x):
        model.Add(lit == 1)
    classes = _interchangeable_tables(inst)
    _break_table_symmetry(model, classes, x, inst.n)
    scale, slack = integer_scale(inst.scores)
    if hint is not None:
        hint = canonical_labels(hint, classes)
    pair_count = _add_objective(model, inst, x, scale, hint)
    if hint is not None:
        for i in range(inst.n):
            for t in range(inst.n_tables):
                model.AddHint(x[i][t], int(hint[i] == t))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.05, seconds)
    solver.parameters.num_workers = workers
    solver.parameters.random_seed = seed
    status = solver.Solve(model)
    if status == cp_model.INFEASIBLE:
        return ExactResult(None, None, optimal=False, infeasible=True)
    if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return ExactResult(None, None, optimal=False, infeasible=False)
    assignment = np.array(
        [next(t for t in range(inst.n_tables) if solver.Value(x[i][t])) for i in range(inst.n)]
    )
    bound = solver.BestObjectiveBound() / scale + slack * pair_count / scale
    # With non-integral scores CP-SAT optimises rounded scores: optimal up to that rounding,
    # which the bound above accounts for.
    optimal = status == cp_model.OPTIMAL
    return ExactResult(assignment, bound, optimal=optimal, infeasible=False)


def _add_objective(model, inst: Instance, x, scale: float, hint) -> int:
    """Add z[i,j,t] = x[i,t] AND x[j,t] for scored pairs; return the number of pairs.

    With a hint, z is hinted too: a hint on x alone leaves CP-SAT to complete it, which it
    often fails to do in time.
    """
    terms = []
    n, tables = inst.n, inst.n_tables
    # Pair objective: z may be 1 only if both sit at t (positive score) and must be 1
    # when both do (negative score), which is all the maximisation needs.
    for i in range(n):
        for j in range(i + 1, n):
            coef = int(round(inst.scores[i, j] * scale))
            if coef == 0:
                continue
            for t in range(tables):
                z = model.NewBoolVar(f"z{i}_{j}_{t}")
                if coef > 0:
                    model.AddImplication(z, x[i][t])
                    model.AddImplication(z, x[j][t])
                else:
                    model.AddBoolOr([x[i][t].Not(), x[j][t].Not(), z])
                if hint is not None:
                    model.AddHint(z, int(hint[i] == t and hint[j] == t))
                terms.append(coef * z)
    model.Maximize(sum(terms))
    return n * (n - 1) // 2


def _interchangeable_tables(inst: Instance) -> list[list[int]]:
    """Classes of tables that can be relabelled freely: equal bounds, >= 1 seat, no pins."""
    pinned_tables = {t for _, t in inst.constraints.pinned}
    classes: dict[tuple[int, int], list[int]] = {}
    for t in range(inst.n_tables):
        if inst.lo[t] >= 1 and t not in pinned_tables:
            classes.setdefault((int(inst.lo[t]), int(inst.hi[t])), []).append(t)
    return [tables for tables in classes.values() if len(tables) > 1]


def _break_table_symmetry(model, classes: list[list[int]], x, n: int) -> None:
    """Order interchangeable tables by their lowest-numbered guest.

    Within a class the k-th table's first guest has index >= k, so guest i < k never sits
    at the k-th table of the class.
    """
    for tables in classes:
        for k, t in enumerate(tables):
            for i in range(min(k, n)):
                model.Add(x[i][t] == 0)


def canonical_labels(assignment: np.ndarray, classes: list[list[int]]) -> np.ndarray:
    """Relabel tables within each class in order of first guest, matching the symmetry cuts."""
    out = np.asarray(assignment).copy()
    for tables in classes:
        first = {t: int(np.flatnonzero(assignment == t)[0]) for t in tables}
        ordered = sorted(tables, key=lambda t: first[t])
        for new, old in zip(tables, ordered, strict=True):
            out[assignment == old] = new
    return out
