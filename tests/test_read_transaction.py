"""Read-only pages end their transaction with COMMIT; changed objects are never committed by it."""

from planner.extensions import db, end_read_transaction
from planner.models import Dinner


def test_a_clean_session_ends_its_transaction(app, make_organiser, make_dinner):
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).title == "Founders' Dinner"
        assert db.session().in_transaction()
        end_read_transaction()
        assert not db.session().in_transaction()


def test_changed_objects_are_rolled_back_not_committed(app, make_organiser, make_dinner):
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        db.session.get(Dinner, dinner_id).title = "Changed by a page that should only read"
        end_read_transaction()
        assert not db.session().in_transaction()
    with app.app_context():
        assert db.session.get(Dinner, dinner_id).title == "Founders' Dinner"
