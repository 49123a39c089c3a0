"""Ordering accuracy on the hand-labelled sets (see planner.matching.evaluate)."""

from pathlib import Path

import pytest

from planner.matching.evaluate import evaluate, load_labelled

HERE = Path(__file__).parent
SETS = sorted(path.name for path in HERE.glob("labelled*.json"))
# Measured: 1.000 on ten sets and 0.900 on labelled_problems.json (pooled 0.998). The
# thresholds leave room for taxonomy changes while still failing on any real regression
# (the word-overlap baseline gets 0.50-0.95 per set).
MIN_SET_ACCURACY = 0.85
MIN_POOLED_ACCURACY = 0.95
MIN_TOP5 = 0.85


def test_there_are_many_labelled_sets():
    assert len(SETS) >= 11


@pytest.mark.parametrize("name", SETS)
def test_labelled_set_is_consistent(name):
    profiles, comparisons = load_labelled(HERE / name)
    ids = {p.id for p in profiles}
    assert len(ids) == len(profiles) >= 16
    assert len(comparisons) >= 8
    assert all({c.person, c.higher, c.lower} <= ids for c in comparisons)


@pytest.mark.parametrize("name", SETS)
def test_model_orders_each_labelled_set(name):
    report = evaluate(HERE / name)
    assert report.accuracy >= MIN_SET_ACCURACY, report.failures
    assert report.top_k_hits >= MIN_TOP5


def test_model_orders_the_pooled_comparisons():
    reports = [evaluate(HERE / name) for name in SETS]
    correct = sum(r.accuracy * r.total for r in reports)
    assert correct / sum(r.total for r in reports) >= MIN_POOLED_ACCURACY


@pytest.mark.parametrize("name", SETS)
def test_model_beats_plain_word_overlap(name):
    assert evaluate(HERE / name).accuracy > evaluate(HERE / name, "word-overlap").accuracy
