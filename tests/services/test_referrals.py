from datetime import datetime, timedelta

from planner.extensions import db
from planner.models import Dinner, Seat, SeatedTable, SeatingPlan
from planner.services.referrals import referral_scores

REALTOR = {
    "industry": "residential_realtor",
    "asks": ["Mortgage brokers for first-time buyers"],
    "can_introduce": "Home buyers",
}
BROKER = {
    "industry": "mortgage_broker",
    "asks": ["Realtors who work with first-time buyers"],
    "can_introduce": "Lenders",
}


def _pair_score(app, dinner_id) -> float:
    with app.app_context():
        attendees = db.session.get(Dinner, dinner_id).accepted
        return float(referral_scores(attendees).scores[0, 1])


def _seed_pair(make_dinner, make_guest, organiser, realtor_extra=(), **dinner):
    dinner_id = make_dinner(organiser, **dinner)
    make_guest(
        dinner_id,
        "accepted",
        name="Ana Realtor",
        email="ana@example.com",
        **REALTOR,
        **dict(realtor_extra),
    )
    make_guest(dinner_id, "accepted", name="Ben Broker", email="ben@example.com", **BROKER)
    return dinner_id


def test_prefer_not_by_name_lowers_the_pair_score(app, make_organiser, make_dinner, make_guest):
    organiser = make_organiser()
    plain = _seed_pair(make_dinner, make_guest, organiser)
    averse = _seed_pair(
        make_dinner, make_guest, organiser, realtor_extra={"prefer_not": "  ben broker \n"}
    )
    assert _pair_score(app, averse) < _pair_score(app, plain)


def test_pairs_who_shared_a_table_at_an_earlier_dinner_are_down_weighted(
    app, make_organiser, make_dinner, make_guest
):
    organiser = make_organiser()
    soon = datetime.now() + timedelta(days=10)
    earlier = _seed_pair(
        make_dinner,
        make_guest,
        organiser,
        starts_at_local=soon,
        rsvp_deadline_local=soon - timedelta(days=1),
    )
    later = _seed_pair(
        make_dinner,
        make_guest,
        organiser,
        starts_at_local=soon + timedelta(days=30),
        rsvp_deadline_local=soon + timedelta(days=20),
    )
    stranger_pair = _seed_pair(
        make_dinner,
        make_guest,
        make_organiser(),
        starts_at_local=soon + timedelta(days=30),
        rsvp_deadline_local=soon + timedelta(days=20),
    )
    fresh = _pair_score(app, later)
    with app.app_context():
        dinner = db.session.get(Dinner, earlier)
        table = SeatedTable(number=1, score=0.0, reasons=[])
        table.seats = [Seat(invitation=inv) for inv in dinner.accepted]
        db.session.add(
            SeatingPlan(
                dinner=dinner, status="optimal", objective=0.0, solve_seconds=0.0, tables=[table]
            )
        )
        db.session.commit()
    assert _pair_score(app, later) < fresh
    assert _pair_score(app, stranger_pair) == fresh  # another organiser's history is not used
    assert _pair_score(app, earlier) == fresh  # only earlier dinners count


def test_organiser_weights_change_the_scores(
    app, client, make_organiser, make_dinner, make_guest, login
):
    organiser = make_organiser()
    dinner_id = _seed_pair(make_dinner, make_guest, organiser)
    before = _pair_score(app, dinner_id)
    login(organiser)
    page = client.get(f"/dinners/{dinner_id}/weights").text
    assert 'name="mutual_bonus"' in page
    form = {
        "ask_specialty": "1",
        "ask_introduce": "0.8",
        "mutual_bonus": "3",
        "sphere_partner": "0.3",
        "common_ground": "0.15",
        "competitor_penalty": "0.8",
        "prefer_not_penalty": "3",
        "met_before_factor": "0.5",
    }
    bad = client.post(f"/dinners/{dinner_id}/weights", data={**form, "mutual_bonus": "lots"})
    assert bad.status_code == 200 and 'value="lots"' in bad.text
    assert _pair_score(app, dinner_id) == before
    assert client.post(f"/dinners/{dinner_id}/weights", data=form).status_code == 302
    assert _pair_score(app, dinner_id) > before


def test_best_ask_is_the_askers_ask_the_helper_answers(
    app, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser())
    two_asks = {**REALTOR, "asks": ["A graphic designer for our new logo", *REALTOR["asks"]]}
    make_guest(dinner_id, "accepted", name="Ana Realtor", **two_asks)
    make_guest(dinner_id, "accepted", name="Ben Broker", **BROKER)
    with app.app_context():
        attendees = db.session.get(Dinner, dinner_id).accepted  # ordered by name: Ana, Ben
        matrix = referral_scores(attendees)
        assert matrix.best_ask(0, 1) == REALTOR["asks"][0]
        assert matrix.best_ask(1, 0) == BROKER["asks"][0]
