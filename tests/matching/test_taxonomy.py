"""The built-in taxonomy, organiser extensions and free-text mapping."""

import json
import re
from pathlib import Path

import pytest

from planner.matching import (
    Taxonomy,
    ask_hints,
    default_taxonomy,
    industry_choices,
    infer_specialties,
    score_profiles,
    taxonomy_groups,
)
from tests.matching.conftest import person


def test_every_specialty_has_a_label_titles_and_needs():
    taxonomy = default_taxonomy()
    assert len(taxonomy.spheres) >= 10
    for specialty in taxonomy.specialties:
        assert specialty.label and specialty.titles and specialty.needs, specialty.key


def test_choices_follow_taxonomy_order_and_groups_cover_them():
    keys = [key for key, _ in industry_choices()]
    grouped = [key for _, items in taxonomy_groups() for key, _ in items]
    assert keys == grouped
    assert len(keys) == len(set(keys))
    assert [label for label, _ in taxonomy_groups()][0] == default_taxonomy().spheres[0].label


def test_home_sphere_holds_the_classic_referral_partners():
    home = default_taxonomy().sphere("home")
    keys = {s.key for s in home.specialties}
    assert {"residential_realtor", "mortgage_broker", "home_inspector"} <= keys
    assert {"home_insurance", "real_estate_attorney"} <= keys


def test_duplicate_keys_are_rejected():
    data = {"spheres": [{"key": "a", "specialties": [{"key": "x"}, {"key": "x"}]}]}
    with pytest.raises(ValueError, match="duplicate"):
        Taxonomy.from_dict(data)


SURVEYOR = "snagging surveyor"


def _farrier(need: str) -> dict:
    return {"key": "farrier", "label": "Farrier", "titles": ["farrier"], "needs": [need]}


def test_extra_adds_a_sphere_and_extends_a_known_specialty(tmp_path):
    extra = {
        "spheres": [
            {
                "key": "farm",
                "label": "Farm & ranch",
                "specialties": [
                    {
                        "key": "farrier",
                        "label": "Farrier",
                        "titles": ["farrier"],
                        "needs": ["horse shoes"],
                    }
                ],
            },
            {
                "key": "home",
                "specialties": [{"key": "home_inspector", "titles": ["snagging surveyor"]}],
            },
        ]
    }
    path = tmp_path / "extra.json"
    path.write_text(json.dumps(extra))
    taxonomy = Taxonomy.load(extra=path)
    assert taxonomy.specialty("farrier").sphere == "farm"
    assert SURVEYOR in taxonomy.specialty("home_inspector").titles
    assert len(taxonomy.specialties) == len(default_taxonomy().specialties) + 1


def test_organiser_specialty_is_used_by_the_scorer():
    extra = {
        "spheres": [
            {
                "key": "farm",
                "specialties": [
                    {
                        "key": "farrier",
                        "label": "Farrier",
                        "titles": ["farrier"],
                        "needs": ["shoe my horses"],
                    }
                ],
            }
        ]
    }
    taxonomy = Taxonomy.load(extra=extra)
    rider = person("r", "Rae", "Riding school", asks=["someone to shoe my horses"])
    farrier = person("f", "Finn", "Farrier")
    baker = person("b", "Bo", "Bakery")
    matrix = score_profiles([rider, farrier, baker], taxonomy=taxonomy)
    assert matrix.help[0, 1] > matrix.help[0, 2]
    assert "farrier" in matrix.reasons(0, 1)[0].lower()


@pytest.mark.parametrize(
    ("industry", "expected"),
    [
        ("Law - estate planning", "estate_planning_attorney"),
        ("Residential real estate agent", "residential_realtor"),
        ("Cyber security consulting", "cybersecurity"),
        ("Mortgage lending", "mortgage_broker"),
        ("Insurance - home, auto, umbrella", "home_insurance"),
        ("Bookkeeping for small businesses", "bookkeeper"),
        ("Wedding planning", "event_planner"),
        ("Freight forwarding", "logistics"),
        ("CPA", "accountant"),
        ("IT support", "managed_it"),
    ],
)
def test_free_text_industries_map_onto_the_taxonomy(industry, expected):
    [found] = infer_specialties([industry])
    assert found and found[0][0] == expected


@pytest.mark.parametrize(
    ("ask", "expected"),
    [
        ("someone who can get my clients approved for a house loan", "mortgage_broker"),
        ("help protecting our platform from hackers", "cybersecurity"),
        ("introductions to HR directors at 50-200-person companies", "hr_leader"),
        ("someone to make us show up on Google", "seo"),
        ("a place to hold our company holiday party", "event_planner"),
        ("we're drowning in debt and creditors keep calling", "bankruptcy_attorney"),
        ("someone to check the house for problems before we buy", "home_inspector"),
    ],
)
def test_need_phrased_asks_find_the_specialty(ask, expected):
    [found] = infer_specialties([ask], as_ask=True)
    assert expected in [key for key, _ in found]


def test_lower_case_it_is_not_read_as_information_technology():
    [found] = infer_specialties(["Is it possible to meet a florist"], as_ask=True)
    assert "managed_it" not in [key for key, _ in found]


def test_vague_asks_get_a_hint_and_clear_ones_do_not():
    vague, unknown, clear = ask_hints(
        ["networking", "a zorblax wrangler for our quantum fleet", "realtors for first-time buyers"]
    )
    assert vague and "who you want to meet" in vague
    assert unknown and "kind of business" in unknown
    assert clear is None


def test_one_word_asks_match_only_what_they_name():
    found = infer_specialties(["clients", "leads", "CPAs"], as_ask=True)
    assert found[0] == [] and found[1] == []
    assert found[2][0][0] == "accountant"


@pytest.mark.parametrize(
    ("industry", "expected", "not_expected"),
    [
        ("Physical therapist", "physical_therapist", "mental_health"),
        ("Real estate attorney", "real_estate_attorney", "estate_planning_attorney"),
        ("Veterinary clinic", "veterinarian", "physician"),
    ],
)
def test_a_longer_title_wins_over_the_shorter_one_inside_it(industry, expected, not_expected):
    [found] = infer_specialties([industry])
    keys = [key for key, _ in found]
    assert keys[0] == expected and not_expected not in keys


@pytest.mark.parametrize(
    ("industry", "expected", "modifier"),
    [
        ("Restaurant marketing", "digital_marketing", "restaurant"),
        ("Medical office cleaning", "cleaning_service", "physician"),
        ("Real estate photography", "photographer", "residential_realtor"),
    ],
)
def test_the_last_word_of_a_compound_names_the_trade(industry, expected, modifier):
    [found] = infer_specialties([industry])
    keys = [key for key, _ in found]
    assert keys[0] == expected and modifier not in keys


def test_business_name_endings_do_not_count_as_the_trade():
    [found] = infer_specialties(["Cole Plumbing Services"])
    assert found[0][0] == "plumber"


def test_home_trades_are_separate_specialties_in_one_sphere():
    # Plumber, electrician, roofer and GC refer work to each other; only the same trade competes.
    found = infer_specialties(["Plumbing", "Master electrician", "roofing", "general contractor"])
    keys = [rows[0][0] for rows in found]
    assert keys == ["plumber", "electrician", "roofer", "general_contractor"]
    taxonomy = default_taxonomy()
    assert {taxonomy.specialty(key).sphere for key in keys} == {"home"}


LABELLED_SETS = sorted((Path(__file__).parent).glob("labelled*.json"))
MIN_COPIED_WORDS = 4
# Phrases a set written later, blind, happens to share with the taxonomy: they were in the
# taxonomy first (commit and date given), so the set repeats the taxonomy, not the other way.
WRITTEN_BEFORE_THE_SET = {
    # d54c875, 2026-11-23: the first taxonomy; the b2b/local-services set is of 2026-11-26.
    ("seo", "show up on google"),
}


def _words(text: str) -> str:
    return " ".join(re.findall(r"[a-z0-9']+", text.lower()))


def test_no_long_taxonomy_phrase_is_copied_from_a_labelled_ask():
    # Labelled sets measure the model; a taxonomy that quotes their asks measures nothing.
    asks = " | ".join(
        _words(ask)
        for path in LABELLED_SETS
        for profile in json.loads(path.read_text(encoding="utf-8"))["profiles"]
        for ask in profile.get("asks") or []
    )
    copied = [
        (specialty.key, phrase)
        for specialty in default_taxonomy().specialties
        for phrase in (*specialty.titles, *specialty.needs)
        if len(_words(phrase).split()) >= MIN_COPIED_WORDS
        and re.search(rf"(?<![a-z0-9']){re.escape(_words(phrase))}(?![a-z0-9'])", asks)
    ]
    assert LABELLED_SETS and not set(copied) - WRITTEN_BEFORE_THE_SET
