"""The progress hook: called early, regularly, with the best objective so far."""

from __future__ import annotations

import threading
import time

import numpy as np
import pytest

from solver import Problem, solve, solve_rounds, warm_up

# The contract is a call at least every 0.25 s; other processes share this machine, so
# the test allows scheduling delays on top of it (load averages of 10 on 2 cores here).
SLACK_S = 0.5


@pytest.fixture(autouse=True, scope="module")
def _kernels_loaded():
    """Load the numba kernels first, as the app does at start-up (warm_up).

    Loading them holds the GIL for ~0.5 s (seconds under load, ~15 s to compile from
    an empty cache), during which no thread can call the hook.
    """
    warm_up()


def _scores(n: int, seed: int) -> np.ndarray:
    raw = np.random.default_rng(seed).random((n, n))
    return raw + raw.T


class Recorder:
    """Record calls: wall time since creation, reported values, calling thread."""

    def __init__(self):
        self.started = time.perf_counter()
        self.times, self.values, self.threads = [], [], set()

    def __call__(self, elapsed: float, best: float) -> None:
        self.times.append(time.perf_counter() - self.started)
        self.values.append(best)
        self.threads.add(threading.get_ident())

    def longest_wait(self) -> float:
        return float(np.diff(self.times).max()) if len(self.times) > 1 else 0.0


@pytest.mark.parametrize(
    ("n", "min_size", "max_size", "seconds"),
    [(200, 6, 10, 2.0), (600, 6, 10, 1.5), (20, 4, 6, 1.5), (12, 3, 4, 1.0)],
    ids=["search", "large", "cp-sat", "branch-and-bound"],
)
def test_progress_is_called_early_and_regularly(n, min_size, max_size, seconds):
    record = Recorder()
    plan = solve(
        Problem(_scores(n, 1), min_size=min_size, max_size=max_size, time_limit_s=seconds),
        progress=record,
    )
    assert plan.ok
    assert record.times[0] < 1.0
    assert record.longest_wait() < 0.25 + SLACK_S
    assert record.values == sorted(record.values)
    assert record.values[-1] == pytest.approx(plan.objective)
    assert record.threads == {threading.get_ident()}


def test_progress_reports_improvements_during_a_long_search():
    record = Recorder()
    solve(Problem(_scores(200, 2), time_limit_s=1.5, stop_when_converged=False), progress=record)
    assert len(record.times) >= 5
    assert record.values[-1] > record.values[0]


def test_a_raising_hook_stops_the_solve():
    class Cancelled(Exception):
        pass

    def cancel(elapsed, best):
        if elapsed > 0.3:
            raise Cancelled

    started = time.perf_counter()
    with pytest.raises(Cancelled):
        solve(Problem(_scores(200, 3), time_limit_s=10.0), progress=cancel)
    assert time.perf_counter() - started < 2.0


def test_rounds_report_progress_and_why_they_stopped():
    record = Recorder()
    result = solve_rounds(Problem(_scores(60, 4), time_limit_s=3.0), rounds=2, progress=record)
    assert result.ok and result.stop_reason in ("converged", "time_limit")
    assert record.times[0] < 1.0 and record.longest_wait() < 0.25 + SLACK_S
    assert record.values[-1] == pytest.approx(result.objective)
