import re

import pytest

from planner.printables import RoomPlan, RoomTable, table_tents
from tests.printables.conftest import guest, page_texts


def _names_on(text: str, plan: RoomPlan) -> dict[str, int]:
    """Count how often each of the plan's guests is named on a page."""
    lines = text.splitlines()
    return {g.name: lines.count(g.name) for g in plan.guests() if g.name in lines}


@pytest.mark.parametrize("plan_fixture", ["small_plan", "big_plan"])
def test_each_tent_lists_exactly_its_tables_guests(plan_fixture, request):
    plan: RoomPlan = request.getfixturevalue(plan_fixture)
    pages = page_texts(table_tents(plan))
    tents = [(course, table) for course, tables in plan.courses for table in tables]

    assert len(pages) == len(tents)
    for text, (course, table) in zip(pages, tents, strict=True):
        expected = {g.name: 2 for g in table.guests if len(g.name) < 40}  # both faces
        named = _names_on(text, plan)
        assert named == expected, (course, table.number)
        assert f"{course} · {plan.dinner_title}" in text
        assert re.search(rf"^{table.number}$", text, re.MULTILINE)


def test_a_tent_shows_the_table_name_and_marks_hosts(small_plan):
    first_page = page_texts(table_tents(small_plan))[0]

    assert first_page.splitlines().count("Garden") == 2
    assert "Host · Tablewise" in first_page
    assert "Café Rot, Torstraße" in first_page


def test_a_long_table_goes_to_three_columns_and_still_lists_everyone():
    guests = tuple(guest(f"Person{number} Surname{number}") for number in range(18))
    plan = RoomPlan("Banquet", courses=(("Dinner", (RoomTable(1, "Long table", guests),)),))

    (text,) = page_texts(table_tents(plan))

    assert _names_on(text, plan) == {g.name: 2 for g in guests}
    assert "Dinner · Banquet" not in text  # one course: no course heading needed


def test_an_empty_table_still_gets_its_tent():
    plan = RoomPlan("Dinner", courses=(("Main", (RoomTable(9, "Spare", ()),)),))

    (text,) = page_texts(table_tents(plan))

    assert "9" in text.splitlines() and "Spare" in text
