"""Public data types: frozen problem description in, frozen plan out."""

from __future__ import annotations

import enum
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class TableSpec:
    """Seat bounds of one table (inclusive)."""

    min_size: int
    max_size: int


@dataclass(frozen=True)
class Constraints:
    """Organiser constraints. Every one of them is HARD.

    - keep_apart: pairs (i, j) that must sit at different tables.
    - keep_together: groups whose members must share one table.
    - pinned: (person, table index) pairs; the person sits at exactly that table.
    - hosts: at most one host per table. With exactly as many hosts as tables every
      table gets one host; more hosts than tables is infeasible (unless the number of
      tables is chosen automatically, in which case enough tables are opened if the
      size bounds allow it).
    - competitor_groups: the members of each group sit at pairwise different tables
      (a hard constraint; a group larger than the number of tables is infeasible).
      Use negative scores for softer "rather not together" preferences.
    - locked_tables: tables that seat exactly the guests pinned to them (with their
      keep-together partners) and nobody else, so a locked table stays unchanged when
      everyone else is re-seated.
    """

    keep_apart: tuple[tuple[int, int], ...] = ()
    keep_together: tuple[tuple[int, ...], ...] = ()
    pinned: tuple[tuple[int, int], ...] = ()
    hosts: tuple[int, ...] = ()
    competitor_groups: tuple[tuple[int, ...], ...] = ()
    locked_tables: tuple[int, ...] = ()


@dataclass(frozen=True)
class Problem:
    """A seating problem: maximise the summed pair score inside tables.

    scores: symmetric n x n matrix (tuple of tuples or numpy array); the diagonal is
    ignored and negative values are allowed. tables=None chooses the number of tables
    from min_size/max_size, or opens exactly num_tables tables of min_size-max_size.
    names (optional) are used in explanations only.
    iteration_limit (optional) caps the search to a fixed number of search epochs, which
    makes large-instance results reproducible independently of machine speed.
    stop_when_converged ends the search once it has stopped improving (a plateau whose
    length grows with the number of guests); time_limit_s always stays the upper bound.
    """

    scores: Any
    tables: tuple[TableSpec, ...] | None = None
    min_size: int = 6
    max_size: int = 10
    constraints: Constraints = Constraints()
    time_limit_s: float = 5.0
    seed: int = 0
    workers: int | None = None
    names: tuple[str, ...] | None = None
    iteration_limit: int | None = None
    num_tables: int | None = None
    stop_when_converged: bool = True


class Status(enum.Enum):
    """Outcome of a solve."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    INVALID = "invalid"


@dataclass(frozen=True)
class Plan:
    """Result of a solve. Tables and guests in messages are the 0-based API indices.

    gap = (bound - objective) / max(|bound|, 1e-9) when a bound is known.
    stop_reason says why the solve ended: "optimal" (proven), "converged" (the search
    stopped improving), "time_limit" or "iteration_limit"; "" when nothing was seated.
    """

    status: Status
    assignment: tuple[int, ...] = ()
    tables: tuple[tuple[int, ...], ...] = ()
    objective: float = 0.0
    table_scores: tuple[float, ...] = ()
    bound: float | None = None
    gap: float | None = None
    seconds: float = 0.0
    message: str = ""
    method: str = ""
    stop_reason: str = ""

    @property
    def ok(self) -> bool:
        """Tell whether the plan holds a valid seating."""
        return self.status in (Status.OPTIMAL, Status.FEASIBLE)


def failed_plan(status: Status, message: str, seconds: float = 0.0) -> Plan:
    """Build a plan for input that cannot be seated."""
    return Plan(status=status, message=message, seconds=seconds)
