import re

import pytest

from planner.printables import PrintablesError, RoomPlan, RoomTable, door_list
from tests.printables.conftest import UNICODE_NAMES, guest, layout_lines, page_texts


def _row_tables(lines: list[str], name: str) -> list[str]:
    """Return the table numbers printed on the row that starts with `name`."""
    (row,) = [line for line in lines if re.search(rf"(^|\s){re.escape(name)}(\s|$)", line)]
    after_name = row.split(name, 1)[1]
    return re.findall(r"\d+|–", after_name)


@pytest.mark.parametrize("plan_fixture", ["small_plan", "big_plan"])
def test_every_guest_appears_once_with_their_table_in_each_course(plan_fixture, request):
    plan: RoomPlan = request.getfixturevalue(plan_fixture)
    pdf = door_list(plan)
    text = "\n".join(page_texts(pdf))
    lines = layout_lines(pdf)

    for seated in plan.guests():
        printed_name = seated.name if len(seated.name) < 40 else seated.name[:30]
        assert text.count(printed_name) == 1, seated.name
        if printed_name == seated.name:
            expected = [str(table.number) for table in plan.tables_of(seated)]
            assert _row_tables(lines, seated.name) == expected


def test_unicode_names_round_trip(small_plan):
    text = "\n".join(page_texts(door_list(small_plan)))

    for name in UNICODE_NAMES:
        assert name in text
    assert "Café Rot, Torstraße" in text


def test_guests_are_sorted_by_surname_with_accents_folded(small_plan):
    text = "\n".join(page_texts(door_list(small_plan)))
    order = ["Ångström", "Brandt", "Ada Host", "Ben Host", "Minh", "Wójcik", "Zola"]

    positions = [text.index(word) for word in order]

    assert positions == sorted(positions)


def test_a_guest_missing_from_a_course_shows_a_dash():
    stays, leaves = guest("Ada Stays"), guest("Bob Leaves")
    plan = RoomPlan(
        "Dinner",
        courses=(
            ("Starter", (RoomTable(4, None, (stays, leaves)),)),
            ("Main", (RoomTable(5, None, (stays,)),)),
        ),
    )

    lines = layout_lines(door_list(plan))

    assert _row_tables(lines, "Bob Leaves") == ["4", "–"]
    assert _row_tables(lines, "Ada Stays") == ["4", "5"]


def test_a_long_list_runs_over_pages_with_the_header_on_each(big_plan):
    pages = page_texts(door_list(big_plan))

    assert len(pages) > 5
    for number, text in enumerate(pages, start=1):
        assert text.startswith("Door list · Big dinner")
        assert f"Page {number} of {len(pages)}" in text
        assert "Course 1" in text and "Course 3" in text


def test_letter_paper_is_accepted_and_other_paper_refused(small_plan):
    assert door_list(small_plan, paper="Letter").startswith(b"%PDF")
    with pytest.raises(PrintablesError, match="A4"):
        door_list(small_plan, paper="A3")
