import pytest

from planner.printables import PrintablesError, RoomGuest, RoomPlan, RoomTable
from planner.printables.model import alphabetical_key, fold
from tests.printables.conftest import guest


def test_fold_drops_accents_and_case_including_letters_unicode_does_not_decompose():
    assert fold("Ångström") == "angstrom"
    assert fold("Łoś") == "los"
    assert fold("Øster") == "oster"
    assert fold("Đặng") == "dang"
    assert fold("Straße") == "strasse"


def test_guests_sort_by_surname_then_name_whatever_the_accents():
    names = ["Zoë Zeller", "Anna Łoś", "Lara Lutz", "Zoë Ångström", "Bob Lutz", "Émile Abel"]

    ordered = [g.name for g in sorted((guest(n) for n in names), key=alphabetical_key)]

    assert ordered == [
        "Émile Abel",
        "Zoë Ångström",
        "Anna Łoś",
        "Bob Lutz",
        "Lara Lutz",
        "Zoë Zeller",
    ]


def test_guests_are_the_same_across_courses_by_key_and_keep_homonyms_apart():
    first, second = guest("Sam Lee", key="1"), guest("Sam Lee", key="2")
    plan = RoomPlan(
        "Dinner",
        courses=(
            ("Starter", (RoomTable(1, None, (first,)), RoomTable(2, None, (second,)))),
            ("Main", (RoomTable(1, None, (second,)), RoomTable(2, None, (first,)))),
        ),
    )

    assert plan.guests() == [first, second]
    assert [t.number for t in plan.tables_of(first)] == [1, 2]
    assert [t.number for t in plan.tables_of(second)] == [2, 1]


def test_helpers_for_names_who_at_the_table_may_answer_an_ask():
    asker, helper, other = guest("Ann Ask"), guest("Hal Help"), guest("Oz Other")
    table = RoomTable(1, None, (asker, helper, other), (("Ann Ask", "Hal Help", "an intro"),))

    assert table.helpers_for(asker) == [(helper, "an intro")]
    assert table.helpers_for(helper) == []


@pytest.mark.parametrize("course_count", [0, 4])
def test_a_plan_has_one_to_three_courses(course_count):
    course = ("Course", (RoomTable(1, None, (guest("Ann Ask"),)),))
    with pytest.raises(PrintablesError, match="1 to 3 courses"):
        RoomPlan("Dinner", courses=(course,) * course_count)


def test_a_guest_at_two_tables_in_one_course_is_refused():
    ann = guest("Ann Ask")
    with pytest.raises(PrintablesError, match="Ann Ask sit at two tables"):
        RoomPlan(
            "Dinner", courses=(("Main", (RoomTable(1, None, (ann,)), RoomTable(2, None, (ann,)))),)
        )


def test_answers_must_name_guests_at_the_table():
    with pytest.raises(PrintablesError, match="not at it: Zed"):
        RoomTable(1, None, (guest("Ann Ask"),), (("Ann Ask", "Zed", "an intro"),))


def test_a_table_cannot_seat_a_guest_twice():
    ann = guest("Ann Ask")
    with pytest.raises(PrintablesError, match="seats Ann Ask twice"):
        RoomTable(1, None, (ann, ann))


def test_a_guest_needs_a_name():
    with pytest.raises(PrintablesError, match="no name"):
        RoomGuest(name="   ")
