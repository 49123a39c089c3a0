"""Shared ground outside work ("outside work I…") reaches the room: the host card names it
as an opener, and the dinner-day note tells each guest what they share with a table-mate."""

import pytest

from planner.extensions import db
from planner.lifecycle.scheduler import tick, timing
from planner.models import Dinner
from planner.printables import host_cards
from planner.services.room import room_plan
from tests.helpers import settings
from tests.printables.conftest import page_texts

SAILOR = "outside work I race sailboats on the lake"
CREW = "I crew on a sailboats team most weekends"
COOK = "I bake sourdough bread"


@pytest.fixture
def dinner_with_sailors(app, make_organiser, make_dinner, make_guest, hold_dinner):
    """Two tables; Ana and Ben (both sail) at table 1, Cy (also sails) alone with others at 2."""
    dinner_id = make_dinner(make_organiser(), min_table_size=3, max_table_size=3)

    def guest(name, personal=""):
        return make_guest(
            dinner_id,
            "accepted",
            name=name,
            email=f"{name.split()[0].lower()}@example.com",
            industry="Accounting",
            asks="introductions to founders",
            personal=personal,
        )

    table_1 = [guest("Ana Ruiz", SAILOR), guest("Ben Ode", CREW), guest("Dee Moss", COOK)]
    table_2 = [guest("Cy Park", SAILOR), guest("Eve Lund", COOK), guest("Fay Hart")]
    hold_dinner(dinner_id, table_1, table_2)
    return dinner_id


def test_the_host_card_opens_with_what_table_mates_share_and_only_theirs(app, dinner_with_sailors):
    with app.app_context():
        plan = room_plan(db.session.get(Dinner, dinner_with_sailors))
    ((_, (first, second)),) = plan.courses

    assert first.starters == ("Ana and Ben both mention sailboats outside work",)
    # Cy sails too, but at another table: nothing to open with there (baking is only Dee's
    # at table 1 and only Eve's at table 2).
    assert second.starters == ()
    pages = page_texts(host_cards(plan))
    assert "Ana and Ben both mention sailboats" in pages[0]
    assert "Shared ground" not in pages[1]


def test_the_day_note_names_the_table_mate_a_guest_shares_something_with(
    app, smtp, dinner_with_sailors
):
    with app.app_context():
        day_note = timing(db.session.get(Dinner, dinner_with_sailors)).day_note
        tick(day_note, settings())
    notes = {m["To"].addresses[0].addr_spec: m for m in smtp.wait_for(6)}

    def body(address, kind):
        return notes[address].get_body((kind,)).get_content()

    assert "you and Ben Ode both mention sailboats outside work" in body("ana@example.com", "plain")
    assert "you and Ana Ruiz both mention sailboats outside work" in body("ben@example.com", "html")
    for nobody_in_common in ("cy@example.com", "dee@example.com", "fay@example.com"):
        assert "Something to start with" not in body(nobody_in_common, "plain")
