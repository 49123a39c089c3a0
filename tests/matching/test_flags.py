"""Vague asks, sales-funnel and empty profiles (planner.matching.flags)."""

import pytest

from planner.matching import profile_flags, score_profiles, vague_ask_hint
from planner.matching.flags import thin_score
from tests.matching.conftest import person


@pytest.mark.parametrize(
    "ask", ["anyone", "New clients!", "introductions to anyone interested", "networking"]
)
def test_asks_naming_nobody_get_a_hint(ask):
    assert vague_ask_hint(ask)


@pytest.mark.parametrize("ask", ["GCs", "a reliable plumber", "our wifi keeps dropping", "", "  "])
def test_asks_naming_someone_or_blank_get_none(ask):
    assert vague_ask_hint(ask) is None


def test_a_concrete_profile_has_no_flags():
    realtor = person("r", "Rita", "Residential real estate", asks=["mortgage brokers"])
    assert profile_flags(realtor) == []
    assert thin_score(realtor) == 0.0


def test_sales_funnel_profile_is_flagged_with_the_words_that_gave_it_away():
    pitch = person(
        "p", "Ty", "financial freedom coaching", asks=["anyone who wants passive income"]
    )
    flags = profile_flags(pitch)
    assert any("sales funnel" in flag and "financial freedom" in flag for flag in flags)
    assert thin_score(pitch) == 1.0


def test_empty_profile_is_flagged():
    flags = profile_flags(person("e", "Jade", asks=["networking"]))
    assert "Says nothing about what they do" in flags
    assert "Asks only for people in general, nobody in particular" in flags


def test_flagged_profiles_score_low_as_partners():
    realtor = person("r", "Rita", "Residential real estate", asks=["home inspectors"])
    inspector = person("i", "Ian", "Home inspection", asks=["realtors"])
    pitch = person(
        "p",
        "Ty",
        "Real estate wealth - financial freedom",
        asks=["anyone who wants passive income"],
    )
    matrix = score_profiles([realtor, inspector, pitch])
    assert matrix.scores[0, 1] > matrix.scores[0, 2]
    assert matrix.pair_terms.features["thin_profile_penalty"][0, 2] == 1.0
