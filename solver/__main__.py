"""Command line: `python -m solver mdgp PATH --seconds S [--seed K] [--workers W] --json`."""

from __future__ import annotations

import argparse
import json
import sys

from .mdgp import read_instance
from .solve import solve


def main(argv: list[str] | None = None) -> int:
    """Solve an MDGPLIB instance and print the objective and the group of every element."""
    parser = argparse.ArgumentParser(prog="python -m solver")
    commands = parser.add_subparsers(dest="command", required=True)
    mdgp = commands.add_parser("mdgp", help="solve an MDGPLIB instance file")
    mdgp.add_argument("path")
    mdgp.add_argument("--seconds", type=float, default=3.0)
    mdgp.add_argument("--seed", type=int, default=0)
    mdgp.add_argument("--workers", type=int, default=None)
    mdgp.add_argument("--json", action="store_true", help="print JSON (the default format)")
    args = parser.parse_args(argv)
    instance = read_instance(args.path)
    plan = solve(instance.problem(args.seconds, seed=args.seed, workers=args.workers))
    if not plan.ok:
        print(json.dumps({"status": plan.status.value, "message": plan.message}))
        return 1
    out = {"objective": plan.objective, "groups": list(plan.assignment)}
    if not args.json:
        out |= {"status": plan.status.value, "bound": plan.bound, "seconds": plan.seconds}
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
