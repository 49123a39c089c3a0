"""Fitting the weights on labelled judgments (planner.matching.fit)."""

import numpy as np

from planner.matching.fit import (
    Judgments,
    Outcome,
    accuracy,
    choose_form,
    leave_one_set_out,
    logistic_weights,
    scaled,
    tie_directions,
    tied_names,
    with_rival_floor,
)

NAMES = [
    "ask_specialty",
    "ask_introduce",
    "ask_sphere",
    "competitor_penalty",
    "competitor_same_market",
]


def _rows(true_weights: np.ndarray, n: int, seed: int) -> np.ndarray:
    # Difference rows whose true ordering follows `true_weights` (flipped where it is wrong).
    rng = np.random.default_rng(seed)
    rows = rng.normal(size=(n, len(true_weights)))
    return rows * np.sign(rows @ true_weights)[:, None]


def test_logistic_weights_recover_the_ordering_and_stay_non_negative():
    truth = np.array([1.0, 0.5, 0.2, 0.0, 0.0])
    rows = _rows(truth, 400, seed=1)
    weights = logistic_weights(rows)
    assert (weights >= 0).all()
    assert accuracy(_rows(truth, 200, seed=2), weights) > 0.95
    assert weights[0] > weights[1] > weights[2]


def test_a_feature_that_only_hurts_is_dropped_not_made_negative():
    truth = np.array([1.0, -0.8, 0.0, 0.0, 0.0])
    weights = logistic_weights(_rows(truth, 300, seed=3))
    assert weights[1] == 0.0 and weights[0] > 0


def test_rival_floor_outweighs_the_sphere_both_ways_and_a_loose_introduction():
    fitted = np.array([1.0, 0.6, 0.3, 0.0, 0.0])
    floored = with_rival_floor(fitted, NAMES)
    total = floored[3] + floored[4]
    assert np.isclose(total, 2 * 0.3 + 0.5 * 0.6)
    assert (floored[:3] == fitted[:3]).all()


def test_leave_one_set_out_scores_each_set_with_weights_fitted_on_the_others():
    truth = np.array([1.0, 0.5, 0.2, 0.4, 0.4])  # rivalry above the floor
    sets = [Judgments(f"s{k}", _rows(truth, 80, seed=k), np.arange(80) % 2 == 0) for k in range(3)]
    report = leave_one_set_out(sets, NAMES)
    assert set(report) == {"s0", "s1", "s2"}
    assert all(row["accuracy"] > 0.9 and row["comparisons"] == 80 for row in report.values())


def test_symmetric_form_ties_each_direction_to_one_weight():
    names = ["ask_specialty", "reverse_specialty", "ask_sphere", "competitor_penalty"]
    rows = np.array([[1.0, 0.5, 0.2, -1.0], [0.0, 2.0, 0.0, 0.0]])
    tied = tie_directions(Judgments("s", rows, np.zeros(2, bool)), names)
    assert tied_names(names) == ["ask_specialty", "ask_sphere", "competitor_penalty"]
    assert tied.rows.tolist() == [[1.5, 0.2, -1.0], [2.0, 0.0, 0.0]]
    weights = scaled(np.array([2.0, 1.0, 0.5]), tied_names(names))
    assert weights["ask_specialty"] == weights["reverse_specialty"] == 1.0
    assert weights["reverse_sphere"] == weights["ask_sphere"] == 0.5


def test_rival_floor_counts_each_direction_of_the_sphere_by_its_own_weight():
    names = [*NAMES, "reverse_sphere"]
    floored = with_rival_floor(np.array([1.0, 0.6, 0.3, 0.0, 0.0, 0.1]), names)
    assert np.isclose(floored[3] + floored[4], 0.3 + 0.1 + 0.5 * 0.6)


def _outcome(pooled, log_loss):
    return Outcome(pooled, log_loss, {}, {}, {})


def test_directed_form_is_kept_only_where_it_earns_its_extra_weights():
    tied = _outcome((0.98, 0.90), 0.060)
    better = _outcome((0.99, 0.94), 0.050)
    assert choose_form({"symmetric": tied, "directed": better}) == "directed"
    barely = _outcome((0.99, 0.94), 0.059)  # log-loss 2% lower: not worth 7 more weights
    assert choose_form({"symmetric": tied, "directed": barely}) == "symmetric"
    worse_hard = _outcome((0.99, 0.85), 0.050)
    assert choose_form({"symmetric": tied, "directed": worse_hard}) == "symmetric"
