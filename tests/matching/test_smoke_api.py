"""The public API the web app relies on: names, shapes and invariants."""

import numpy as np

from planner.matching import Profile, Weights, industry_choices, score_profiles, taxonomy_groups


def _pair():
    realtor = Profile(
        id="r",
        name="Ana Ruiz",
        industry="Residential real estate agent",
        asks=("mortgage brokers for first-time buyers",),
    )
    broker = Profile(id="m", name="Ben Cho", industry="Mortgage broker", asks=("realtors",))
    stranger = Profile(id="s", name="Sam Lee", industry="Dog groomer")
    return [realtor, broker, stranger]


def test_score_matrix_is_symmetric_with_zero_diagonal():
    matrix = score_profiles(_pair(), Weights())
    assert matrix.ids == ("r", "m", "s")
    assert matrix.scores.shape == (3, 3)
    assert np.allclose(matrix.scores, matrix.scores.T)
    assert np.all(np.diag(matrix.scores) == 0)
    assert matrix.help.shape == (3, 3)


def test_realtor_and_mortgage_broker_beat_a_stranger():
    matrix = score_profiles(_pair())
    assert matrix.scores[0, 1] > matrix.scores[0, 2]
    assert matrix.help[0, 1] > matrix.help[0, 2]
    assert "Ben" in matrix.reasons(0, 1)[0]


def test_choices_and_groups_cover_the_same_keys():
    keys = [key for key, _ in industry_choices()]
    grouped = [key for _, items in taxonomy_groups() for key, _ in items]
    assert keys == grouped
    assert len(keys) == len(set(keys)) > 50
