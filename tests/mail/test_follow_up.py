from planner.extensions import db
from planner.lifecycle.scheduler import tick, timing
from planner.models import Dinner
from tests.helpers import settings
from tests.web.test_dinner_lifecycle import _started
from tests.web.test_seating import _seed


def test_holding_the_dinner_sends_each_attendee_one_structured_follow_up(
    app, client, smtp, make_organiser, make_dinner, make_guest, login
):
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 12)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat")
    _started(app, dinner_id)  # "held" only once the dinner has begun
    client.post(f"/dinners/{dinner_id}/held")
    client.post(f"/dinners/{dinner_id}/held")  # pressing twice sends nothing twice
    assert smtp.messages == []  # follow-up 1 waits for the next morning
    with app.app_context():
        morning = timing(db.session.get(Dinner, dinner_id)).follow_up_1
        tick(morning, settings())
        tick(morning, settings())
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert dinner.held_at is not None
        tables = {
            seat.invitation.email: [s.invitation for s in table.seats]
            for table in dinner.seating_plan.tables
            for seat in table.seats
        }
        assert sorted(m["To"].addresses[0].addr_spec for m in smtp.messages) == sorted(tables)
        for email, mates in tables.items():
            (message,) = smtp.to(email)
            text = message.get_body(("plain",)).get_content()
            html = message.get_body(("html",)).get_content()
            for mate in mates:
                if mate.email != email:
                    assert mate.name in text and mate.name in html
                    assert mate.profile.asks[0] in text
            assert "Your next steps:" in text
            steps = text.split("Your next steps:")[1].split("Pick a day")[0]
            assert steps.count("\n- ") >= 1
            assert ("Book a" in steps) or ("could you introduce" in steps)
