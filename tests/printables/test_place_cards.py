import math
import re

import pytest

from planner.printables import place_cards
from tests.printables.conftest import UNICODE_NAMES, page_texts


def _occurrences(name: str, text: str) -> list[str]:
    """Find `name` whole, on one line or wrapped onto two."""
    words = r"\s+".join(re.escape(word) for word in name.split())
    return re.findall(rf"(?<!\S){words}(?!\S)", text)


@pytest.mark.parametrize("paper", ["A4", "Letter"])
def test_every_guest_gets_one_card_with_name_on_both_faces(big_plan, paper):
    pages = page_texts(place_cards(big_plan, paper=paper))
    text = "\n".join(pages)

    guests = big_plan.guests()
    assert len(pages) == math.ceil(len(guests) / 6)
    for guest in guests:
        assert len(_occurrences(guest.name, text)) == 2, guest.name


def test_a_card_carries_company_and_what_the_guest_is_looking_for(small_plan):
    lines = "\n".join(page_texts(place_cards(small_plan))).splitlines()

    zoe = lines.index("Zoë Ångström")
    assert lines[zoe + 1] == "Founder"
    assert lines[zoe + 2] == "Looking for: customers for Zoë"
    carla = lines.index("Carla Brandt")
    assert lines[carla + 1] == "Café Rot, Torstraße · Founder"
    # The long ask is cut to one line with an ellipsis rather than running off the card.
    assert lines[carla + 2].startswith("Looking for: An introduction to")
    assert lines[carla + 2].endswith("…")


def test_unicode_names_round_trip(small_plan):
    lines = "\n".join(page_texts(place_cards(small_plan))).splitlines()

    for name in UNICODE_NAMES:
        assert lines.count(name) == 2


def test_a_very_long_name_is_wrapped_onto_two_lines_not_run_off(small_plan):
    lines = "\n".join(page_texts(place_cards(small_plan))).splitlines()

    assert lines.count("Maximiliane Wilhelmina") == 2
    assert "Hohenzollern-Sigmaringen von Oberschwaben" not in lines


def test_cards_come_table_by_table_and_say_where_to_sit_each_course(small_plan):
    text = "\n".join(page_texts(place_cards(small_plan)))

    first_table = ["Zoë Ångström", "Carla Brandt", "Ada Host", "Łukasz Wójcik"]
    second_table = ["Ben Host", "Nguyễn Thị Minh", "Émile Zola"]
    assert max(text.index(name) for name in first_table) < min(
        text.index(name) for name in second_table
    )
    assert "Starter: 1 · Main: 2\nZoë Ångström" in text
