from planner.extensions import db
from planner.models import Dinner, RsvpStatus, SeatingRule
from tests.web.test_seating import _seed


def _guests(app, dinner_id):
    with app.app_context():
        return [inv.id for inv in db.session.get(Dinner, dinner_id).accepted]


def _tables(app, dinner_id):
    with app.app_context():
        plan = db.session.get(Dinner, dinner_id).seating_plan
        return {seat.invitation_id: t.number for t in plan.tables for seat in t.seats}


def test_rules_are_honoured_by_the_seating(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 14)
    login(organiser)
    a, b, c, d, e, f, *_ = _guests(app, dinner_id)
    rules = [
        {"kind": "apart", "guests": [a, b]},
        {"kind": "together", "guests": [c, d, e]},
        {"kind": "pin", "guests": [f], "table_number": "2"},
    ]
    for rule in rules:
        response = client.post(f"/dinners/{dinner_id}/rules", data=rule)
        assert response.status_code == 302, response.text
    page = client.get(f"/dinners/{dinner_id}/rules").text
    assert page.count("<li>Keep") == 2 and "→ table 2" in page
    client.post(f"/dinners/{dinner_id}/seat")
    table = _tables(app, dinner_id)
    assert table[a] != table[b]
    assert table[c] == table[d] == table[e]
    assert table[f] == 2


def test_clashing_rules_are_explained(app, client, make_organiser, make_dinner, make_guest, login):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 12)
    login(organiser)
    a, b, *_ = _guests(app, dinner_id)
    client.post(f"/dinners/{dinner_id}/rules", data={"kind": "apart", "guests": [a, b]})
    # Contradictory rules are refused when entered, in words.
    response = client.post(
        f"/dinners/{dinner_id}/rules", data={"kind": "together", "guests": [a, b]}
    )
    assert "cannot be kept both apart and together" in response.text
    # A clash that only the guests' answers create is explained when seating.
    client.post(
        f"/dinners/{dinner_id}/rules", data={"kind": "pin", "guests": [a], "table_number": "2"}
    )
    with app.app_context():
        for invitation in db.session.get(Dinner, dinner_id).accepted[6:]:
            invitation.status = RsvpStatus.DECLINED
        db.session.commit()
    response = client.post(f"/dinners/{dinner_id}/seat", follow_redirects=True)
    assert response.status_code == 200
    assert "No seating is possible" in response.text
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).seating_plan is None


def test_bad_rules_are_refused_with_a_message(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 8)
    login(organiser)
    a, b, c, *_ = _guests(app, dinner_id)
    cases = [
        ({"kind": "apart", "guests": [a, b, c]}, "takes exactly 2 guest(s)"),
        ({"kind": "together", "guests": [a]}, "needs at least 2 guest(s)"),
        ({"kind": "pin", "guests": [a]}, "Say which table"),
    ]
    for data, message in cases:
        response = client.post(f"/dinners/{dinner_id}/rules", data=data)
        assert response.status_code == 200 and message in response.text
    with app.app_context():
        assert db.session.scalar(db.select(db.func.count(SeatingRule.id))) == 0


def test_rules_can_be_removed_and_are_private(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 8)
    login(organiser)
    a, b, *_ = _guests(app, dinner_id)
    client.post(f"/dinners/{dinner_id}/rules", data={"kind": "apart", "guests": [a, b]})
    with app.app_context():
        rule_id = db.session.scalar(db.select(SeatingRule.id))
    client.post("/auth/logout")
    login(make_organiser())
    assert client.get(f"/dinners/{dinner_id}/rules").status_code == 404
    assert client.post(f"/dinners/{dinner_id}/rules/{rule_id}/delete").status_code == 404
    client.post("/auth/logout")
    login(organiser)
    client.post(f"/dinners/{dinner_id}/rules/{rule_id}/delete")
    with app.app_context():
        assert db.session.get(SeatingRule, rule_id) is None
