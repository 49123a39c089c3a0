"""Time the sentence encoder on a synthetic crowd: `python -m planner.matching.embed_bench`.

Prints, from one process: loading the model (imports, unzip, SHA-256, weights), the first
encoding of every text of n new profiles, the same call again (all cached), and the encoder's
throughput with BLAS pinned to one thread against two threads, measured side by side.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence

from .bench import DEFAULT_SOURCES, load_seeds, synthetic_crowd
from .profile import Profile


def profile_texts(profile: Profile) -> list[str]:
    """Return the texts the semantic channel encodes for one profile (blank ones dropped)."""
    specialty = ", ".join(t for t in (profile.role, profile.industry) if t)
    texts = [specialty, profile.does, profile.serves, *profile.real_asks]
    return [t for t in (*texts, *profile.real_introductions) if t.strip()]


def thread_comparison(encoder, texts: Sequence[str], rounds: int) -> str:
    """Return texts/s of the forward pass with 1 and 2 BLAS threads, interleaved rounds."""
    from threadpoolctl import threadpool_limits

    ids = encoder.model.token_ids(list(texts))
    ids.sort(key=len)
    best = {1: float("inf"), 2: float("inf")}
    for _ in range(rounds):
        for threads in best:
            with threadpool_limits(limits=threads, user_api="blas"):
                start = time.perf_counter()
                for i in range(0, len(ids), 32):
                    encoder.model.forward(ids[i : i + 32])
                best[threads] = min(best[threads], time.perf_counter() - start)
    rates = {k: len(ids) / v for k, v in best.items()}
    return (
        f"forward pass on {len(ids)} texts, best of {rounds}: 1 BLAS thread"
        f" {rates[1]:.0f} texts/s, 2 threads {rates[2]:.0f} texts/s"
        f" (ratio 1/2 = {rates[1] / rates[2]:.2f})"
    )


def blas_kernel() -> str:
    """Return which BLAS library and kernel numpy runs (OPENBLAS_CORETYPE changes it)."""
    from threadpoolctl import threadpool_info

    blas = [i for i in threadpool_info() if i.get("user_api") == "blas"]
    return ", ".join(f"{i['internal_api']} {i['version']} {i.get('architecture')}" for i in blas)


def main(argv: Sequence[str] | None = None) -> int:
    """Print load, cold-encode and cached-encode times for n synthetic profiles."""
    parser = argparse.ArgumentParser(prog="python -m planner.matching.embed_bench")
    parser.add_argument("--n", type=int, default=500)
    parser.add_argument("--rounds", type=int, default=3, help="rounds of the thread comparison")
    parser.add_argument("--profiles", nargs="*", default=list(DEFAULT_SOURCES))
    args = parser.parse_args(argv)
    crowd = synthetic_crowd(load_seeds(args.profiles), args.n)
    texts = [t for p in crowd for t in profile_texts(p)]

    start = time.perf_counter()
    from .embed import load_encoder

    encoder = load_encoder()
    load = time.perf_counter() - start
    start, start_cpu = time.perf_counter(), time.process_time()
    encoder.encode(texts)
    cold, cold_cpu = time.perf_counter() - start, time.process_time() - start_cpu
    start = time.perf_counter()
    encoder.encode(texts)
    cached = time.perf_counter() - start

    distinct = len({" ".join(t.split()) for t in texts})
    tokens = sum(len(i) for i in encoder.model.token_ids(texts)) / len(texts)
    print(f"BLAS: {blas_kernel()}")
    print(
        f"{args.n} profiles, {len(texts)} texts ({distinct} distinct, {tokens:.1f} tokens"
        f" on average): load {load:.2f} s; first encoding {cold:.2f} s"
        f" ({distinct / cold:.0f} texts/s; CPU {cold_cpu:.2f} s, {distinct / cold_cpu:.0f} texts"
        f" per CPU second);"
        f" load + first encoding {load + cold:.2f} s; cached {cached * 1000:.1f} ms"
    )
    print(thread_comparison(encoder, texts[:640], args.rounds))
    return 0


if __name__ == "__main__":
    sys.exit(main())
