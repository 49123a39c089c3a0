"""Anytime iterated tabu search, one independent thread per core."""

from __future__ import annotations

import dataclasses
import os
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor, wait
from dataclasses import dataclass

import numpy as np

from . import kernels
from .compile import Model
from .progress import POLL_S


@dataclass(frozen=True)
class SearchResult:
    """Best node assignment found, its objective (without block-internal scores) and why
    the search stopped: "converged", "time_limit" or "iteration_limit"."""

    assignment: np.ndarray
    value: float
    epochs: int
    stop_reason: str = "converged"


# Why the whole search stopped, given each thread's reason: the weakest claim wins.
_REASON_RANK = {"converged": 0, "iteration_limit": 1, "time_limit": 2}
STALL_DESCENTS = 8
STALL_EPOCHS_MAX = 2000  # safety net when constraints leave no move to make


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


def stall_budget(model: Model) -> int:
    """Tabu iterations without a new best after which a thread has converged.

    STALL_DESCENTS tabu descents' worth (each at least patience = 20 m idle steps), so
    the plateau grows with the number of guests. Replaying seeded search trajectories of
    the demo dinner and random 60/120/200-guest dinners: 6 descents left a 200-guest run
    at 0.9976 of a 10-s run, 8 at >= 0.9989, 12 at 1.0 but needing ~2x the iterations.
    """
    return int(STALL_DESCENTS * search_params(model)[0])


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
    stall: int | None = None,
    on_best: Callable[[float], None] | None = None,
) -> SearchResult:
    """Improve each start in its own seeded thread; keep the best.

    Threads stop at the deadline, after max_epochs descents, or after `stall` iterations
    without a new best. on_best(best value so far) is called from this thread every
    POLL_S seconds while the threads run.
    """
    deadline = time.perf_counter() + seconds
    workers = len(starts)
    # The kernels cannot read a clock; a timer raises this flag, which they poll.
    stop = np.zeros(1, dtype=np.int64)
    live = np.full(workers, -np.inf)
    timer = threading.Timer(max(0.0, seconds), stop.fill, args=(1,))
    timer.start()
    limits = (deadline, stop, max_epochs, stall)
    args = [(model, s, limits, live[k : k + 1], seed_state(seed, k)) for k, s in enumerate(starts)]
    try:
        results = _run_threads(args, live, on_best, stop)
    finally:
        timer.cancel()
    # Ties go to the lowest worker index so that the choice is reproducible.
    best = max(range(len(results)), key=lambda k: (results[k].value, -k))
    reason = max((r.stop_reason for r in results), key=_REASON_RANK.__getitem__)
    return dataclasses.replace(results[best], stop_reason=reason)


def _run_threads(args, live: np.ndarray, on_best, stop: np.ndarray) -> list[SearchResult]:
    """Run one worker per start; poll their best values from this thread."""
    if on_best is None and len(args) == 1:
        return [_worker(*args[0])]
    with ThreadPoolExecutor(max_workers=len(args)) as pool:
        futures = [pool.submit(_worker, *a) for a in args]
        try:
            while wait(futures, timeout=POLL_S).not_done:
                if on_best is not None and np.isfinite(live.max()):
                    on_best(float(live.max()))
        except BaseException:
            stop.fill(1)  # the hook raised: stop the threads, then let it propagate
            raise
        return [future.result() for future in futures]


def _worker(model: Model, start, limits, live, rng) -> SearchResult:
    """Run ILS rounds until the deadline, the epoch limit or a plateau."""
    deadline, stop, max_epochs, stall = limits
    W, C, wt = model.W, model.conflict, model.weight
    a = start.copy()
    D, K, f = kernels.build_state(W, C, a, model.n_tables)
    live[0] = f
    load = np.bincount(a, weights=wt, minlength=model.n_tables).astype(np.int64)
    free = np.flatnonzero(model.pinned < 0).astype(np.int64)
    best_a, best_f = a.copy(), f
    if len(free) < 2:
        return SearchResult(best_a, best_f, 0, "converged")
    tabu = np.zeros((model.m, model.n_tables), dtype=np.int64)
    params = search_params(model)
    it, epochs, gain_it, gain_epoch = 0, 0, 0, 0
    while True:
        reason = _stop_reason(deadline, stop, max_epochs, epochs)
        stalled = stall is not None and (
            it - gain_it >= stall or epochs - gain_epoch >= STALL_EPOCHS_MAX
        )
        if reason or stalled:
            return SearchResult(best_a, best_f, epochs, reason or "converged")
        previous = best_f
        f, best_f, it = kernels.ils_round(
            W, C, model.has_conflicts, wt, free, model.lo, model.hi, a, D, K, load, f,
            best_a, best_f, tabu, it, stop, live, params, rng,
        )  # fmt: skip
        epochs += 1
        if best_f > previous + 1e-9:
            gain_it, gain_epoch = it, epochs


def _stop_reason(deadline: float, stop, max_epochs: int | None, epochs: int) -> str:
    if stop[0] or time.perf_counter() >= deadline:
        return "time_limit"
    if max_epochs is not None and epochs >= max_epochs:
        return "iteration_limit"
    return ""


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
