"""The load benchmark's report: medians over rounds, the bars, and docs/benchmarks.md.

Used by scripts/loadtest.py.
"""

import os
import statistics
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
MARK_START, MARK_END = "<!-- loadtest:start -->", "<!-- loadtest:end -->"
ENDPOINTS = ("minimal", "rsvp_get", "rsvp_post", "dinner")
WARM_UP_SECONDS = 2
LABELS = {
    "minimal": "minimal page (1 indexed query + template)",
    "rsvp_get": "RSVP page GET",
    "rsvp_post": "RSVP page POST (save)",
    "dinner": "organiser's dinner page (48 guests)",
}

# --- Report ---------------------------------------------------------------------------------


def summarise(rounds: list[dict]) -> dict:
    """Median of each figure over the rounds, plus the per-round RSVP GET / minimal ratio."""
    summary = {}
    for name in ENDPOINTS:
        runs = [r[name] for r in rounds]
        summary[name] = {
            key: statistics.median(run[key] for run in runs)
            for key in ("rps", "p50_ms", "p99_ms", "app_cpu_ms", "db_cpu_ms")
        }
        summary[name]["errors"] = sum(run["errors"] for run in runs)
        summary[name]["requests"] = sum(run["requests"] for run in runs)
    ratios = [r["rsvp_get"]["rps"] / r["minimal"]["rps"] for r in rounds]
    summary["ratio_rsvp_get"] = statistics.median(ratios)
    summary["ratios"] = ratios
    summary["cpu_ratio_rsvp_get"] = _cpu_ms(summary["minimal"]) / _cpu_ms(summary["rsvp_get"])
    summary["p99_per_round"] = {name: [r[name]["p99_ms"] for r in rounds] for name in ENDPOINTS}
    return summary


def _cpu_ms(figures: dict) -> float:
    return figures["app_cpu_ms"] + figures["db_cpu_ms"]


def verdicts(summary: dict) -> list[tuple[str, bool]]:
    return [
        (
            f"RSVP GET throughput >= 50 % of the minimal page: {summary['ratio_rsvp_get']:.0%}",
            summary["ratio_rsvp_get"] >= 0.5,
        ),
        (
            f"RSVP POST p99 < 500 ms: {summary['rsvp_post']['p99_ms']:.0f} ms",
            summary["rsvp_post"]["p99_ms"] < 500,
        ),
        (
            f"dinner page p99 < 300 ms: {summary['dinner']['p99_ms']:.0f} ms",
            summary["dinner"]["p99_ms"] < 300,
        ),
    ]


def report(summary: dict, args, command: str) -> str:
    """Return the markdown section for docs/benchmarks.md."""
    rows = [
        "| endpoint | req/s | p50 ms | p99 ms | vs minimal | non-2xx/3xx or socket errors "
        "| CPU ms per request: app + PostgreSQL |",
        "| --- | ---: | ---: | ---: | ---: | ---: | ---: |",
    ]
    base_rps = summary["minimal"]["rps"]
    for name in ENDPOINTS:
        s = summary[name]
        rows.append(
            f"| {LABELS[name]} | {s['rps']:.0f} | {s['p50_ms']:.0f} | {s['p99_ms']:.0f} | "
            f"{s['rps'] / base_rps:.0%} | {s['errors']} of {s['requests']} | "
            f"{s['app_cpu_ms']:.2f} + {s['db_cpu_ms']:.2f} |"
        )
    bars = [f"- {'met' if ok else '**missed**'}: {text}" for text, ok in verdicts(summary)]
    per_round = ", ".join(f"{r:.0%}" for r in summary["ratios"])
    p99s = summary["p99_per_round"]
    p99_rounds = "; ".join(
        f"{LABELS[name]} {', '.join(f'{ms:.0f}' for ms in p99s[name])}"
        for name in ("rsvp_post", "dinner")
    )
    return "\n".join(
        [
            MARK_START,
            "# Web load benchmark",
            "",
            f"One run of `{command}` on {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}: "
            f"gunicorn ({args.workers} gthread workers x {args.threads} threads) on loopback, "
            f"PostgreSQL, wrk with {args.connections} connections, {args.seconds} s per "
            f"measurement, {args.rounds} interleaved rounds (medians shown) after "
            f"{WARM_UP_SECONDS} s of each endpoint unmeasured (every worker compiles its templates "
            "and opens its connections once), "
            f"{os.cpu_count()} cores shared with other work. MAIL_DELIVERY=worker, rate limits "
            "off. The minimal page is `/_bench/minimal` (one indexed query, `error.html`), "
            "mounted only by the script.",
            "",
            *rows,
            "",
            f"RSVP GET / minimal per round: {per_round}. By CPU per request (app + PostgreSQL, "
            "less sensitive to the other work on the machine): "
            f"{summary['cpu_ratio_rsvp_get']:.0%}.",
            "",
            f"p99 ms per round: {p99_rounds}.",
            "",
            *bars,
            MARK_END,
        ]
    )


def write_report(section: str) -> None:
    """Put the section into docs/benchmarks.md, replacing an earlier run's section."""
    path = ROOT / "docs" / "benchmarks.md"
    text = path.read_text() if path.exists() else ""
    if MARK_START in text:
        before, rest = text.split(MARK_START, 1)
        after = rest.split(MARK_END, 1)[1]
        text = before + section + after
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text)
