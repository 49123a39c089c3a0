"""Dinners whose guests change tables between courses: every place that names a guest's table
or counts the tables says which course it means."""

import csv
import io

import pytest

from planner.extensions import db
from planner.lifecycle.compose import compose_day_note
from planner.lifecycle.follow_up import compose_follow_up_1, seated_dinner
from planner.lifecycle.waitlist import seat_capacity
from planner.models import Dinner, Invitation
from tests.web.seating_helpers import seated
from tests.web.test_seating import _seed

COURSES = 3


@pytest.fixture
def rotating(app, client, make_organiser, make_dinner, make_guest, login):
    """Twelve guests at four tables of three, seated again for each of three courses."""
    organiser, dinner_id = _seed(
        make_organiser, make_dinner, make_guest, 12, min_table_size=3, max_table_size=4
    )
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat", data={"courses": COURSES, "num_tables": 4})
    tables = {}  # invitation id -> its table number in each course, in course order
    for course in range(1, COURSES + 1):
        for number, members in seated(app, dinner_id, course).items():
            for guest in members:
                tables.setdefault(guest, []).append(number)
    assert len(tables) == 12 and all(len(numbers) == COURSES for numbers in tables.values())
    return dinner_id, tables


def test_the_guest_list_and_its_export_give_each_courses_table(app, client, rotating):
    dinner_id, tables = rotating
    expected = {guest: " → ".join(map(str, numbers)) for guest, numbers in tables.items()}
    export = client.get(f"/dinners/{dinner_id}/guests.csv").data.decode("utf-8-sig")
    with app.app_context():
        names = {i.name: i.id for i in db.session.scalars(db.select(Invitation))}
    rows = {names[row["Name"]]: row["Table"] for row in csv.DictReader(io.StringIO(export))}
    assert {guest: rows[guest] for guest in expected} == expected
    guest, shown = next(iter(expected.items()))
    page = client.get(f"/dinners/{dinner_id}/guests/{guest}").text
    assert f'id="guest-table-number">{shown}<' in page
    assert f'<td data-label="Table">{shown}</td>' in client.get(f"/dinners/{dinner_id}/guests").text


def test_the_caterers_list_names_the_course_of_each_table(client, rotating):
    dinner_id, _ = rotating
    page = client.get(f"/dinners/{dinner_id}/dietary").text
    for course in range(1, COURSES + 1):
        for number in range(1, 5):
            assert f"<td>Course {course}, table {number}</td>" in page
    assert "<td>Table 1</td>" not in page


def test_the_day_note_gives_the_table_of_every_course(app, rotating):
    dinner_id, tables = rotating
    guest, numbers = next(iter(tables.items()))
    with app.app_context():
        note = compose_day_note(db.session.get(Invitation, guest), [])
        assert seat_capacity(db.session.get(Dinner, dinner_id)) == 4 * 4  # four tables of four
    courses = f"starter at table {numbers[0]}, main course at table {numbers[1]}, dessert at table "
    courses += str(numbers[2])
    assert note.context["your_tables"] == f"Your tables: {courses} (you move at each course)"


def test_the_follow_up_lists_everyone_a_guest_sat_with_in_any_course(app, rotating):
    dinner_id, tables = rotating
    by_course = [seated(app, dinner_id, course) for course in range(1, COURSES + 1)]
    guest, numbers = next(iter(tables.items()))
    met = {
        mate
        for course, number in enumerate(numbers)
        for mate in by_course[course][number]
        if mate != guest
    }
    assert len(met) > 3  # more than one table's worth: the point of rotating
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        view = seated_dinner(dinner)
        person = db.session.get(Invitation, guest)
        mates = [mate.id for mate in view.mates(person)]
        draft = compose_follow_up_1(person, view)
    assert sorted(mates) == sorted(met) and len(mates) == len(set(mates))
    last = numbers[-1]
    assert draft.context["where"] == f"at tables {', '.join(map(str, numbers[:-1]))} and {last}"
