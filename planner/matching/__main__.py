"""Score a JSON list of profiles: `python -m planner.matching PROFILES.json [--explain]`."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .profile import profile_from_dict
from .scoring import ScoreMatrix, Weights, score_profiles
from .taxonomy import Taxonomy

DECIMALS = 4


def main(argv: Sequence[str] | None = None) -> int:
    """Read profiles, print {"ids": [...], "scores": [[...]]} (and reasons with --explain)."""
    args = _parser().parse_args(argv)
    matrix = score_file(args.profiles, taxonomy_extra=args.taxonomy)
    json.dump(result_json(matrix, explain=args.explain), sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def score_file(path: str | Path, taxonomy_extra: str | None = None) -> ScoreMatrix:
    """Score the profiles stored in a JSON file (a list, or {"profiles": [...]})."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(raw, dict):
        raw = raw.get("profiles", [])
    profiles = [profile_from_dict(item) for item in raw]
    taxonomy = Taxonomy.load(extra=taxonomy_extra) if taxonomy_extra else None
    return score_profiles(profiles, Weights(), taxonomy=taxonomy)


def result_json(matrix: ScoreMatrix, explain: bool = False) -> dict:
    """Return the JSON-ready output: ids, rounded scores and optionally reasons per pair."""
    result = {
        "ids": list(matrix.ids),
        "scores": [[round(float(v), DECIMALS) for v in row] for row in matrix.scores],
    }
    if explain:
        n = len(matrix.ids)
        result["reasons"] = [
            {"pair": [matrix.ids[i], matrix.ids[j]], "reasons": matrix.reasons(i, j)}
            for i in range(n)
            for j in range(i + 1, n)
        ]
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planner.matching", description=__doc__)
    parser.add_argument("profiles", help="JSON list of profiles (id, name, industry, asks, ...)")
    parser.add_argument("--explain", action="store_true", help="add the top reasons per pair")
    parser.add_argument("--taxonomy", help="organiser JSON merged into the built-in taxonomy")
    return parser


if __name__ == "__main__":
    sys.exit(main())
