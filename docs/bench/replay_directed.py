"""Replay a first run: symmetric against directed weights on the model as it was when a set was new.

The holdout set (labelled_holdout_mixed.json) was first scored at commit d8b4850, before anyone
looked at it. This script, run inside that commit's tree, fits both forms of the pair score on
the other labelled sets with that tree's features and scores the holdout set once per form,
with and without the sentence encoder:

    git archive d8b4850 planner tests/matching | tar -x -C /tmp/d8
    cd /tmp/d8 && PYTHONPATH=$PWD python /path/to/worktree/docs/bench/replay_directed.py

Symmetric: each channel counts "j answers i's asks" and "i answers j's asks" with one weight
(the model of that day, refitted); directed: the two directions get their own weights.
"""

from pathlib import Path

import numpy as np

from planner.matching import fit
from planner.matching.embed import default_encoder
from planner.matching.evaluate import load_labelled
from planner.matching.evidence import channel_aggregates
from planner.matching.pairs import INCIDENTAL, same_market
from planner.matching.scoring import score_profiles
from planner.matching.weights import CHANNEL_WEIGHTS, PENALTIES, Weights

PAIR_TERMS = ["mutual_bonus", "sphere_partner", "common_ground"]
PAIR_TERMS += ["competitor_penalty", "competitor_same_market", "thin_profile_penalty"]
DIRECTIONAL = [*CHANNEL_WEIGHTS, "client_fit"]


def columns(path: Path, encoder) -> tuple[dict, list, dict]:
    """Return each feature as an (n, n) array (in_, out_, sym_ per channel), comparisons, rows."""
    profiles, comparisons = load_labelled(path)
    matrix = score_profiles(profiles, Weights(), encoder=encoder)
    f, terms = matrix.features, matrix.pair_terms.features
    aggregates = channel_aggregates(matrix.evidence, f.ask_owner, f.size, matrix.weights)
    rivalry = terms["competitor_penalty"] * (0.5 + 0.5 * same_market(f))
    by_name = {**dict(zip(CHANNEL_WEIGHTS, aggregates, strict=True)), "client_fit": f.client_fit}
    result = {name: terms[name] for name in PAIR_TERMS}
    for name in DIRECTIONAL:
        a = by_name[name] * (1 - rivalry) if name in INCIDENTAL else by_name[name]
        result |= {f"in_{name}": a, f"out_{name}": a.T, f"sym_{name}": a + a.T}
    return result, comparisons, {pid: i for i, pid in enumerate(matrix.ids)}


def rows(data: tuple, names: list[str]) -> tuple[np.ndarray, np.ndarray]:
    """Return the feature-difference rows of one set and which judgments are hard."""
    cols, comparisons, row = data
    table = [
        [
            (-1 if n in PENALTIES else 1)
            * (cols[n][row[c.person], row[c.higher]] - cols[n][row[c.person], row[c.lower]])
            for n in names
        ]
        for c in comparisons
    ]
    hard = np.array([c.difficulty == "hard" for c in comparisons])
    return np.array(table).reshape(len(comparisons), len(names)), hard


def rival_floor(weights: np.ndarray, names: list[str]) -> np.ndarray:
    """Apply the product's rivalry floor (sphere both ways, half an introduction) to a form."""
    w = dict(zip(names, weights, strict=True))
    sphere = 2 * w.get("sym_ask_sphere", 0.0) or w["in_ask_sphere"] + w["out_ask_sphere"]
    intro = w.get("sym_ask_introduce", w.get("in_ask_introduce", 0.0))
    result = weights.copy()
    for name in ("competitor_penalty", "competitor_same_market"):
        index = names.index(name)
        result[index] = max(result[index], (sphere + 0.5 * intro) / 2)
    return result


def main() -> None:
    """Print the holdout set's accuracy, hard accuracy and log-loss per form and encoder."""
    fit.with_rival_floor = rival_floor  # this tree's floor knows only the symmetric names
    paths = sorted(Path("tests/matching").glob("labelled*.json"))
    train = [p for p in paths if "holdout" not in p.name]
    for encoder in (None, default_encoder()):
        data = {p.name: columns(p, encoder) for p in paths}
        channels = [n for n in DIRECTIONAL if encoder is not None or n != "ask_semantic"]
        forms = {
            "symmetric": [f"sym_{n}" for n in channels] + PAIR_TERMS,
            "directed": [f"in_{n}" for n in channels] + [f"out_{n}" for n in channels] + PAIR_TERMS,
        }
        for form, names in forms.items():
            weights = fit.fit_weights(
                np.vstack([rows(data[p.name], names)[0] for p in train]), names
            )
            for path in (p for p in paths if "holdout" in p.name):
                table, hard = rows(data[path.name], names)
                loss = np.logaddexp(0.0, -(table @ weights)).mean()
                overall, difficult = (fit.accuracy(t, weights) for t in (table, table[hard]))
                print(
                    f"encoder={encoder is not None} {form:9s} {path.name}:"
                    f" {overall:.3f} (hard {difficult:.3f}), log-loss {loss:.3f}"
                )


if __name__ == "__main__":
    main()
