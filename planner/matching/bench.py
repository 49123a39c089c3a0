"""Time score_profiles on a synthetic crowd: `python -m planner.matching.bench [--n 500]`.

The crowd is made by recombining the fields of the labelled profiles shipped with the tests
(or any JSON list given with --profiles), so texts look real but every attendee differs.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Sequence
from pathlib import Path

from .evidence import semantic_texts
from .profile import Profile, profile_from_dict
from .scoring import score_profiles

DEFAULT_SOURCES = (
    "tests/matching/labelled.json",
    "tests/matching/labelled_needs.json",
    "tests/matching/labelled_blind.json",
)


PLACES = [
    "Denver",
    "Austin",
    "Leeds",
    "Porto",
    "Lyon",
    "Oslo",
    "Perth",
    "Tucson",
    "Omaha",
    "Boise",
    "Reno",
    "Tulsa",
    "Akron",
]


def synthetic_crowd(seeds: Sequence[Profile], n: int, seed: int = 7) -> list[Profile]:
    """Return n profiles whose fields are drawn from different seed profiles.

    Each text gets a place name and a number so that, as in a real crowd, almost no two
    attendees write exactly the same words (the scorer memoises repeated texts).
    """
    rng = random.Random(seed)

    def vary(text: str) -> str:
        return f"{text} in {rng.choice(PLACES)} {rng.randint(1, 99)}" if text else text

    crowd = []
    for k in range(n):
        base, other, third = rng.choice(seeds), rng.choice(seeds), rng.choice(seeds)
        crowd.append(
            Profile(
                id=f"s{k}",
                name=f"{base.first_name} {k}",
                company=vary(base.company),
                role=base.role,
                industry=vary(base.industry),
                serves=vary(other.serves),
                asks=tuple(map(vary, (*base.asks[:2], *third.asks[:1]))),
                can_introduce=tuple(map(vary, (*base.can_introduce, *other.can_introduce[:1]))),
            )
        )
    return crowd


def load_seeds(paths: Sequence[str]) -> list[Profile]:
    """Read profiles from labelled files or plain JSON lists."""
    seeds = []
    for path in paths:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
        items = data["profiles"] if isinstance(data, dict) else data
        seeds += [profile_from_dict(item) for item in items]
    return seeds


def warm_encoder(crowd: Sequence[Profile]):
    """Encode every text of the crowd once (as when RSVPs are saved) and report how long."""
    from .embed import default_encoder

    encoder = default_encoder()
    if encoder is None:
        raise SystemExit("the sentence encoder is not installed (see planner/matching/embed.py)")
    texts = {t for p in crowd for t in semantic_texts(p)}
    start = time.perf_counter()
    encoder.encode(sorted(texts))
    print(f"first encoding of {len(texts)} texts: {time.perf_counter() - start:.1f} s")
    return encoder


def main(argv: Sequence[str] | None = None) -> int:
    """Print the wall-clock time of scoring n attendees (best of a few runs)."""
    parser = argparse.ArgumentParser(prog="python -m planner.matching.bench")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--profiles", nargs="*", default=list(DEFAULT_SOURCES))
    parser.add_argument(
        "--semantic", action="store_true", help="with the sentence-encoder channel (cached vectors)"
    )
    args = parser.parse_args(argv)
    crowd = synthetic_crowd(load_seeds(args.profiles), args.n)
    encoder = warm_encoder(crowd) if args.semantic else None
    times, cpu = [], []
    for _ in range(args.runs):
        start, start_cpu = time.perf_counter(), time.process_time()
        matrix = score_profiles(crowd, encoder=encoder)
        times.append(time.perf_counter() - start)
        cpu.append(time.process_time() - start_cpu)
    asks = sum(len(p.real_asks) for p in crowd)
    # The first call in a process also loads the taxonomy and warms caches.
    later = sorted(times[1:]) or times
    print(
        f"{args.n} attendees, {asks} asks: first call {times[0]:.2f} s, then median"
        f" {later[len(later) // 2]:.2f} s (best {min(times):.2f} s) over {args.runs} runs;"
        f" CPU time per call {min(cpu):.2f}-{max(cpu):.2f} s; matrix {matrix.scores.shape}"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
