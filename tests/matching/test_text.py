"""Text handling: stemming, abbreviations and reading the parts of an ask."""

import pytest

from planner.matching.text import (
    ask_head,
    drop_purpose,
    drop_target,
    expand_abbreviations,
    head_parts,
    is_generic_head,
    stem,
    tokens,
)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("realtors", "realtor"),
        ("hiring", "hire"),
        ("moving", "movers"),
        ("planning", "planner"),
        ("approved", "approval"),
        ("retirement", "retiring"),
        ("denials", "denied"),
        ("custodial", "custody"),
        ("industrial", "industries"),
    ],
)
def test_inflections_meet(left, right):
    assert stem(left) == stem(right)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("flowers", "flow"),
        ("care", "car"),
        ("foundation", "founder"),
        ("leaders", "leads"),
        ("officer", "office"),
        ("accounting", "account"),
        ("donations", "done"),
        ("memorial", "memory"),
        ("partial", "party"),
    ],
)
def test_unrelated_words_stay_apart(left, right):
    assert stem(left) != stem(right)


def test_abbreviations_expand_but_lower_case_it_is_a_pronoun():
    table = {"IT": "information technology", "CPA": "certified public accountant"}
    assert "information technology" in expand_abbreviations("Need IT help", table)
    assert "information technology" not in expand_abbreviations("is it possible", table)
    assert "certified public accountant" in expand_abbreviations("two CPAs", table)


def test_ask_head_names_what_is_wanted():
    assert ask_head("introductions to HR directors at 50-200-person companies") == "HR directors"
    assert ask_head("realtors who work with first-time buyers") == "realtors"
    assert ask_head("Looking for an intro to CFOs") == "CFOs"
    assert is_generic_head(ask_head("someone to stop our computers crashing"))
    assert not is_generic_head(ask_head("plumbers for rental turnovers"))


def test_listed_items_are_split():
    assert head_parts("CPAs and wealth advisors with older clients") == ["CPAs", "wealth advisors"]
    assert head_parts("handymen, plumbers, HVAC") == ["handymen", "plumbers", "HVAC"]


def test_purpose_and_clientele_are_cut():
    assert drop_purpose("a security audit so banks will work with us") == "a security audit"
    assert drop_target("Scheduling software for clinics") == "Scheduling software"


def test_hyphenated_words_meet_their_parts():
    assert tokens("pre-approved buyers") == tokens("pre approval buyer")
