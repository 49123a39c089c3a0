"""Fit the combination of evidence channels on the labelled judgments.

    python -m planner.matching.fit [--write] [SETS ...]

Each judgment "for A, B is clearly more useful than C" becomes one row: the pair features of
(A, B) minus those of (A, C). A logistic regression without intercept on these rows (and their
mirror images) is the pairwise ranking model; its coefficients are the weights of the score.
Penalties enter negated, so every weight must come out >= 0; a feature whose weight would be
negative is dropped and the rest refitted.

The features are directional (B answers A's asks, or A answers B's), and judgments are too. The
symmetric form ties each channel's two directions to one weight (the score before issue 10's
directional model); both forms are fitted and measured in the same run, with and without the
semantic channel, and the sets named "holdout" are scored with the weights fitted on all the
others. `--write` stores the directional weights in data/weights.json.
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
from .weights import DIRECTIONS, FITTED, PENALTIES, SEMANTIC, WEIGHTS_FILE, Weights

# Sets named "holdout" measure the fitted model and are never fitted on.
LABELLED = sorted(Path("tests/matching").glob("labelled*.json"))
DEFAULT_SETS = [p for p in LABELLED if "holdout" not in p.name]
HOLDOUT_SETS = [p for p in LABELLED if "holdout" in p.name]
FORMS = ("symmetric", "directed")
REGULARISATION = 1.0  # sklearn's C: the judgments are few, keep the weights modest
# The semantic channel joins the default only if it raises pooled leave-one-set-out accuracy
# by at least this much without lowering the hard judgments.
SEMANTIC_MIN_GAIN = 0.005
# The directed form (each channel's two directions weighted apart) is kept only if it lowers
# the pooled held-out log-loss by this share without lowering held-out accuracy.
DIRECTED_MIN_GAIN = 0.05
COMMAND = "python -m planner.matching.fit --write"
# (floor, full) of the semantic channel's cosine calibration tried by --calibration.
CALIBRATION_GRID = ((0.15, 0.65), (0.2, 0.65), (0.25, 0.5), (0.25, 0.65), (0.25, 0.8), (0.3, 0.65))
RIVAL_SPHERE_LINKS = 2.0  # the sphere channel in both directions (two unit links)
RIVAL_LOOSE_INTRO = 0.5  # an introduction matching half-way
SPHERE_PARTNER_FLOOR = 0.05  # sphere partners' tie-break, as a share of the specialty weight


@dataclass(frozen=True)
class Judgments:
    """The feature differences of one labelled set, one row per comparison."""

    name: str
    rows: np.ndarray  # (comparisons, features)
    hard: np.ndarray  # (comparisons,) bool


def judgments(
    path: Path, names: Sequence[str], encoder=None, settings: Weights | None = None
) -> Judgments:
    """Score one labelled set once and turn each comparison into a feature-difference row.

    `settings` holds the hand-set thresholds (the fitted weights do not change the features).
    """
    profiles, comparisons = load_labelled(path)
    matrix = score_profiles(profiles, settings or Weights(), encoder=encoder)
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
    """Return the fitted weights with the product's rules applied (rivals, sphere partners)."""
    return with_partner_floor(with_rival_floor(logistic_weights(rows), names), names)


def with_partner_floor(weights: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Return weights where two sphere partners with nothing else written beat strangers.

    No judgment compares people who wrote no asks, so the fit may leave the sphere-partner
    feature at zero (the blind crowds of 2026-11-26 did); a realtor and a mortgage broker are
    still each other's referral partners. The floor is a tie-breaker, a small share of the
    specialty channel.
    """
    result = weights.copy()
    if "sphere_partner" in names:
        index, specialty = list(names).index("sphere_partner"), list(names).index("ask_specialty")
        result[index] = max(result[index], SPHERE_PARTNER_FLOOR * result[specialty])
    return result


def with_rival_floor(weights: np.ndarray, names: Sequence[str]) -> np.ndarray:
    """Return weights whose rivalry penalty outweighs the incidental links between rivals.

    Few judgments isolate rivalry, so the fit alone leaves it near zero. The product rule: the
    penalty for two holders of the same specialty serving the same market outweighs the links
    any two such people have anyway (the sphere channel both ways and a loosely related
    introduction), while an explicit ask answered by specialty (weight 1 each way) still counts.
    Half the floor applies to every rival pair, the other half scales with shared clientele.
    """
    w = dict(zip(names, weights, strict=True))
    # In the symmetric form the reverse direction shares the forward weight.
    sphere_both_ways = w["ask_sphere"] + w.get(DIRECTIONS["ask_sphere"], w["ask_sphere"])
    floor = RIVAL_SPHERE_LINKS / 2 * sphere_both_ways + RIVAL_LOOSE_INTRO * w["ask_introduce"]
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
        result[held.name] = scored(held, fit_weights(rest, names))
    return result


def scored(judged: Judgments, weights: np.ndarray) -> dict:
    """Return accuracy of fixed weights on one set (overall, hard) and its mean log-loss.

    The log-loss of the ranking model still moves when accuracy is saturated: lower means
    the right member of each judgment wins by a clearer margin.
    """
    margins = judged.rows @ weights
    return {
        "accuracy": accuracy(judged.rows, weights),
        "hard": accuracy(judged.rows[judged.hard], weights),
        "comparisons": len(judged.rows),
        "log_loss": float(np.logaddexp(0.0, -margins).mean()) if len(margins) else float("nan"),
    }


def pooled_log_loss(report: dict[str, dict], sets: Sequence[Judgments]) -> float:
    """Return the held-out log-loss per comparison, pooled over the sets."""
    total = sum(len(s.rows) for s in sets)
    return sum(report[s.name]["log_loss"] * len(s.rows) for s in sets) / total


def pooled(report: dict[str, dict[str, float]], sets: Sequence[Judgments]) -> tuple[float, float]:
    """Return pooled held-out accuracy (all comparisons, hard ones) over the sets."""
    total = sum(len(s.rows) for s in sets)
    overall = sum(report[s.name]["accuracy"] * len(s.rows) for s in sets) / total
    hard_n = sum(int(s.hard.sum()) for s in sets)
    hard = sum(report[s.name]["hard"] * s.hard.sum() for s in sets if s.hard.any()) / max(hard_n, 1)
    return overall, float(hard)


def tied_names(names: Sequence[str]) -> list[str]:
    """Return the feature names of the symmetric form (the reverse directions folded in)."""
    return [n for n in names if n not in DIRECTIONS.values()]


def tie_directions(judged: Judgments, names: Sequence[str]) -> Judgments:
    """Return the symmetric form: each channel's reverse column added to its forward column."""
    tied = tied_names(names)
    columns = {n: judged.rows[:, k] for k, n in enumerate(names)}
    rows = [
        columns[n] + columns[DIRECTIONS[n]] if DIRECTIONS.get(n) in columns else columns[n]
        for n in tied
    ]
    matrix = np.stack(rows, axis=1) if rows else judged.rows[:, :0]
    return Judgments(judged.name, matrix, judged.hard)


@dataclass(frozen=True)
class Outcome:
    """One form of the model, measured: held-out figures and the weights fitted on all sets."""

    pooled: tuple[float, float]  # leave-one-set-out accuracy, overall and on hard judgments
    log_loss: float  # leave-one-set-out log-loss per comparison, pooled
    sets: dict[str, dict]  # leave-one-set-out per set
    holdout: dict[str, dict]  # sets never fitted on, scored with the weights fitted on all
    weights: dict[str, float]  # fitted on all sets, the specialty channel scaled to 1


def measure(
    sets: Sequence[Judgments], holdout: Sequence[Judgments], names: Sequence[str], form: str
) -> Outcome:
    """Fit one form (symmetric: directions tied; directed: free) and measure it held out."""
    if form == "symmetric":
        sets = [tie_directions(s, names) for s in sets]
        holdout = [tie_directions(s, names) for s in holdout]
        names = tied_names(names)
    report = leave_one_set_out(sets, names)
    weights = fit_weights(np.vstack([s.rows for s in sets]), names)
    held = {s.name: scored(s, weights) for s in holdout}
    fitted = scaled(weights, names)
    return Outcome(pooled(report, sets), pooled_log_loss(report, sets), report, held, fitted)


def scaled(weights: np.ndarray, names: Sequence[str]) -> dict[str, float]:
    """Return every FITTED weight, scaled so the specialty channel weighs 1 (same ordering).

    A tied (symmetric) weight is given to both directions; a feature left out weighs 0.
    """
    scale = weights[list(names).index("ask_specialty")] or weights.max() or 1.0
    values = {name: round(float(w / scale), 4) for name, w in zip(names, weights, strict=True)}
    for forward, reverse in DIRECTIONS.items():
        if forward in values and reverse not in names:
            values[reverse] = values[forward]
    return {name: values.get(name, 0.0) for name in FITTED}


def main(argv: Sequence[str] | None = None) -> int:
    """Fit both forms with and without the semantic channel, print held-out figures, store."""
    parser = argparse.ArgumentParser(prog="python -m planner.matching.fit")
    parser.add_argument("sets", nargs="*", default=[str(p) for p in DEFAULT_SETS])
    parser.add_argument("--write", action="store_true", help=f"store data/{WEIGHTS_FILE}")
    parser.add_argument("--no-semantic", action="store_true", help="skip the sentence encoder")
    parser.add_argument(
        "--calibration", action="store_true", help="only compare semantic calibrations, held out"
    )
    args = parser.parse_args(argv)
    if args.calibration:
        return compare_calibrations([Path(p) for p in args.sets])
    configurations = {"without_semantic": None}
    if not args.no_semantic:
        from .embed import default_encoder

        encoder = default_encoder()
        if encoder is not None:
            configurations["with_semantic"] = encoder
    summary = {}
    for label, encoder in configurations.items():
        names = [n for n in FITTED if encoder is not None or n not in SEMANTIC]
        sets = [judgments(Path(p), names, encoder) for p in args.sets]
        holdout = [judgments(p, names, encoder) for p in HOLDOUT_SETS if str(p) not in args.sets]
        summary[label] = {form: measure(sets, holdout, names, form) for form in FORMS}
        print_report(label, summary[label])
    default = choose_default(summary)
    forms = {label: choose_form(outcomes) for label, outcomes in summary.items()}
    print("form kept: " + ", ".join(f"{label} {form}" for label, form in forms.items()))
    print(f"default model: {default}, {forms[default]}")
    if args.write:
        write_weights(summary, default == "with_semantic")
    return 0


def compare_calibrations(paths: Sequence[Path]) -> int:
    """Print held-out figures of the directed model for each semantic calibration in the grid."""
    from .embed import default_encoder

    encoder = default_encoder()
    if encoder is None:
        raise SystemExit("the sentence encoder is not installed (see planner/matching/embed.py)")
    names = list(FITTED)
    print("semantic floor..full: leave-one-set-out accuracy (hard), log-loss; holdout sets")
    for floor, full in CALIBRATION_GRID:
        settings = Weights(semantic_floor=floor, semantic_full=full)
        sets = [judgments(p, names, encoder, settings) for p in paths]
        holdout = [judgments(p, names, encoder, settings) for p in HOLDOUT_SETS if p not in paths]
        outcome = measure(sets, holdout, names, "directed")
        held = " ".join(_cell(row) for row in outcome.holdout.values())
        print(
            f"  {floor:.2f}..{full:.2f}: {outcome.pooled[0]:.3f} ({outcome.pooled[1]:.3f}),"
            f" {outcome.log_loss:.4f}; {held}"
        )
    return 0


def choose_form(outcomes: dict[str, Outcome]) -> str:
    """Return "directed" if its free directions earn their place, else "symmetric".

    They must lower the pooled leave-one-set-out log-loss by DIRECTED_MIN_GAIN (relative) and
    keep pooled accuracy, overall and hard: the 624 held-out judgments decide, not the one
    holdout set's 37, whose figures are printed beside them.
    """
    tied, free = outcomes["symmetric"], outcomes["directed"]
    gain = free.log_loss <= (1.0 - DIRECTED_MIN_GAIN) * tied.log_loss
    keeps = free.pooled[0] >= tied.pooled[0] and free.pooled[1] >= tied.pooled[1]
    return "directed" if gain and keeps else "symmetric"


def choose_default(summary: dict) -> str:
    """Return the configuration for the default weights: semantic only if its gain holds."""
    if "with_semantic" not in summary:
        return "without_semantic"
    plain = summary["without_semantic"][choose_form(summary["without_semantic"])].pooled
    semantic = summary["with_semantic"][choose_form(summary["with_semantic"])].pooled
    holds = semantic[0] >= plain[0] + SEMANTIC_MIN_GAIN and semantic[1] >= plain[1]
    return "with_semantic" if holds else "without_semantic"


def print_report(label: str, outcomes: dict[str, Outcome]) -> None:
    """Print the forms side by side: leave-one-set-out per set and pooled, then holdout sets."""
    print(f"{label}: leave-one-set-out accuracy (hard judgments)")
    print(f"  {'set':40s}" + "".join(f"{form:>22s}" for form in outcomes))
    first = next(iter(outcomes.values()))
    for kind, rows in (("", first.sets), ("holdout ", first.holdout)):
        for name in rows:
            cells = [
                _cell(getattr(o, "holdout" if kind else "sets")[name]) for o in outcomes.values()
            ]
            print(f"  {kind + name:40s}" + "".join(f"{c:>22s}" for c in cells))
    cells = [f"{o.pooled[0]:.3f} ({o.pooled[1]:.3f})" for o in outcomes.values()]
    print(f"  {'pooled leave-one-set-out':40s}" + "".join(f"{c:>22s}" for c in cells))
    cells = [f"{o.log_loss:.4f}" for o in outcomes.values()]
    print(f"  {'held-out log-loss (lower is better)':40s}" + "".join(f"{c:>22s}" for c in cells))
    for form, outcome in outcomes.items():
        print(f"  weights ({form}): " + ", ".join(f"{k}={v}" for k, v in outcome.weights.items()))


def _cell(row: dict) -> str:
    hard = "" if np.isnan(row["hard"]) else f" ({row['hard']:.3f})"
    return f"{row['accuracy']:.3f}{hard} /{row['comparisons']}"


def write_weights(summary: dict, semantic: bool) -> None:
    """Write the weights of the form kept per configuration and the figures of both forms."""
    path = Path(__file__).parent / "data" / WEIGHTS_FILE
    document = {
        "about": "Fitted weights of the pair score [i, j] = how useful j is to i (pairwise"
        " logistic regression); the symmetric form ties each channel's two directions.",
        "command": COMMAND,
        "fitted_at": datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC"),
        "leave_one_set_out": {
            label: {
                form: {
                    "pooled": o.pooled[0],
                    "pooled_hard": o.pooled[1],
                    "log_loss": o.log_loss,
                    "holdout": o.holdout,
                }
                for form, o in outcomes.items()
            }
            for label, outcomes in summary.items()
        },
        "semantic_in_default": semantic,
        "forms": {label: choose_form(outcomes) for label, outcomes in summary.items()},
        "sets": {
            label: outcomes[choose_form(outcomes)].weights for label, outcomes in summary.items()
        },
    }
    path.write_text(json.dumps(document, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {path}")


if __name__ == "__main__":
    sys.exit(main())
