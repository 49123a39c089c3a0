"""Manual edits of a seating: what moving or swapping guests does, and which rule it breaks.

Pure functions over a Problem (scores, size bounds, constraints, names) and the current
assignment (table index per guest). Messages name guests by Problem.names and number
tables from 1, as the organiser sees them; indices in the returned data stay 0-based.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from .compile import apart_pairs
from .prepare import Infeasible, Instance, InvalidInput, prepare
from .problem import Problem


class InvalidEdit(ValueError):
    """The edit refers to guests or tables that do not exist, or the input is malformed."""


@dataclass(frozen=True)
class TableChange:
    """Score of one affected table before and after the edit (table is 0-based)."""

    table: int
    before: float
    after: float

    @property
    def delta(self) -> float:
        """Return the change of the table's score."""
        return self.after - self.before


@dataclass(frozen=True)
class EditResult:
    """A proposed edit: resulting seating, score changes, and the rules it would break.

    violations lists only rules the edit breaks that the current seating keeps; allowed
    is True when there are none.
    """

    assignment: tuple[int, ...]
    tables: tuple[TableChange, ...]
    delta: float
    objective_before: float
    objective_after: float
    violations: tuple[str, ...]

    @property
    def allowed(self) -> bool:
        """Tell whether the edit breaks no rule."""
        return not self.violations


def evaluate_move(
    problem: Problem, assignment: Sequence[int], guest: int, table: int
) -> EditResult:
    """Evaluate seating `guest` at `table` (0-based) instead of their current table."""
    inst, current = _checked(problem, assignment)
    _check_guest(inst, guest)
    if not 0 <= table < len(inst.lo):
        raise InvalidEdit(f"there is no table {table + 1}; tables are 1 to {len(inst.lo)}")
    proposed = current.copy()
    proposed[guest] = table
    return _result(inst, current, proposed)


def evaluate_swap(
    problem: Problem, assignment: Sequence[int], guest: int, other: int
) -> EditResult:
    """Evaluate swapping the seats of two guests."""
    inst, current = _checked(problem, assignment)
    _check_guest(inst, guest)
    _check_guest(inst, other)
    proposed = current.copy()
    proposed[guest], proposed[other] = current[other], current[guest]
    return _result(inst, current, proposed)


def seating_violations(problem: Problem, assignment: Sequence[int]) -> list[str]:
    """List every rule a whole seating breaks, in plain words."""
    inst, current = _checked(problem, assignment)
    return _violations(inst, current)


def table_scores(scores: np.ndarray, assignment: np.ndarray, n_tables: int) -> np.ndarray:
    """Return the summed pair score of every table."""
    onehot = np.zeros((len(assignment), n_tables))
    onehot[np.arange(len(assignment)), assignment] = 1.0
    return np.einsum("it,ij,jt->t", onehot, scores, onehot) / 2.0


def _checked(problem: Problem, assignment: Sequence[int]) -> tuple[Instance, np.ndarray]:
    """Validate the problem and the assignment; the table count comes from either."""
    current = np.asarray(assignment, dtype=np.int64)
    if current.ndim != 1 or (len(current) and current.min() < 0):
        raise InvalidEdit("the seating must give a table number (0 or more) for every guest")
    count = problem.num_tables or (len(problem.tables) if problem.tables else None)
    count = count or (int(current.max()) + 1 if len(current) else 1)
    # Locked tables are checked as a rule here, not turned into size bounds as for solve().
    unlocked = dataclasses.replace(problem.constraints, locked_tables=())
    try:
        inst = prepare(dataclasses.replace(problem, num_tables=count, constraints=unlocked))
    except (InvalidInput, Infeasible) as exc:
        raise InvalidEdit(str(exc)) from None
    inst = dataclasses.replace(inst, constraints=problem.constraints)
    if len(current) != inst.n:
        raise InvalidEdit(f"the seating lists {len(current)} guests, the scores {inst.n}")
    if len(current) and current.max() >= count:
        raise InvalidEdit(f"the seating uses table {current.max() + 1}, but there are {count}")
    return inst, current


def _check_guest(inst: Instance, guest: int) -> None:
    if not isinstance(guest, int | np.integer) or not 0 <= guest < inst.n:
        raise InvalidEdit(f"there is no guest {guest!r}")


def _result(inst: Instance, current: np.ndarray, proposed: np.ndarray) -> EditResult:
    tables = len(inst.lo)
    before = table_scores(inst.scores, current, tables)
    after = _rescored(inst.scores, current, proposed, before)
    touched = sorted(set(current[current != proposed]) | set(proposed[current != proposed]))
    changes = tuple(TableChange(int(t), float(before[t]), float(after[t])) for t in touched)
    old = set(_violations(inst, current))
    new = tuple(v for v in _violations(inst, proposed) if v not in old)
    return EditResult(
        assignment=tuple(proposed.tolist()),
        tables=changes,
        delta=float(sum(c.delta for c in changes)),
        objective_before=float(before.sum()),
        objective_after=float(after.sum()),
        violations=new,
    )


def _rescored(scores, current, proposed, before) -> np.ndarray:
    """Update table scores for guests who changed table, one guest at a time."""
    after = before.copy()
    seating = current.copy()
    for guest in np.flatnonzero(current != proposed):
        old, new = seating[guest], proposed[guest]
        row = scores[guest]
        after[old] -= row[seating == old].sum() - row[guest]
        seating[guest] = new
        after[new] += row[seating == new].sum() - row[guest]
    return after


def _violations(inst: Instance, seating: np.ndarray) -> list[str]:
    """Every broken rule of a seating, in plain words."""
    who, cons = inst.who, inst.constraints
    broken = _size_violations(inst, seating)
    for person, table in cons.pinned:
        if seating[person] != table:
            broken.append(f"{who(person)} is locked to table {table + 1}")
    for table in sorted(set(cons.locked_tables)):
        pinned = {p for p, t in cons.pinned if t == table}
        strangers = [p for p in np.flatnonzero(seating == table) if p not in pinned]
        if strangers:
            broken.append(f"table {table + 1} is locked; {who(strangers[0])} cannot join it")
    for group in cons.keep_together:
        if len({int(seating[p]) for p in group}) > 1:
            broken.append(f"{inst.who_all(group)} must sit together")
    for a, b, reason in apart_pairs(inst):
        if seating[a] == seating[b]:
            rule = "" if reason == "must be kept apart" else " and must sit at different tables"
            broken.append(f"{inst.who_all((a, b))} {reason}{rule} (table {seating[a] + 1})")
    return broken


def _size_violations(inst: Instance, seating: np.ndarray) -> list[str]:
    sizes = np.bincount(seating, minlength=len(inst.lo))
    return [
        f"table {t + 1} has {size} guests; it seats {inst.lo[t]} to {inst.hi[t]}"
        for t, size in enumerate(sizes)
        if not inst.lo[t] <= size <= inst.hi[t]
    ]
