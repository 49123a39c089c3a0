"""Contract keep-together groups into weighted nodes for the search kernels."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from .prepare import Instance, together_components


@dataclass(frozen=True)
class Model:
    """Search view of an instance: nodes are keep-together blocks (singletons otherwise).

    W[u, v]  summed score between blocks u and v (diagonal 0)
    inner    summed score inside blocks (constant; added to every objective)
    weight   seats each block takes
    conflict C[u, v] = 1 when u and v may not share a table (apart, hosts, competitors)
    pinned   table of each block, or -1 when free
    """

    members: tuple[tuple[int, ...], ...]
    node_of: np.ndarray
    W: np.ndarray
    inner: float
    weight: np.ndarray
    conflict: np.ndarray
    has_conflicts: bool
    pinned: np.ndarray
    lo: np.ndarray
    hi: np.ndarray

    @property
    def m(self) -> int:
        return len(self.members)

    @property
    def n_tables(self) -> int:
        return len(self.lo)

    def expand(self, node_tables: np.ndarray) -> np.ndarray:
        """Map a table per node to a table per person."""
        return np.asarray(node_tables, dtype=np.int64)[self.node_of]

    def contract(self, person_tables: np.ndarray) -> np.ndarray:
        """Map a table per person to a table per node (uses each block's first member)."""
        return np.array([person_tables[g[0]] for g in self.members], dtype=np.int64)


def apart_pairs(inst: Instance) -> list[tuple[int, int, str]]:
    """Every person pair that must sit apart, with the reason (keep-apart, hosts, competitors)."""
    cons = inst.constraints
    pairs = [(a, b, "must be kept apart") for a, b in cons.keep_apart]
    labelled = [(tuple(cons.hosts), "are both hosts")]
    labelled += [(g, "are competitors") for g in cons.competitor_groups]
    for group, reason in labelled:
        uniq = sorted(set(group))
        pairs += [(a, b, reason) for k, a in enumerate(uniq) for b in uniq[k + 1 :]]
    return pairs


def compile_model(inst: Instance) -> Model:
    """Build the node model; assumes feasibility checks have passed."""
    n = inst.n
    roots = together_components(n, inst.constraints.keep_together)
    index: dict[int, int] = {}
    node_of = np.empty(n, dtype=np.int64)
    for person, root in enumerate(roots):
        node_of[person] = index.setdefault(root, len(index))
    m = len(index)
    members = tuple(tuple(np.flatnonzero(node_of == u).tolist()) for u in range(m))
    if m == n:  # no keep-together groups: nodes are the guests, in order
        block = np.array(inst.scores)
    else:
        onehot = np.zeros((m, n))
        onehot[node_of, np.arange(n)] = 1.0
        block = onehot @ inst.scores @ onehot.T
    inner = float(np.trace(block)) / 2.0
    W = block.copy()
    np.fill_diagonal(W, 0.0)
    conflict = np.zeros((m, m), dtype=np.uint8)
    for a, b, _ in apart_pairs(inst):
        u, v = node_of[a], node_of[b]
        conflict[u, v] = conflict[v, u] = 1
    pinned = np.full(m, -1, dtype=np.int64)
    for person, table in inst.constraints.pinned:
        pinned[node_of[person]] = table
    return Model(
        members=members,
        node_of=node_of,
        W=np.ascontiguousarray(W),
        inner=inner,
        weight=np.array([len(g) for g in members], dtype=np.int64),
        conflict=conflict,
        has_conflicts=bool(conflict.any()),
        pinned=pinned,
        lo=inst.lo.copy(),
        hi=inst.hi.copy(),
    )
