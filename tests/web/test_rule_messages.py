"""Seating rules speak the organiser's language: names, tables from 1, clashes refused at entry."""

import pytest

from planner.extensions import db
from planner.models import Dinner, RsvpStatus, SeatingRule
from tests.web.test_seating import _seed


@pytest.fixture
def dinner(app, client, make_organiser, make_dinner, make_guest, login):
    """Twelve accepted guests at tables of 6-10 (at most two tables); returns id and guests."""
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 12)
    login(organiser)
    with app.app_context():
        accepted = db.session.get(Dinner, dinner_id).accepted
        return dinner_id, [(invitation.id, invitation.name) for invitation in accepted]


def _add(client, dinner_id, kind, guests, table=None):
    data = {"kind": kind, "guests": guests}
    if table is not None:
        data["table_number"] = str(table)
    return client.post(f"/dinners/{dinner_id}/rules", data=data)


def _rule_count(app) -> int:
    with app.app_context():
        return db.session.scalar(db.select(db.func.count(SeatingRule.id)))


def test_a_pin_beyond_the_most_tables_is_refused_when_added(app, client, dinner):
    # The bug: any table 1-200 was accepted, and seating said "tables are 0..1".
    dinner_id, ((a, _), *_) = dinner
    response = _add(client, dinner_id, "pin", [a], table=8)
    assert response.status_code == 200
    assert "There can be at most 2 table(s) at this dinner" in response.text
    assert "pick a table from 1 to 2" in response.text
    assert "Tables are numbered from 1 to 2." in client.get(f"/dinners/{dinner_id}/rules").text
    assert _rule_count(app) == 0
    assert _add(client, dinner_id, "pin", [a], table=2).status_code == 302


@pytest.mark.parametrize(
    ("first", "second", "message"),
    [
        (("apart", [0, 1], None), ("together", [0, 1, 2], None), "both apart and together"),
        (("pin", [0], 1), ("pin", [0], 2), "{0} cannot sit at table 2: {0} is pinned to table 1."),
        (("host", [0, 1], None), ("together", [0, 1], None), "are both hosts"),
        (("pin", [0], 1), ("apart", [0, 1], None), None),  # no clash yet
    ],
)
def test_contradictory_rules_are_flagged_at_entry(app, client, dinner, first, second, message):
    dinner_id, guests = dinner
    ids = [guest_id for guest_id, _ in guests]
    kind, who, table = first
    assert _add(client, dinner_id, kind, [ids[n] for n in who], table).status_code == 302
    kind, who, table = second
    response = _add(client, dinner_id, kind, [ids[n] for n in who], table)
    if message is None:
        assert response.status_code == 302
    else:
        assert message.format(guests[0][1]) in response.text
        assert _rule_count(app) == 1


def test_two_hosts_pinned_to_one_table_and_apart_guests_at_one_table_are_flagged(
    app, client, dinner
):
    dinner_id, guests = dinner
    (a, a_name), (b, b_name), (c, _) = guests[:3]
    _add(client, dinner_id, "pin", [a], 1)
    _add(client, dinner_id, "pin", [b], 1)
    _add(client, dinner_id, "host", [a])
    response = _add(client, dinner_id, "host", [b])
    assert f"{a_name} and {b_name} are both hosts but would sit at table 1" in response.text
    response = _add(client, dinner_id, "apart", [a, b])
    assert f"{a_name} and {b_name} are to be kept apart but both sit at table 1." in response.text
    _add(client, dinner_id, "together", [b, c])
    response = _add(client, dinner_id, "pin", [c], 2)
    assert "must sit with them and is pinned to table 1" in response.text


def test_a_seating_clash_names_people_and_counts_tables_from_one(app, client, dinner):
    dinner_id, guests = dinner
    (a, a_name), *_ = guests
    _add(client, dinner_id, "pin", [a], 2)
    with app.app_context():
        for invitation in db.session.get(Dinner, dinner_id).accepted[6:]:
            invitation.status = RsvpStatus.DECLINED
        db.session.commit()
    text = client.post(f"/dinners/{dinner_id}/seat", follow_redirects=True).text
    assert f"{a_name} is pinned to table 2" in text
    assert "there can only be 1 table(s) for the guests who accepted" in text
    assert "0.." not in text and "guest 0" not in text
