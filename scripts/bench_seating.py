"""Time to a seating and its quality against a 20-s run: the demo dinner and random dinners.

    python scripts/bench_seating.py [--seeds 0 1 2] [--sizes 60 120 200] [--limit 5]

For every dinner and seed, in one process: a solve as the app does it (stop when
converged, time limit --limit), a solve stopped after the CPU time an idle 2-core machine
spends in the issue's bar (1 s up to 60 guests, 3 s above, times 2 threads), and a
--reference-second solve without early stopping. It prints the time to the result (and
the CPU seconds it got), why it stopped, the objectives relative to the reference run,
and when the progress hook was first called and the longest wait between calls. Not a
test: wall-clock figures depend on the machine and its load; the CPU-budgeted column
does not.
"""

from __future__ import annotations

import argparse
import json
import platform
import statistics
import sys
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np

from planner.matching import Profile, default_taxonomy, score_profiles
from solver import Constraints, Problem, solve, warm_up

DEMO_PEOPLE = Path(__file__).resolve().parent.parent / "planner" / "demo" / "people.json"
DEMO_ACCEPTING = 40  # as planner/demo: the first 40 guests accept


@dataclass
class ProgressLog:
    """Record when the progress hook is called."""

    started: float = field(default_factory=time.perf_counter)
    calls: list[float] = field(default_factory=list)

    def __call__(self, elapsed: float, best: float) -> None:
        self.calls.append(time.perf_counter() - self.started)

    def first(self) -> float:
        """Seconds to the first call."""
        return self.calls[0] if self.calls else float("nan")

    def longest_wait(self) -> float:
        """Longest time between two calls."""
        return max(np.diff(self.calls), default=float("nan"))


def demo_problem() -> Problem:
    """The demo dinner as the app seats it: referral scores, competitors at different tables."""
    people = json.loads(DEMO_PEOPLE.read_text("utf-8"))[:DEMO_ACCEPTING]
    profiles = [
        Profile(
            id=str(k),
            name=p["name"],
            company=p["company"],
            role=p["role"],
            industry=p["industry"],
            does=p["what_i_do"],
            serves=p["serves"],
            asks=tuple(p["asks"]),
            can_introduce=tuple(p["can_introduce"]),
        )  # fmt: skip
        for k, p in enumerate(people)
    ]
    matrix = score_profiles(profiles)
    return Problem(
        matrix.scores,
        min_size=6,
        max_size=10,
        constraints=Constraints(competitor_groups=competitor_groups(people, len(people) // 6)),
        names=tuple(p["name"] for p in people),
    )


def competitor_groups(people: list[dict], most_tables: int) -> tuple[tuple[int, ...], ...]:
    """Guests of one competing specialty, as planner.services.seating groups them."""
    taxonomy = default_taxonomy()
    groups: dict[str, list[int]] = {}
    for index, person in enumerate(people):
        key = person["industry"]
        if key in taxonomy and taxonomy.specialty(key).competes:
            groups.setdefault(key, []).append(index)
    return tuple(tuple(g) for g in groups.values() if 1 < len(g) <= most_tables)


def random_problem(n: int, seed: int) -> Problem:
    """Random symmetric scores in [0, 2], tables of 6-10."""
    raw = np.random.default_rng(1000 + seed).random((n, n))
    return Problem(raw + raw.T, min_size=6, max_size=10)


def bar_seconds(n: int) -> float:
    """The issue's time bar: 1 s up to 60 guests, 3 s for larger dinners."""
    return 1.0 if n <= 60 else 3.0


class CpuSpent(Exception):
    """Raised by the progress hook to end a solve once its CPU budget is used."""


def best_within_cpu(problem: Problem, cpu_budget: float, limit: float = 120.0) -> float:
    """Best objective reached within cpu_budget CPU seconds of this process (all threads).

    On an idle 2-core machine, 2 search threads use 2 CPU seconds per wall second, so this
    is the quality an idle machine reaches in cpu_budget / 2 seconds, whatever the load.
    """
    started, reached = time.process_time(), []

    def hook(elapsed: float, best: float) -> None:
        reached.append(best)
        if time.process_time() - started >= cpu_budget:
            raise CpuSpent

    try:
        return solve(replace(problem, time_limit_s=limit), progress=hook).objective
    except CpuSpent:
        return reached[-1]


def measure(
    problem: Problem, seed: int, limit: float, reference_s: float, reference_cpu: bool
) -> dict:
    """Solve as the app does, within the bar's CPU, and for reference_s without early stop.

    With reference_cpu the reference run gets the CPU an idle machine spends in
    reference_s (2 threads), however long that takes on a loaded machine.
    """
    problem = replace(problem, seed=seed)
    log = ProgressLog()
    cpu = time.process_time()
    plan = solve(replace(problem, time_limit_s=limit), progress=log)
    seconds, cpu = time.perf_counter() - log.started, time.process_time() - cpu
    bar = bar_seconds(len(problem.scores))
    at_bar = best_within_cpu(problem, 2 * bar)
    reference_cpu = time.process_time()
    full = replace(problem, time_limit_s=reference_s, stop_when_converged=False)
    if reference_cpu:
        reference = best_within_cpu(full, 2 * reference_s, limit=20 * reference_s)
    else:
        reference = solve(full).objective
    reference_cpu = time.process_time() - reference_cpu
    return {
        "seconds": seconds,
        "cpu": cpu,
        "reason": plan.stop_reason,
        "ratio": plan.objective / reference,
        "bar": bar,
        "at_bar": at_bar / reference,
        "reference_cpu": reference_cpu,
        "first": log.first(),
        "wait": log.longest_wait(),
    }


def main(argv: list[str] | None = None) -> int:
    """Run every dinner and seed and print a Markdown table with a summary per dinner."""
    parser = argparse.ArgumentParser(prog="python scripts/bench_seating.py")
    parser.add_argument("--sizes", nargs="+", type=int, default=[60, 120, 200])
    parser.add_argument("--seeds", nargs="+", type=int, default=[0, 1, 2])
    parser.add_argument("--limit", type=float, default=5.0, help="time limit as in the app")
    parser.add_argument("--reference", type=float, default=20.0)
    parser.add_argument(
        "--reference-cpu",
        action="store_true",
        help="give the reference run the CPU of an idle machine in --reference seconds",
    )
    args = parser.parse_args(argv)
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} {platform.machine()} python "
          f"{platform.python_version()}, warm-up {warm_up():.2f} s\n")  # fmt: skip
    print("| dinner | seed | time to result (s) | its CPU s | stopped | objective / 20-s run "
          "| bar (s) | at the bar, idle-equivalent / 20-s run | 20-s run's CPU s "
          "| first progress (s) | longest wait (s) |"
          "\n|---|---|---|---|---|---|---|---|---|---|---|")  # fmt: skip
    dinners = [("demo (40)", lambda s: demo_problem())]
    dinners += [(f"random {n}", lambda s, n=n: random_problem(n, s)) for n in args.sizes]
    summary = []
    for name, build in dinners:
        rows = []
        for seed in args.seeds:
            row = measure(build(seed), seed, args.limit, args.reference, args.reference_cpu)
            rows.append(row)
            print(f"| {name} | {seed} | {row['seconds']:.2f} | {row['cpu']:.2f} | "
                  f"{row['reason']} | {row['ratio']:.5f} | {row['bar']:g} | "
                  f"{row['at_bar']:.5f} | {row['reference_cpu']:.1f} | {row['first']:.2f} | "
                  f"{row['wait']:.2f} |", flush=True)  # fmt: skip
        summary.append((name, rows))
    print("\n| dinner | runs | max time (s) | mean ratio | min ratio | min ratio at the bar "
          "| max first progress (s) |\n|---|---|---|---|---|---|---|")  # fmt: skip
    for name, rows in summary:
        ratios = [r["ratio"] for r in rows]
        print(f"| {name} | {len(rows)} | {max(r['seconds'] for r in rows):.2f} | "
              f"{statistics.mean(ratios):.5f} | {min(ratios):.5f} | "
              f"{min(r['at_bar'] for r in rows):.5f} | "
              f"{max(r['first'] for r in rows):.2f} |")  # fmt: skip
    return 0


if __name__ == "__main__":
    sys.exit(main())
