import pytest

from planner.demo import PEOPLE
from planner.extensions import db
from planner.models import Dinner
from planner.services.referrals import referral_scores
from planner.services.room import HELPERS_PER_GUEST, MIN_HELP, NotSeated, room_plan
from planner.services.seating import seat_dinner
from planner.services.seating_rules import add_rule

GUESTS = 12


@pytest.fixture
def seated_dinner(app, make_organiser, make_dinner, make_guest) -> int:
    """Seat twelve demo guests at two tables of six, the first of them a host."""
    dinner_id = make_dinner(make_organiser(), min_table_size=6, max_table_size=6)
    refs = [
        make_guest(dinner_id, "accepted", **{**p, "can_introduce": "\n".join(p["can_introduce"])})
        for p in PEOPLE[:GUESTS]
    ]
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        add_rule(dinner, "host", [refs[0].id], None)
        assert seat_dinner(dinner, 1.0).plan is not None
        db.session.commit()
    return dinner_id


def test_an_unseated_dinner_has_nothing_to_print(app, make_organiser, make_dinner):
    dinner_id = make_dinner(make_organiser())
    with app.app_context(), pytest.raises(NotSeated, match="Seat tables"):
        room_plan(db.session.get(Dinner, dinner_id))


def test_each_guest_carries_their_profile_and_the_host_is_marked(app, seated_dinner):
    with app.app_context():
        plan = room_plan(db.session.get(Dinner, seated_dinner))
    by_name = {guest.name: guest for guest in plan.guests()}

    assert sorted(by_name) == sorted(person["name"] for person in PEOPLE[:GUESTS])
    for person in PEOPLE[:GUESTS]:
        guest = by_name[person["name"]]
        assert (guest.company, guest.role, guest.does) == (
            person["company"],
            person["role"],
            person["does"],
        )
        assert guest.ask == "; ".join(person["asks"])
        assert guest.looking_for == person["asks"][0]
        assert guest.can_introduce == ", ".join(person["can_introduce"])
        assert guest.is_host == (person is PEOPLE[0])
    assert plan.course_names == ["Dinner"]
    assert plan.venue == "The Old Mill"


def test_answers_name_strong_helpers_at_the_same_table_for_one_of_the_askers_asks(
    app, seated_dinner
):
    with app.app_context():
        dinner = db.session.get(Dinner, seated_dinner)
        plan = room_plan(dinner)
        seated = [seat.invitation for table in dinner.seating_plan.tables for seat in table.seats]
        matrix = referral_scores(seated)
    row = {str(invitation.id): n for n, invitation in enumerate(seated)}
    asks = {str(inv.id): list(inv.profile.asks) for inv in seated}
    ((_, tables),) = plan.courses
    answers = [answer for table in tables for answer in table.answers]

    assert answers
    for table in tables:
        refs = [guest.ref for guest in table.guests]
        for asker in refs:
            helpers = [helper for who, helper, _ in table.answers if who == asker]
            strength = [matrix.help[row[asker], row[helper]] for helper in helpers]
            assert strength == sorted(strength, reverse=True)
            assert all(value >= MIN_HELP for value in strength)
            assert len(helpers) <= HELPERS_PER_GUEST
            # Nobody left out answers better than the weakest named (or, with room to spare,
            # answers well enough to be named at all).
            full = len(helpers) == HELPERS_PER_GUEST
            left_out = [
                matrix.help[row[asker], row[mate]] for mate in refs if mate not in (asker, *helpers)
            ]
            assert all(value <= min(strength) if full else value < MIN_HELP for value in left_out)
        for asker, _, ask in table.answers:
            assert ask in asks[asker]


def test_tables_of_a_later_course_print_as_their_own_course_with_their_name(app, seated_dinner):
    with app.app_context():
        dinner = db.session.get(Dinner, seated_dinner)
        second = dinner.seating_plan.tables[1]
        # What the chart branch will store as columns; plain attributes stand in for them here.
        second.course, second.name = 2, "Garden"
        plan = room_plan(dinner)

    assert plan.course_names == ["Course 1", "Course 2"]
    assert [table.label for _, tables in plan.courses for table in tables] == ["1", "2 · Garden"]
