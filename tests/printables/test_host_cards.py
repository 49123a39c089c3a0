import re

import pytest

from planner.printables import RoomPlan, RoomTable, host_cards, introduction_order
from tests.printables.conftest import LONG_ASK, guest, page_texts


def _entries(text: str, table: RoomTable) -> dict[str, str]:
    """Split a card's text into each guest's entry (the name line up to the next entry)."""
    names = "|".join(re.escape(g.name) for g in table.guests)
    pattern = rf"^(\d+) ({names})\b(.*?)(?=^\d+ (?:{names})\b|\Z)"
    return {
        name: f"{number} {name}{body}"
        for number, name, body in re.findall(pattern, text, flags=re.MULTILINE | re.DOTALL)
    }


def _cards(plan: RoomPlan) -> list[tuple[str, RoomTable, str]]:
    pages = page_texts(host_cards(plan))
    tables = [(course, table) for course, tables in plan.courses for table in tables]
    assert len(pages) == len(tables)
    return [(course, table, text) for (course, table), text in zip(tables, pages, strict=True)]


@pytest.mark.parametrize("plan_fixture", ["small_plan", "big_plan"])
def test_each_card_lists_its_guests_once_in_speaking_order(plan_fixture, request):
    plan: RoomPlan = request.getfixturevalue(plan_fixture)
    for course, table, text in _cards(plan):
        short = [g for g in table.guests if len(g.name) < 30]  # long names are cut on the card
        entries = _entries(text, RoomTable(table.number, None, tuple(short)))
        assert set(entries) == {g.name for g in short}, (course, table.number)
        order = [g.name for g in introduction_order(table)]
        for name, entry in entries.items():
            assert entry.startswith(f"{order.index(name) + 1} {name}")
        assert f"Host card · Table {table.label}" in text
        assert course in text


@pytest.mark.parametrize("plan_fixture", ["small_plan", "big_plan"])
def test_each_ask_is_named_with_the_guests_at_the_table_who_may_answer_it(plan_fixture, request):
    plan: RoomPlan = request.getfixturevalue(plan_fixture)
    for _, table, text in _cards(plan):
        entries = _entries(text, table)
        numbers = {g.name: n for n, g in enumerate(introduction_order(table), start=1)}
        for asker in table.guests:
            if asker.name not in entries:
                continue
            entry = " ".join(entries[asker.name].split())
            assert f"Does {asker.does}"[:40] in entry
            assert f"Ask {' '.join(asker.ask.split())}"[:60] in entry
            helpers = table.helpers_for(asker)
            for helper, _ in helpers:
                assert f"{helper.name} ({numbers[helper.name]})" in entry
            if not helpers:
                assert "no one matched at this table" in entry


def test_unicode_names_round_trip_on_the_cards(small_plan):
    text = "\n".join(page_texts(host_cards(small_plan)))

    assert "May answer it Zoë Ångström (3)" in text
    assert "May answer it Nguyễn Thị Minh (3) for an intro" in text
    assert "Host: Ada Host" in text and "Łukasz Wójcik" in text


def test_a_table_of_long_prompts_continues_on_a_second_page_instead_of_running_off():
    wordy = tuple(guest(f"Wordy{n} Person", does=LONG_ASK, ask=LONG_ASK) for n in range(10))
    plan = RoomPlan("Dinner", courses=(("Main", (RoomTable(3, None, wordy),)),))

    pages = page_texts(host_cards(plan))

    assert len(pages) == 2
    assert "Host card · Table 3 (continued)" in pages[1]
    text = "\n".join(pages)
    assert sorted(_entries(text, plan.courses[0][1][0])) == sorted(g.name for g in wordy)
