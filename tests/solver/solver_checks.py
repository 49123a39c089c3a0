"""Independent checks for solver results: re-scoring and constraint verification.

Deliberately written without using any solver module, so a bookkeeping bug in the solver
cannot hide itself.
"""

from __future__ import annotations

from collections import Counter


def rescore(scores, assignment) -> float:
    """Sum scores[i][j] over pairs i < j seated at the same table."""
    n = len(assignment)
    total = 0.0
    for i in range(n):
        for j in range(i + 1, n):
            if assignment[i] == assignment[j]:
                total += float(scores[i][j])
    return total


def violations(assignment, table_bounds, constraints) -> list[str]:
    """List every broken size bound or organiser constraint."""
    broken = []
    counts = Counter(assignment)
    for t, (lo, hi) in enumerate(table_bounds):
        if not lo <= counts.get(t, 0) <= hi:
            broken.append(f"table {t} has {counts.get(t, 0)} guests, bounds {lo}-{hi}")
    if any(not 0 <= t < len(table_bounds) for t in assignment):
        broken.append("assignment refers to a table that does not exist")
    for a, b in constraints.keep_apart:
        if assignment[a] == assignment[b]:
            broken.append(f"keep_apart {a},{b}")
    for group in constraints.keep_together:
        if len({assignment[p] for p in group}) > 1:
            broken.append(f"keep_together {group}")
    for person, table in constraints.pinned:
        if assignment[person] != table:
            broken.append(f"pinned {person}->{table}")
    host_tables = [assignment[h] for h in set(constraints.hosts)]
    if len(host_tables) != len(set(host_tables)):
        broken.append("two hosts share a table")
    for group in constraints.competitor_groups:
        tables = [assignment[p] for p in set(group)]
        if len(tables) != len(set(tables)):
            broken.append(f"competitors {group} share a table")
    return broken
