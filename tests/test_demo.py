from planner.demo import load_demo
from planner.extensions import db
from planner.models import Dinner
from tests.helpers import settings


def test_demo_dinner_loads_once_and_its_login_works(app, client, smtp):
    with app.app_context():
        login = load_demo(settings())
        assert load_demo(settings()) == login  # a second run changes nothing
        (dinner,) = db.session.scalars(db.select(Dinner)).all()
        assert len(dinner.invitations) == 48
        assert len(dinner.accepted) == 40
        assert all(len(inv.profile.asks) >= 1 for inv in dinner.accepted)
    assert len(smtp.messages) == 48
    response = client.post("/auth/login", data={"email": login.email, "password": login.password})
    assert response.status_code == 302
    seat = client.post(f"/dinners/{dinner.id}/seat", follow_redirects=True)
    assert "Seated 40 guests" in seat.text
