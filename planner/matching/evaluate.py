"""Pairwise ordering accuracy on a labelled set: `python -m planner.matching.evaluate FILE`.

The file holds {"profiles": [...], "expectations": [{"person", "higher", "lower"}, ...]}: for each
listed person every id in "higher" should score above every id in "lower". Each such (person,
higher, lower) triple is one comparison; a tie counts as half right. Judgments are directional
("more useful to the person"), so the model is read through its directed matrix.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer

from .profile import Profile, profile_from_dict
from .scoring import score_profiles


@dataclass(frozen=True)
class Comparison:
    """One expected ordering: person should score `higher` above `lower`."""

    person: str
    higher: str
    lower: str
    difficulty: str = ""  # "easy" or "hard" where the set marks it


@dataclass(frozen=True)
class Report:
    """Accuracy over all comparisons, plus the ones that failed."""

    accuracy: float
    total: int
    failures: tuple[tuple[Comparison, float, float], ...]
    top_k_hits: float = 0.0  # share of expected-higher ids in the person's top TOP_K
    hard_accuracy: float | None = None  # accuracy on the comparisons marked "hard", if any
    hard_total: int = 0


TOP_K = 5


def load_labelled(path: str | Path) -> tuple[list[Profile], list[Comparison]]:
    """Read profiles and expand expectations into individual comparisons."""
    data = json.loads(Path(path).read_text(encoding="utf-8"))
    profiles = [profile_from_dict(raw) for raw in data["profiles"]]
    comparisons = [
        Comparison(e["person"], high, low, e.get("difficulty", ""))
        for e in data["expectations"]
        for high in e["higher"]
        for low in e["lower"]
    ]
    return profiles, comparisons


def ordering_accuracy(
    ids: Sequence[str], scores: np.ndarray, comparisons: Sequence[Comparison]
) -> Report:
    """Return the share of comparisons the score matrix orders correctly (ties count half)."""
    row = {pid: i for i, pid in enumerate(ids)}
    accuracy, failures = ordered_share(row, scores, comparisons)
    hard = [c for c in comparisons if c.difficulty == "hard"]
    hard_accuracy = ordered_share(row, scores, hard)[0] if hard else None
    top_k = top_k_share(row, scores, comparisons)
    return Report(accuracy, len(comparisons), failures, top_k, hard_accuracy, len(hard))


def ordered_share(row: dict[str, int], scores: np.ndarray, comparisons: Sequence[Comparison]):
    """Return (share ordered correctly, failed comparisons with their two scores)."""
    credit, failures = 0.0, []
    for c in comparisons:
        high = scores[row[c.person], row[c.higher]]
        low = scores[row[c.person], row[c.lower]]
        credit += 1.0 if high > low else 0.5 if high == low else 0.0
        if high <= low:
            failures.append((c, float(high), float(low)))
    return (credit / len(comparisons) if comparisons else 0.0), tuple(failures)


def top_k_share(row: dict[str, int], scores: np.ndarray, comparisons: Sequence[Comparison]):
    """Return the share of (person, expected-higher) pairs where it is in the person's top K."""
    wanted = {(c.person, c.higher) for c in comparisons}
    hits = 0
    for person, other in wanted:
        i = row[person]
        others = np.delete(np.arange(len(scores)), i)
        ranked = others[np.argsort(-scores[i, others], kind="stable")]
        hits += row[other] in ranked[:TOP_K]
    return hits / len(wanted) if wanted else 0.0


def model_scores(profiles: Sequence[Profile]) -> np.ndarray:
    """Return the directed scores of the model without the semantic channel."""
    return score_profiles(profiles).directed


def default_model_scores(profiles: Sequence[Profile]) -> np.ndarray:
    """Return the directed scores of the default model: with the encoder when installed."""
    from .embed import default_encoder

    return score_profiles(profiles, encoder=default_encoder()).directed


def semantic_model_scores(profiles: Sequence[Profile]) -> np.ndarray:
    """Return the directed scores of the model with the sentence-encoder channel."""
    from .embed import default_encoder

    encoder = default_encoder()
    if encoder is None:
        raise SystemExit("the sentence encoder is not installed (see planner/matching/embed.py)")
    return score_profiles(profiles, encoder=encoder).directed


def seating_scores(profiles: Sequence[Profile]) -> np.ndarray:
    """Return the symmetric seating scores of the default model (both directions averaged)."""
    from .embed import default_encoder

    return score_profiles(profiles, encoder=default_encoder()).scores


def word_overlap_scores(profiles: Sequence[Profile]) -> np.ndarray:
    """Return a plain TF-IDF baseline: i's asks against j's whole profile, both directions."""
    asks = [" ".join(p.asks) for p in profiles]
    whole = [
        " ".join([p.industry, p.role, p.company, p.serves, *p.can_introduce]) for p in profiles
    ]
    vectorizer = TfidfVectorizer(stop_words="english").fit(asks + whole)
    directional = (vectorizer.transform(asks) @ vectorizer.transform(whole).T).toarray()
    scores = directional + directional.T
    np.fill_diagonal(scores, 0.0)
    return scores


SCORERS: dict[str, Callable[[Sequence[Profile]], np.ndarray]] = {
    "default": default_model_scores,
    "model": model_scores,
    "model+semantic": semantic_model_scores,
    "seating": seating_scores,
    "word-overlap": word_overlap_scores,
}


def evaluate(path: str | Path, scorer: str = "default") -> Report:
    """Score a labelled file with the named scorer and measure its ordering accuracy."""
    profiles, comparisons = load_labelled(path)
    scores = SCORERS[scorer](profiles)
    return ordering_accuracy([p.id for p in profiles], scores, comparisons)


def main(argv: Sequence[str] | None = None) -> int:
    """Print the ordering accuracy (and with --verbose, each failed comparison)."""
    parser = argparse.ArgumentParser(prog="python -m planner.matching.evaluate")
    parser.add_argument("labelled", help="JSON file with profiles and expectations")
    parser.add_argument(
        "--scorer",
        choices=sorted(SCORERS),
        default="default",
        help="default: the model as shipped (with the sentence encoder when installed);"
        " model: without it; model+semantic: with it (fails if not installed);"
        " seating: the default's symmetric seating score",
    )
    parser.add_argument("--verbose", action="store_true", help="list failed comparisons")
    args = parser.parse_args(argv)
    report = evaluate(args.labelled, args.scorer)
    print(
        f"{args.scorer}: ordering accuracy {report.accuracy:.3f} over {report.total} comparisons;"
        f" expected partners in the top {TOP_K}: {report.top_k_hits:.3f}"
    )
    if report.hard_accuracy is not None:
        print(f"  hard comparisons: {report.hard_accuracy:.3f} over {report.hard_total}")
    if args.verbose:
        for c, high, low in report.failures:
            print(f"  {c.person}: {c.higher} ({high:.3f}) should beat {c.lower} ({low:.3f})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
