"""`python -m solver mdgp` prints a result anyone can re-score from the instance file."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from tests.solver.solver_checks import rescore

REPO = Path(__file__).resolve().parents[2]


def _write_instance(path: Path) -> tuple[list[list[float]], list[tuple[int, int]]]:
    n, bounds = 9, [(2, 4), (3, 5), (2, 3)]
    scores = [[0.0] * n for _ in range(n)]
    lines = [f"{n} 3 ds " + " ".join(f"{lo} {hi}" for lo, hi in bounds)]
    for i in range(n):
        for j in range(i + 1, n):
            d = float((i * 7 + j * 13) % 17) + 0.5
            scores[i][j] = scores[j][i] = d
            lines.append(f"{i} {j} {d}")
    path.write_text("\n".join(lines) + "\n")
    return scores, bounds


def test_cli_prints_rescorable_json(tmp_path):
    scores, bounds = _write_instance(tmp_path / "tiny.txt")
    out = subprocess.run(
        [sys.executable, "-m", "solver", "mdgp", str(tmp_path / "tiny.txt"),
         "--seconds", "1", "--seed", "3", "--json"],
        capture_output=True, text=True, cwd=REPO, check=True, timeout=120,
    ).stdout  # fmt: skip
    result = json.loads(out)
    groups = result["groups"]
    assert len(groups) == 9
    assert result["objective"] == pytest.approx(rescore(scores, groups))
    for g, (lo, hi) in enumerate(bounds):
        assert lo <= groups.count(g) <= hi
