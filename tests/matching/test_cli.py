"""`python -m planner.matching PROFILES.json [--explain]`."""

import json
import subprocess
import sys
from pathlib import Path

from planner.matching.__main__ import main

PROFILES = [
    {
        "id": "a",
        "name": "Ana Ruiz",
        "company": "Ruiz Realty",
        "role": "Broker",
        "industry": "Residential real estate agent",
        "serves": "first-time buyers",
        "asks": ["someone who can get my clients approved for a house loan"],
        "can_introduce": ["home buyers"],
    },
    {
        "id": "b",
        "name": "Ben Cho",
        "company": "Harbor Lending",
        "role": "Loan officer",
        "industry": "Mortgage",
        "serves": "home buyers",
        "asks": ["realtors"],
        "can_introduce": ["home inspectors"],
    },
    {"id": "c", "name": "Cy"},  # every other field missing
]


def _run(tmp_path: Path, capsys, payload, *flags) -> dict:
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(payload))
    assert main([str(path), *flags]) == 0
    return json.loads(capsys.readouterr().out)


def test_prints_ids_and_a_directed_score_matrix(tmp_path, capsys):
    result = _run(tmp_path, capsys, PROFILES)
    assert result["ids"] == ["a", "b", "c"]
    scores = result["scores"]
    assert all(scores[i][i] == 0 for i in range(3))
    assert scores[0][1] > scores[0][2]
    # Ben answers Ana's house-loan ask better than Ana answers his ask for realtors' referrals.
    assert scores[0][1] != scores[1][0]
    assert "reasons" not in result


def test_symmetric_prints_the_seating_score_the_mean_of_both_directions(tmp_path, capsys):
    directed = _run(tmp_path, capsys, PROFILES)["scores"]
    scores = _run(tmp_path, capsys, PROFILES, "--symmetric")["scores"]
    assert all(scores[i][j] == scores[j][i] for i in range(3) for j in range(3))
    assert abs(scores[0][1] - (directed[0][1] + directed[1][0]) / 2) < 1e-3


def test_explain_adds_top_reasons_per_pair(tmp_path, capsys):
    result = _run(tmp_path, capsys, PROFILES, "--explain")
    pairs = {tuple(item["pair"]): item["reasons"] for item in result["reasons"]}
    assert set(pairs) == {("a", "b"), ("a", "c"), ("b", "c")}
    assert any("house loan" in reason for reason in pairs[("a", "b")])
    assert all(1 <= len(reasons) <= 2 for reasons in pairs.values())


def test_accepts_an_object_with_profiles_and_text_asks(tmp_path, capsys):
    payload = {
        "profiles": [dict(PROFILES[0], asks="mortgage brokers; home inspectors"), PROFILES[1]]
    }
    result = _run(tmp_path, capsys, payload)
    assert result["ids"] == ["a", "b"]


def test_numeric_ids_are_echoed_as_given(tmp_path, capsys):
    numbered = [dict(profile, id=k) for k, profile in enumerate(PROFILES, start=1)]
    result = _run(tmp_path, capsys, numbered, "--explain")
    assert result["ids"] == [1, 2, 3]
    assert result["reasons"][0]["pair"] == [1, 2]


def test_runs_as_a_module(tmp_path):
    path = tmp_path / "profiles.json"
    path.write_text(json.dumps(PROFILES))
    done = subprocess.run(
        [sys.executable, "-m", "planner.matching", str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert json.loads(done.stdout)["ids"] == ["a", "b", "c"]


def test_accepts_the_optional_personal_field(tmp_path, capsys):
    payload = [dict(PROFILES[0], personal="outside work I sail"), PROFILES[1]]
    result = _run(tmp_path, capsys, payload, "--no-semantic")
    assert result["ids"] == ["a", "b"]
    assert result["scores"][0][1] > 0 and result["scores"][1][0] > 0
