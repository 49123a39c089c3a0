"""Starting seatings: a score-greedy construction and a uniformly random one."""

from __future__ import annotations

import dataclasses
import functools

import numpy as np

from .compile import Model


def lopsided_sizes(lo: np.ndarray, hi: np.ndarray, seats: int) -> np.ndarray:
    """Table sizes maximising the number of within-table pairs, by dynamic programming.

    With mostly positive scores the best seatings use as many pairs as the bounds allow,
    i.e. a lopsided size profile that local moves cannot reach from a balanced one.
    """
    tables = len(lo)
    best = np.full((tables + 1, seats + 1), -np.inf)
    best[0, 0] = 0.0
    choice = np.zeros((tables + 1, seats + 1), dtype=np.int64)
    for g in range(tables):
        # Larger sizes first: among equally good profiles the larger size wins.
        for size in range(int(min(hi[g], seats)), int(lo[g]) - 1, -1):
            value = np.full(seats + 1, -np.inf)
            value[size:] = best[g, : seats + 1 - size] + size * (size - 1) / 2
            better = value > best[g + 1]
            best[g + 1, better] = value[better]
            choice[g + 1, better] = size
    sizes = np.zeros(tables, dtype=np.int64)
    used = seats
    for g in range(tables, 0, -1):
        sizes[g - 1] = choice[g, used]
        used -= sizes[g - 1]
    return sizes


@functools.lru_cache(maxsize=64)
def _lopsided(lo: tuple, hi: tuple, seats: int) -> tuple:
    """Cached lopsided_sizes: every worker's start asks for the same profile."""
    return tuple(lopsided_sizes(np.array(lo), np.array(hi), seats).tolist())


def greedy_seating(
    model: Model, seed: int, greedy: bool = True, lopsided: bool = False
) -> np.ndarray | None:
    """Place blocks one by one at the best-scoring table that keeps the seating completable.

    With greedy=False the table is chosen at random among the admissible ones; with
    lopsided=True tables are filled to the sizes of lopsided_sizes(). Returns a table per
    node, or None when the construction gets stuck (hard constraints).
    """
    if lopsided:
        sizes = np.array(_lopsided(tuple(model.lo), tuple(model.hi), int(model.weight.sum())))
        model = dataclasses.replace(model, lo=sizes, hi=sizes)
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
    pin = model.pinned[u]
    candidates = np.array([pin]) if pin >= 0 else np.arange(model.n_tables)
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
