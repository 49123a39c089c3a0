"""Depth-first branch and bound that proves optimality on tiny events (about 14 blocks).

CP-SAT proves equal-size n=12 instances in a fraction of a second but needs 5-10 s on
some n=12 instances with unequal table bounds (its LP bound on the quadratic objective is
weak), so tiny events are enumerated directly: blocks are placed in index order, empty
interchangeable tables are opened in index order, and a branch is cut when its score plus
an optimistic completion cannot beat the incumbent.
"""

from __future__ import annotations

import numpy as np
from numba import njit

from .compile import Model

BNB_MAX_BLOCKS = 14
NODES_PER_SECOND = 5_000_000  # conservative: 14 guests at 7 tables of 1-3 need < 1 s


@njit(cache=True, nogil=True)
def _completion_bound(D, load, hi, k, pair_tail):
    """Optimistic gain of placing blocks k.. : best gain to placed blocks plus all pairs."""
    m, n_tables = D.shape
    total = pair_tail[k]
    for u in range(k, m):
        best = 0.0
        for g in range(n_tables):
            if load[g] < hi[g] and D[u, g] > best:
                best = D[u, g]
        total += best
    return total


@njit(cache=True, nogil=True)
def _admissible(u, g, a, D, K, load, wt, lo, hi, pinned, table_class, remaining):
    if pinned[u] >= 0 and pinned[u] != g:
        return False
    if load[g] + wt[u] > hi[g] or K[u, g] > 0:
        return False
    if load[g] == 0:
        for h in range(g):
            if load[h] == 0 and table_class[h] == table_class[g]:
                return False
    deficit = 0
    for h in range(lo.shape[0]):
        need = lo[h] - load[h] - (wt[u] if h == g else 0)
        if need > 0:
            deficit += need
    return remaining - wt[u] >= deficit


@njit(cache=True, nogil=True)
def branch_and_bound(W, C, wt, lo, hi, pinned, table_class, incumbent, node_limit):
    """Return (best value, best assignment, proven) starting from a known incumbent value."""
    m, n_tables = W.shape[0], lo.shape[0]
    pair_tail = np.zeros(m + 1)
    for k in range(m - 1, -1, -1):
        pair_tail[k] = pair_tail[k + 1]
        for v in range(k + 1, m):
            pair_tail[k] += max(W[k, v], 0.0)
    D = np.zeros((m, n_tables))
    K = np.zeros((m, n_tables), dtype=np.int64)
    load = np.zeros(n_tables, dtype=np.int64)
    a = np.full(m, -1, dtype=np.int64)
    best_a = np.full(m, -1, dtype=np.int64)
    best, cur, remaining, nodes, k = incumbent, 0.0, wt.sum(), 0, 0
    while k >= 0:
        if k == m:
            if cur > best + 1e-9:
                best = cur
                best_a[:] = a
            k -= 1
            continue
        u = k
        if a[u] >= 0:  # undo the previous choice for this block
            g = a[u]
            cur -= D[u, g]
            for v in range(m):
                D[v, g] -= W[v, u]
                K[v, g] -= C[v, u]
            load[g] -= wt[u]
            remaining += wt[u]
        g = a[u] + 1
        while g < n_tables and not _admissible(
            u, g, a, D, K, load, wt, lo, hi, pinned, table_class, remaining
        ):
            g += 1
        if g == n_tables:
            a[u] = -1
            k -= 1
            continue
        nodes += 1
        if nodes > node_limit:
            return best, best_a, False
        a[u] = g
        cur += D[u, g]
        for v in range(m):
            D[v, g] += W[v, u]
            K[v, g] += C[v, u]
        load[g] += wt[u]
        remaining -= wt[u]
        if cur + _completion_bound(D, load, hi, k + 1, pair_tail) > best + 1e-9:
            k += 1
    return best, best_a, True


def table_classes(model: Model) -> np.ndarray:
    """Label tables: equal bounds and no pinned block means interchangeable."""
    pinned_tables = set(model.pinned[model.pinned >= 0].tolist())
    labels: dict[tuple[int, int], int] = {}
    classes = np.empty(model.n_tables, dtype=np.int64)
    for t in range(model.n_tables):
        key = (-1 - t, 0) if t in pinned_tables else (int(model.lo[t]), int(model.hi[t]))
        classes[t] = labels.setdefault(key, len(labels))
    return classes


def prove_optimal(model: Model, incumbent: float, seconds: float) -> tuple[np.ndarray | None, bool]:
    """Enumerate tiny models; return (better assignment or None, proven optimal).

    The node budget is derived from `seconds`, so an unlucky tree gives up in time.
    """
    node_limit = max(100_000, int(seconds * NODES_PER_SECOND))
    value, best_a, proven = branch_and_bound(
        model.W, model.conflict, model.weight, model.lo, model.hi, model.pinned,
        table_classes(model), incumbent - 1e-7, node_limit,
    )  # fmt: skip
    found = best_a if best_a[0] >= 0 else None
    return found, proven
