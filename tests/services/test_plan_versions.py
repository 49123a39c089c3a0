"""Snapshots of a seating: who changed table between two of them."""

from planner.services.plan_versions import changed_guests, layout_of_snapshot, tables_by_guest

BEFORE = [
    {"course": 1, "number": 1, "name": "", "locked": False, "guests": [[1, False], [2, True]]},
    {"course": 1, "number": 2, "name": "Harbour", "locked": True, "guests": [[3, False]]},
    {"course": 2, "number": 1, "name": "", "locked": False, "guests": [[1, False], [3, False]]},
    {"course": 2, "number": 2, "name": "", "locked": False, "guests": [[2, False]]},
]


def _moved(snapshot, guest, course, table):
    moved = [dict(t, guests=[g for g in t["guests"] if g[0] != guest]) for t in snapshot]
    for t in moved:
        if t["course"] == course and t["number"] == table:
            t["guests"] = t["guests"] + [[guest, False]]
    return moved


def test_only_guests_at_another_table_in_some_course_have_changed():
    after = _moved(BEFORE, 2, 2, 1)
    assert changed_guests(BEFORE, after) == {2}
    assert changed_guests(BEFORE, BEFORE) == set()


def test_a_guest_new_to_the_seating_has_not_changed_table():
    after = _moved(BEFORE, 9, 1, 1)
    assert changed_guests(BEFORE, after) == set()
    assert tables_by_guest(after)[(9, 1)] == 1


def test_snapshot_round_trips_names_and_locks():
    layout = layout_of_snapshot(BEFORE)
    assert layout[1].name == "Harbour" and layout[1].locked
    assert layout[0].guests == ((1, False), (2, True))
