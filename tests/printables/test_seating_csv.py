import csv
import io

import pytest

from planner.printables import RoomPlan, RoomTable, seating_csv
from planner.printables.seating_csv import neutralise
from tests.printables.conftest import guest


def _rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"), newline="")))


def test_starts_with_a_utf8_bom_and_round_trips_accents(small_plan):
    data = seating_csv(small_plan)

    assert data.startswith(b"\xef\xbb\xbf")
    rows = _rows(data)
    assert rows[0] == ["Course", "Table", "Table name", "Guest", "Company", "Role", "Host"]
    assert ["Starter", "1", "Garden", "Zoë Ångström", "", "Founder", ""] in rows
    assert ["Main", "1", "Garden", "Carla Brandt", "Café Rot, Torstraße", "Founder", ""] in rows
    assert ["Starter", "1", "Garden", "Ada Host", "Tablewise", "Founder", "yes"] in rows


def test_one_row_per_seated_guest_per_course_and_no_email(big_plan):
    rows = _rows(seating_csv(big_plan))[1:]

    for course, tables in big_plan.courses:
        seated = sorted((str(t.number), g.name) for t in tables for g in t.guests)
        assert sorted((row[1], row[3]) for row in rows if row[0] == course) == seated
    assert not any("@" in cell for row in rows for cell in row)


@pytest.mark.parametrize("start", ["=", "+", "-", "@"])
def test_cells_a_spreadsheet_would_run_get_a_leading_apostrophe(start):
    sneaky = guest(f"{start}HYPERLINK(evil) Person", company=f"{start}1+2", role="CEO")
    plan = RoomPlan("Dinner", courses=(("Main", (RoomTable(1, f"{start}cmd", (sneaky,)),)),))

    (row,) = _rows(seating_csv(plan))[1:]

    assert row[2:6] == [f"'{start}cmd", f"'{start}HYPERLINK(evil) Person", f"'{start}1+2", "CEO"]


def test_neutralise_leaves_ordinary_text_alone_and_puts_cells_on_one_line():
    assert neutralise("Zoë Ångström") == "Zoë Ångström"
    assert neutralise("a-b") == "a-b"
    assert neutralise("two\nlines") == "two lines"
