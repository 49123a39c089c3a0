"""Validate a Problem and turn it into a normalised Instance (numpy scores, table bounds)."""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np

from .problem import Constraints, Problem


class InvalidInput(ValueError):
    """Raised internally for malformed input; solve() turns it into Status.INVALID."""


class Infeasible(ValueError):
    """Raised internally for well-formed input that cannot be seated."""


@dataclass(frozen=True)
class Instance:
    """Validated problem: float scores, per-table bounds, constraints, labels."""

    scores: np.ndarray
    lo: np.ndarray
    hi: np.ndarray
    constraints: Constraints
    names: tuple[str, ...] | None

    @property
    def n(self) -> int:
        return self.scores.shape[0]

    @property
    def n_tables(self) -> int:
        return len(self.lo)

    def who(self, person: int) -> str:
        """Name a person for messages."""
        return self.names[person] if self.names else f"guest {person}"

    def who_all(self, people) -> str:
        """Name several people for messages: "A", "A and B", "A, B and C"."""
        names = [self.who(int(p)) for p in people]
        return names[0] if len(names) == 1 else ", ".join(names[:-1]) + " and " + names[-1]


def prepare(problem: Problem) -> Instance:
    """Validate the problem and fix the table layout; raise InvalidInput or Infeasible."""
    scores = _scores_matrix(problem.scores)
    n = scores.shape[0]
    _check_constraint_indices(problem.constraints, n)
    _check_scalars(problem)
    if problem.names is not None and len(problem.names) != n:
        raise InvalidInput(f"{len(problem.names)} names given for {n} guests")
    if problem.tables is not None:
        lo, hi = _explicit_tables(problem.tables, n)
        if problem.num_tables is not None and problem.num_tables != len(lo):
            raise InvalidInput(
                f"num_tables is {problem.num_tables} but {len(lo)} tables are described"
            )
    elif problem.num_tables is not None:
        lo, hi = _counted_tables(problem, n)
    else:
        lo, hi = _automatic_tables(problem, n)
    _check_pins_in_range(problem.constraints, len(lo))
    _lock_tables(problem.constraints, lo, hi, n)
    return Instance(scores, lo, hi, problem.constraints, problem.names)


def together_components(n: int, groups) -> list[int]:
    """Union-find root of every person under the keep-together groups."""
    parent = list(range(n))

    def find(x: int) -> int:
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for group in groups:
        for other in group[1:]:
            a, b = find(group[0]), find(other)
            if a != b:
                parent[max(a, b)] = min(a, b)
    return [find(x) for x in range(n)]


def _scores_matrix(raw) -> np.ndarray:
    try:
        scores = np.array(raw, dtype=np.float64)
    except (TypeError, ValueError) as exc:
        raise InvalidInput(f"scores must be a square matrix of numbers ({exc})") from None
    if scores.ndim != 2 or scores.shape[0] != scores.shape[1]:
        raise InvalidInput(f"scores must be a square n x n matrix, got shape {scores.shape}")
    if scores.shape[0] == 0:
        raise InvalidInput("there are no guests (empty score matrix)")
    if not np.all(np.isfinite(scores)):
        raise InvalidInput("scores contain NaN or infinite values")
    asym = np.argwhere(np.abs(scores - scores.T) > 1e-9 * (1 + np.abs(scores)))
    if len(asym):
        i, j = asym[0]
        raise InvalidInput(
            f"scores must be symmetric: scores[{i}][{j}] = {scores[i, j]:g} "
            f"but scores[{j}][{i}] = {scores[j, i]:g}"
        )
    np.fill_diagonal(scores, 0.0)
    scores.setflags(write=False)
    return scores


def _check_scalars(problem: Problem) -> None:
    if not (isinstance(problem.time_limit_s, int | float) and problem.time_limit_s > 0):
        raise InvalidInput(f"time_limit_s must be a positive number, got {problem.time_limit_s!r}")
    if problem.workers is not None and (
        not isinstance(problem.workers, int) or problem.workers < 1
    ):
        raise InvalidInput(f"workers must be a positive integer or None, got {problem.workers!r}")
    if problem.iteration_limit is not None and problem.iteration_limit < 1:
        raise InvalidInput("iteration_limit must be a positive integer or None")


def _check_bounds(lo: int, hi: int, what: str) -> None:
    if not (isinstance(lo, int) and isinstance(hi, int)) or lo < 0 or hi < 1 or lo > hi:
        raise InvalidInput(f"{what}: need integers 0 <= min_size <= max_size, max_size >= 1")


def _explicit_tables(tables, n: int) -> tuple[np.ndarray, np.ndarray]:
    if len(tables) == 0:
        raise InvalidInput("tables is empty; pass None to choose the number of tables")
    for t, spec in enumerate(tables):
        _check_bounds(spec.min_size, spec.max_size, f"table {t} has sizes {spec}")
    lo = np.array([s.min_size for s in tables], dtype=np.int64)
    hi = np.array([s.max_size for s in tables], dtype=np.int64)
    if lo.sum() > n or hi.sum() < n:
        raise Infeasible(
            f"{n} guests cannot fill these {len(tables)} tables: together they need at least "
            f"{lo.sum()} and seat at most {hi.sum()} guests"
        )
    return lo, hi


def _table_count_range(n: int, lo_size: int, hi_size: int) -> tuple[int, int]:
    """Fewest and most tables of lo_size..hi_size that n guests can fill."""
    return math.ceil(n / hi_size), (n // lo_size if lo_size > 0 else n)


def _counted_tables(problem: Problem, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Open exactly problem.num_tables tables, if the size bounds allow it."""
    count, lo_size, hi_size = problem.num_tables, problem.min_size, problem.max_size
    _check_bounds(lo_size, hi_size, f"table sizes {lo_size}-{hi_size}")
    if not isinstance(count, int | np.integer) or count < 1:
        raise InvalidInput(f"num_tables must be a positive whole number, got {count!r}")
    fewest, most = _table_count_range(n, lo_size, hi_size)
    if not fewest <= count <= most:
        limit = (
            f"seat at most {count * hi_size}" if count < fewest
            else f"need at least {count * lo_size}"
        )  # fmt: skip
        choice = (
            f"choose {fewest} to {most} tables" if fewest < most
            else f"choose {fewest} tables" if fewest == most
            else f"no number of tables of {lo_size}-{hi_size} fits {n} guests"
        )  # fmt: skip
        raise Infeasible(
            f"{n} guests cannot sit at {count} tables of {lo_size}-{hi_size}: {count} tables "
            f"{limit} guests ({choice})"
        )
    return np.full(count, lo_size, dtype=np.int64), np.full(count, hi_size, dtype=np.int64)


def _lock_tables(cons: Constraints, lo: np.ndarray, hi: np.ndarray, n: int) -> None:
    """Size each locked table to exactly the guests pinned there (with their groups)."""
    if not cons.locked_tables:
        return
    roots = together_components(n, cons.keep_together)
    for table in sorted(set(cons.locked_tables)):
        if not isinstance(table, int | np.integer) or not 0 <= table < len(lo):
            raise InvalidInput(f"table {table!r} is locked, but tables are 0..{len(lo) - 1}")
        pinned_roots = {roots[p] for p, t in cons.pinned if t == table}
        size = sum(1 for root in roots if root in pinned_roots)
        if not lo[table] <= size <= hi[table]:
            raise Infeasible(
                f"table {table} is locked with {size} guest(s), but it seats "
                f"{lo[table]}-{hi[table]}"
            )
        lo[table] = hi[table] = size
    _check_open_seats(sorted(set(cons.locked_tables)), lo, hi, n)


def _check_open_seats(locked: list[int], lo: np.ndarray, hi: np.ndarray, n: int) -> None:
    """Explain when the guests outside locked tables do not fit the other tables."""
    others = np.ones(len(lo), dtype=bool)
    others[locked] = False
    free = n - int(lo[locked].sum())
    if free > hi[others].sum():
        raise Infeasible(
            f"{free} guests are not at locked tables, but the other {others.sum()} tables "
            f"seat at most {hi[others].sum()}"
        )
    if free < lo[others].sum():
        raise Infeasible(
            f"{free} guests are not at locked tables, but the other {others.sum()} tables "
            f"need at least {lo[others].sum()}"
        )


def _automatic_tables(problem: Problem, n: int) -> tuple[np.ndarray, np.ndarray]:
    """Open the fewest tables (most conversations), more if hosts or competitors need them."""
    lo_size, hi_size = problem.min_size, problem.max_size
    _check_bounds(lo_size, hi_size, f"table sizes {lo_size}-{hi_size}")
    fewest, most = _table_count_range(n, lo_size, hi_size)
    if fewest > most:
        raise Infeasible(
            f"{n} guests cannot fill tables of {lo_size}-{hi_size}: {fewest - 1} table(s) seat "
            f"at most {(fewest - 1) * hi_size} and {fewest} table(s) need at least "
            f"{fewest * lo_size} guests"
        )
    cons = problem.constraints
    spread = max([len(set(cons.hosts))] + [len(set(g)) for g in cons.competitor_groups])
    pinned_tables = max((t + 1 for _, t in cons.pinned), default=0)
    count = min(max(fewest, spread, pinned_tables), most)
    count = max(count, fewest)
    return np.full(count, lo_size, dtype=np.int64), np.full(count, hi_size, dtype=np.int64)


def _check_constraint_indices(cons: Constraints, n: int) -> None:
    def check(person, where: str) -> None:
        if not isinstance(person, int | np.integer) or not 0 <= person < n:
            raise InvalidInput(f"{where} refers to guest {person!r}, but guests are 0..{n - 1}")

    for pair in cons.keep_apart:
        if len(pair) != 2:
            raise InvalidInput(f"keep_apart entries must be pairs, got {pair!r}")
        for p in pair:
            check(p, f"keep_apart {pair}")
        if pair[0] == pair[1]:
            raise InvalidInput(f"keep_apart {pair} names the same guest twice")
    for group in cons.keep_together:
        for p in group:
            check(p, f"keep_together {group}")
    for pin in cons.pinned:
        if len(pin) != 2:
            raise InvalidInput(f"pinned entries must be (person, table), got {pin!r}")
        check(pin[0], f"pinned {pin}")
    for p in cons.hosts:
        check(p, "hosts")
    for group in cons.competitor_groups:
        for p in group:
            check(p, f"competitor group {group}")


def _check_pins_in_range(cons: Constraints, n_tables: int) -> None:
    for person, table in cons.pinned:
        if not isinstance(table, int | np.integer) or not 0 <= table < n_tables:
            raise InvalidInput(
                f"guest {person} is pinned to table {table!r}, but tables are 0..{n_tables - 1}"
            )
