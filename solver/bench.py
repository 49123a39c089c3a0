"""Benchmark against TPSDP on MDGPLIB: `python -m solver.bench [--sizes 120 240] ...`.

For every instance it prints our objective and its ratio to TPSDP's best and 20-run
average, and the same for a random seating and a greedy seating computed in the same run.
Time limits default to TPSDP's (3 s for n=120, 20 s for n=240, 120 s for n=480), and the
full time is used (no stop at a plateau) unless --stop-when-converged is given.
"""

from __future__ import annotations

import argparse
import platform
import statistics
import sys
import time
from collections import defaultdict
from dataclasses import replace

from .compile import compile_model
from .construct import greedy_seating, random_seating
from .mdgp import instance_path, read_instance, references, score_groups
from .prepare import prepare
from .solve import solve

TPSDP_SECONDS = {120: 3.0, 240: 20.0, 480: 120.0}


def instance_names(sets: list[str], sizes: list[int], kinds: list[str], ids: list[int]):
    """Names of the chosen instances that exist in the library."""
    names = [f"{s}_n{n:03d}_{k}_{i:02d}" for n in sizes for s in sets for k in kinds for i in ids]
    return [name for name in names if instance_path(name).exists()]


def baseline_values(instance, seed: int) -> tuple[float, float]:
    """Objective of a random seating and of a greedy seating (no improvement phase)."""
    model = compile_model(prepare(instance.problem(1.0)))
    random_nodes = random_seating(model, seed)
    greedy_nodes = greedy_seating(model, seed)
    return (
        score_groups(instance.scores, model.expand(random_nodes)),
        score_groups(instance.scores, model.expand(greedy_nodes)),
    )


def run(
    names,
    seconds: float | None,
    seed: int,
    workers: int | None,
    out=sys.stdout,
    stop_when_converged: bool = False,
) -> None:
    """Solve every instance and print a Markdown table plus per-size means."""
    refs = references()
    ratios = defaultdict(list)
    print(
        "| instance | n | s | ours | /best | /avg20 | random /avg20 | greedy /avg20 |"
        "\n|---|---|---|---|---|---|---|---|",
        file=out,
        flush=True,
    )
    for name in names:
        instance = read_instance(instance_path(name))
        n = instance.scores.shape[0]
        limit = seconds or TPSDP_SECONDS.get(n, 3.0)
        problem = instance.problem(limit, seed=seed, workers=workers)
        plan = solve(replace(problem, stop_when_converged=stop_when_converged))
        value = score_groups(instance.scores, plan.assignment)
        rand, greedy = baseline_values(instance, seed)
        ref = refs[name]
        row = (value / ref.best, value / ref.average, rand / ref.average, greedy / ref.average)
        ratios[n].append(row)
        print(
            f"| {name} | {n} | {limit:g} | {value:.3f} | {row[0]:.5f} | {row[1]:.5f} "
            f"| {row[2]:.4f} | {row[3]:.4f} |",
            file=out,
            flush=True,
        )
    print("\n| n | instances | mean /best | mean /avg20 | min /avg20 | random | greedy |", file=out)
    print("|---|---|---|---|---|---|---|", file=out)
    for n, rows in sorted(ratios.items()):
        cols = list(zip(*rows, strict=True))
        print(
            f"| {n} | {len(rows)} | {statistics.mean(cols[0]):.5f} | "
            f"{statistics.mean(cols[1]):.5f} | {min(cols[1]):.5f} | "
            f"{statistics.mean(cols[2]):.4f} | {statistics.mean(cols[3]):.4f} |",
            file=out,
            flush=True,
        )


def main(argv: list[str] | None = None) -> int:
    """Parse arguments and run the benchmark."""
    parser = argparse.ArgumentParser(prog="python -m solver.bench")
    parser.add_argument("--sets", nargs="+", default=["RanReal", "Geo"])
    parser.add_argument("--sizes", nargs="+", type=int, default=[120])
    parser.add_argument("--kinds", nargs="+", default=["ds", "ss"])
    parser.add_argument("--ids", nargs="+", type=int, default=list(range(1, 11)))
    parser.add_argument("--seconds", type=float, default=None, help="default: TPSDP's limit")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument(
        "--stop-when-converged",
        action="store_true",
        help="stop at a plateau as the app does (default: use the full time, as TPSDP)",
    )
    args = parser.parse_args(argv)
    names = instance_names(args.sets, args.sizes, args.kinds, args.ids)
    print(f"# {time.strftime('%Y-%m-%d %H:%M')} on {platform.machine()}, "
          f"python {platform.python_version()}, seed {args.seed}\n")  # fmt: skip
    run(names, args.seconds, args.seed, args.workers, stop_when_converged=args.stop_when_converged)
    return 0


if __name__ == "__main__":
    sys.exit(main())
