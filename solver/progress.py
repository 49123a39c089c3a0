"""Report the best objective so far to the caller's hook, always from the solving thread."""

from __future__ import annotations

import math
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

ProgressHook = Callable[[float, float], None]
TICK_S = 0.15  # the hook is called this often while a solve runs (promised: 0.25 s)
POLL_S = 0.05  # how often the solving thread looks at the search threads


class Reporter:
    """Rate-limit calls of an optional hook(elapsed seconds, best objective so far)."""

    def __init__(self, hook: ProgressHook | None, started: float):
        self.hook = hook
        self.started = started
        self.best = -math.inf
        self._last_call = -math.inf

    def offer(self, value: float) -> None:
        """Record an objective reached; the best one is reported."""
        self.best = max(self.best, value)

    def tick(self, force: bool = False) -> None:
        """Call the hook when TICK_S has passed since the last call (or when forced)."""
        if self.hook is None or self.best == -math.inf:
            return
        now = time.perf_counter()
        if force or now - self._last_call >= TICK_S:
            self._last_call = now
            self.hook(now - self.started, self.best)


def run_reporting(reporter: Reporter, fn, *args):
    """Run fn(*args) in a helper thread and tick the reporter here until it returns.

    CP-SAT and the branch and bound release the GIL, so this thread stays responsive.
    """
    if reporter.hook is None:
        return fn(*args)
    with ThreadPoolExecutor(max_workers=1) as pool:
        future = pool.submit(fn, *args)
        while True:
            try:
                return future.result(timeout=POLL_S)
            except TimeoutError:
                reporter.tick()
