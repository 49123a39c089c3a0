"""Starting seatings: a score-greedy construction and a uniformly random one."""

from __future__ import annotations

import numpy as np

from .compile import Model


def greedy_seating(model: Model, seed: int, greedy: bool = True) -> np.ndarray | None:
    """Place blocks one by one at the best-scoring table that keeps the seating completable.

    With greedy=False the table is chosen at random among the admissible ones. Returns a
    table per node, or None when the construction gets stuck (hard constraints).
    """
    rng = np.random.default_rng(seed)
    m, tables = model.m, model.n_tables
    a = np.full(m, -1, dtype=np.int64)
    load = np.zeros(tables, dtype=np.int64)
    gain = np.zeros((m, tables))
    blocked = np.zeros((m, tables), dtype=np.int64)
    remaining = int(model.weight.sum())
    for u in _placement_order(model, rng):
        remaining -= model.weight[u]
        options = _admissible_tables(model, u, load, blocked, remaining)
        if len(options) == 0:
            return None
        if greedy:
            values = gain[u, options] + rng.random(len(options)) * 1e-9
            g = int(options[np.argmax(values)])
        else:
            g = int(rng.choice(options))
        a[u] = g
        load[g] += model.weight[u]
        gain[:, g] += model.W[:, u]
        blocked[:, g] += model.conflict[:, u]
    return a


def _placement_order(model: Model, rng) -> np.ndarray:
    """Pinned blocks first, then constrained and heavy blocks, otherwise random."""
    conflicts = model.conflict.sum(axis=1)
    noise = rng.random(model.m)
    pinned = model.pinned >= 0
    keys = (noise, -conflicts, -model.weight, ~pinned)
    return np.lexsort(keys)


def _admissible_tables(model: Model, u: int, load, blocked, remaining: int) -> np.ndarray:
    if model.pinned[u] >= 0:
        candidates = np.array([model.pinned[u]])
    else:
        candidates = np.arange(model.n_tables)
    w = model.weight[u]
    fits = load[candidates] + w <= model.hi[candidates]
    fits &= blocked[u, candidates] == 0
    deficit = np.maximum(model.lo - load, 0).sum()
    covered = np.minimum(w, np.maximum(model.lo[candidates] - load[candidates], 0))
    fits &= remaining >= deficit - covered
    return candidates[fits]


def random_seating(model: Model, seed: int) -> np.ndarray | None:
    """Seat blocks at random admissible tables (the benchmark's random baseline)."""
    return greedy_seating(model, seed, greedy=False)


def seating_value(model: Model, a: np.ndarray) -> float:
    """Objective of a node assignment, including scores inside keep-together blocks."""
    same = a[:, None] == a[None, :]
    return float((model.W * same).sum() / 2.0 + model.inner)
