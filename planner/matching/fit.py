"""Fit the combination of evidence channels on the labelled judgments.

    python -m planner.matching.fit [--write] [SETS ...]

Each judgment "for A, B is clearly more useful than C" becomes one row: the pair features of
(A, B) minus those of (A, C). A logistic regression without intercept on these rows (and their
mirror images) is the pairwise ranking model; its coefficients are the weights of the score.
Penalties enter negated, so every weight must come out >= 0; a feature whose weight would be
negative is dropped and the rest refitted. Leave-one-set-out accuracy is printed for the model
fitted with and without the semantic channel; `--write` stores the weights in data/weights.json.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression

from .evaluate import Comparison, load_labelled
from .scoring import score_profiles
from .weights import FITTED, PENALTIES, WEIGHTS_FILE, Weights

# Sets named "holdout" measure the fitted model and are never fitted on.
DEFAULT_SETS = sorted(
    p for p in Path("tests/matching").glob("labelled*.json") if "holdout" not in p.name
)
REGULARISATION = 1.0  # sklearn's C: the judgments are few, keep the weights modest
# The semantic channel joins the default only if it raises pooled leave-one-set-out accuracy
# by at least this much without lowering the hard judgments.
SEMANTIC_MIN_GAIN = 0.005
COMMAND = "python -m planner.matching.fit --write"
RIVAL_SPHERE_LINKS = 2.0  # the sphere channel in both directions
RIVAL_LOOSE_INTRO = 0.5  # an introduction matching half-way


@dataclass(frozen=True)
class Judgments:
    """The feature differences of one labelled set, one row per comparison."""

    name: str
    rows: np.ndarray  # (comparisons, features)
    hard: np.ndarray  # (comparisons,) bool


def judgments(path: Path, names: Sequence[str], encoder=None) -> Judgments:
    """Score one labelled set once and turn each comparison into a feature-difference row."""
    profiles, comparisons = load_labelled(path)
    matrix = score_profiles(profiles, Weights(), encoder=encoder)
    row = {pid: i for i, pid in enumerate(matrix.ids)}
    features = matrix.pair_terms.features

    def difference(c: Comparison) -> list[float]:
        p, h, low = row[c.person], row[c.higher], row[c.lower]
        return [
            (-1 if n in PENALTIES else 1) * (features[n][p, h] - features[n][p, low]) for n in names
        ]

    rows = np.array([difference(c) for c in comparisons]).reshape(len(comparisons), len(names))
    hard = np.array([c.difficulty == "hard" for c in comparisons], dtype=bool)
    return Judgments(path.name, rows, hard)


def fit_weights(rows: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Return the fitted weights with the product's rivalry rule applied (see rival_floor)."""
    return with_rival_floor(logistic_weights(rows), names)


def with_rival_floor(weights: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Return weights whose rivalry penalty outweighs the incidental links between rivals.

    Few judgments isolate rivalry, so the fit alone leaves it near zero. The product rule: the
    penalty for two holders of the same specialty serving the same market outweighs the links
    any two such people have anyway (the sphere channel both ways and a loosely related
    introduction), while an explicit ask answered by specialty (weight 1 each way) still counts.
    Half the floor applies to every rival pair, the other half scales with shared clientele.
    """
    w = dict(zip(names, weights, strict=True))
    floor = RIVAL_SPHERE_LINKS * w["ask_sphere"] + RIVAL_LOOSE_INTRO * w["ask_introduce"]
    result = weights.copy()
    for name in ("competitor_penalty", "competitor_same_market"):
        index = list(names).index(name)
        result[index] = max(result[index], floor / 2.0)
    return result


def logistic_weights(rows: np.ndarray) -> np.ndarray:
    """Return non-negative weights of a pairwise logistic ranking model on difference rows."""
    active = np.ones(rows.shape[1], dtype=bool)
    weights = np.zeros(rows.shape[1])
    while active.any():
        x = rows[:, active]
        model = LogisticRegression(C=REGULARISATION, fit_intercept=False, max_iter=2000)
        model.fit(np.vstack([x, -x]), np.r_[np.ones(len(x)), np.zeros(len(x))])
        coef = model.coef_[0]
        if (coef >= 0).all():
            weights[active] = coef
            break
        active[np.flatnonzero(active)[coef < 0]] = False
    return weights


def accuracy(rows: np.ndarray, weights: np.ndarray) -> float:
    """Return the share of rows the weights order correctly (ties count half)."""
    if len(rows) == 0:
        return float("nan")
    margin = rows @ weights
    return float(((margin > 0) + 0.5 * (margin == 0)).mean())


def leave_one_set_out(sets: Sequence[Judgments], names: Sequence[str]) -> dict[str, dict]:
    """Return per held-out set: accuracy overall and on hard judgments, fitted on the others."""
    result = {}
    for held in sets:
        rest = np.vstack([s.rows for s in sets if s is not held])
        weights = fit_weights(rest, names)
        result[held.name] = {
            "accuracy": accuracy(held.rows, weights),
            "hard": accuracy(held.rows[held.hard], weights),
            "comparisons": len(held.rows),
        }
    return result


def pooled(report: dict[str, dict[str, float]], sets: Sequence[Judgments]) -> tuple[float, float]:
    """Return pooled held-out accuracy (all comparisons, hard ones) over the sets."""
    total = sum(len(s.rows) for s in sets)
    overall = sum(report[s.name]["accuracy"] * len(s.rows) for s in sets) / total
    hard_n = sum(int(s.hard.sum()) for s in sets)
    hard = sum(report[s.name]["hard"] * s.hard.sum() for s in sets if s.hard.any()) / max(hard_n, 1)
    return overall, float(hard)


def fitted_set(sets: Sequence[Judgments], names: Sequence[str]) -> dict[str, float]:
    """Fit on all sets; scale so that the specialty channel weighs 1 (ordering is unchanged)."""
    weights = fit_weights(np.vstack([s.rows for s in sets]), names)
    scale = weights[names.index("ask_specialty")] or weights.max() or 1.0
    values = {name: round(float(w / scale), 4) for name, w in zip(names, weights, strict=True)}
    return {name: values.get(name, 0.0) for name in FITTED}


def main(argv: Sequence[str] | None = None) -> int:
    """Fit with and without the semantic channel, print leave-one-set-out accuracy, store."""
    parser = argparse.ArgumentParser(prog="python -m planner.matching.fit")
    parser.add_argument("sets", nargs="*", default=[str(p) for p in DEFAULT_SETS])
    parser.add_argument("--write", action="store_true", help=f"store data/{WEIGHTS_FILE}")
    parser.add_argument("--no-semantic", action="store_true", help="skip the sentence encoder")
    args = parser.parse_args(argv)
    paths = [Path(p) for p in args.sets]
    configurations = {"without_semantic": None}
    if not args.no_semantic:
        from .embed import default_encoder

        encoder = default_encoder()
        if encoder is not None:
            configurations["with_semantic"] = encoder
    stored, summary = {}, {}
    for label, encoder in configurations.items():
        names = [n for n in FITTED if encoder is not None or n != "ask_semantic"]
        sets = [judgments(p, names, encoder) for p in paths]
        report = leave_one_set_out(sets, names)
        summary[label] = {"pooled": pooled(report, sets), "sets": report}
        stored[label] = fitted_set(sets, names)
        print_report(label, report, sets, stored[label])
    default = choose_default(summary)
    print(f"default model: {default}")
    if args.write:
        write_weights(stored, summary, default == "with_semantic")
    return 0


def choose_default(summary: dict) -> str:
    """Return the configuration for the default weights: semantic only if its gain holds."""
    if "with_semantic" not in summary:
        return "without_semantic"
    plain, semantic = summary["without_semantic"]["pooled"], summary["with_semantic"]["pooled"]
    holds = semantic[0] >= plain[0] + SEMANTIC_MIN_GAIN and semantic[1] >= plain[1]
    return "with_semantic" if holds else "without_semantic"


def print_report(label: str, report: dict, sets: Sequence[Judgments], weights: dict) -> None:
    """Print leave-one-set-out accuracy per set, pooled, and the weights fitted on all sets."""
    overall, hard = pooled(report, sets)
    print(f"{label}: leave-one-set-out pooled {overall:.3f}, hard {hard:.3f}")
    for name, row in report.items():
        hard_text = "" if np.isnan(row["hard"]) else f"  hard {row['hard']:.3f}"
        print(f"  {name:40s} {row['accuracy']:.3f} over {row['comparisons']}{hard_text}")
    print("  weights: " + ", ".join(f"{k}={v}" for k, v in weights.items()))


def write_weights(stored: dict, summary: dict, semantic: bool) -> None:
    """Write the fitted sets and the held-out figures next to the taxonomy."""
    path = Path(__file__).parent / "data" / WEIGHTS_FILE
    document = {
        "about": "Fitted weights of the pair score (pairwise logistic regression).",
        "command": COMMAND,
        "fitted_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "leave_one_set_out": {
            label: {"pooled": s["pooled"][0], "pooled_hard": s["pooled"][1]}
            for label, s in summary.items()
        },
        "semantic_in_default": semantic,
        "sets": stored,
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
