"""Anytime iterated tabu search, one independent thread per core."""

from __future__ import annotations

import os
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

import numpy as np

from . import kernels
from .compile import Model


@dataclass(frozen=True)
class SearchResult:
    """Best node assignment found and its objective (without block-internal scores)."""

    assignment: np.ndarray
    value: float
    epochs: int


def default_workers(workers: int | None) -> int:
    """Use every core unless told otherwise."""
    return workers if workers else max(1, os.cpu_count() or 1)


def search_params(model: Model) -> np.ndarray:
    """Choose (patience, tenure, strength) from the instance size."""
    m, tables = model.m, model.n_tables
    # Measured on MDGPLIB n=120/240 (2 seeds): 20 m idle steps beat 5 m by ~0.1 %.
    patience = max(50, 20 * m)
    tenure = max(3, m // (2 * tables) + 2)
    strength = max(2, m // 10)
    return np.array([patience, tenure, strength], dtype=np.int64)


def seed_state(seed: int, worker: int) -> np.ndarray:
    """Derive a non-zero xorshift state for a worker from the user's seed."""
    mixed = np.random.SeedSequence([seed, worker]).generate_state(1, dtype=np.uint64)
    return np.array([mixed[0] | np.uint64(1)], dtype=np.uint64)


def run_search(
    model: Model,
    starts: list[np.ndarray],
    seconds: float,
    seed: int,
    max_epochs: int | None = None,
) -> SearchResult:
    """Improve each start in its own seeded thread for `seconds`; keep the best."""
    deadline = time.perf_counter() + seconds
    workers = len(starts)
    # The kernels cannot read a clock; a timer raises this flag, which they poll.
    stop = np.zeros(1, dtype=np.int64)
    timer = threading.Timer(max(0.0, seconds), stop.fill, args=(1,))
    timer.start()
    args = [
        (model, s, deadline, stop, seed_state(seed, k), max_epochs) for k, s in enumerate(starts)
    ]
    try:
        if workers == 1:
            results = [_worker(*args[0])]
        else:
            with ThreadPoolExecutor(max_workers=workers) as pool:
                results = list(pool.map(lambda a: _worker(*a), args))
    finally:
        timer.cancel()
    # Ties go to the lowest worker index so that the choice is reproducible.
    best = max(range(len(results)), key=lambda k: (results[k].value, -k))
    return results[best]


def _worker(
    model: Model, start, deadline: float, stop, rng, max_epochs: int | None
) -> SearchResult:
    """Run ILS rounds until the deadline or the epoch limit."""
    W, C, wt = model.W, model.conflict, model.weight
    a = start.copy()
    D, K, f = kernels.build_state(W, C, a, model.n_tables)
    load = np.bincount(a, weights=wt, minlength=model.n_tables).astype(np.int64)
    free = np.flatnonzero(model.pinned < 0).astype(np.int64)
    best_a, best_f = a.copy(), f
    if len(free) < 2:
        return SearchResult(best_a, best_f, 0)
    tabu = np.zeros((model.m, model.n_tables), dtype=np.int64)
    params = search_params(model)
    it, epochs = 0, 0
    while time.perf_counter() < deadline and (max_epochs is None or epochs < max_epochs):
        f, best_f, it = kernels.ils_round(
            W, C, model.has_conflicts, wt, free, model.lo, model.hi, a, D, K, load, f,
            best_a, best_f, tabu, it, stop, params, rng,
        )  # fmt: skip
        epochs += 1
    return SearchResult(best_a, best_f, epochs)


def warm_up() -> float:
    """Compile or load the numba kernels now (e.g. at app start); return the seconds spent.

    Kernels are cached on disk (numba cache=True), so this costs well under a second in a
    fresh process once the cache exists, and a one-off compile of several seconds before.
    """
    from .compile import compile_model
    from .construct import greedy_seating
    from .prepare import prepare
    from .problem import Problem

    started = time.perf_counter()
    scores = np.add.outer(np.arange(8.0), np.arange(8.0)) % 5
    model = compile_model(prepare(Problem(scores, min_size=2, max_size=4)))
    run_search(model, [greedy_seating(model, 0)], 10.0, 0, max_epochs=1)
    return time.perf_counter() - started
