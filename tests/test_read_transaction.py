"""Read-only pages end their transaction with COMMIT, or read outside one; nothing is written."""

from planner.extensions import db, end_read_transaction, read_without_transaction
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


def _autocommit() -> bool:
    """Tell whether the session's connection runs each statement on its own (the driver's say)."""
    driver = db.session.connection().connection.driver_connection
    if hasattr(driver, "autocommit"):  # psycopg
        return driver.autocommit
    return driver.isolation_level is None  # sqlite3


def test_a_read_outside_a_transaction_leaves_none_open(app, make_organiser, make_dinner):
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        read_without_transaction()
        assert db.session.get(Dinner, dinner_id).title == "Founders' Dinner"
        assert _autocommit()
    with app.app_context():  # the pooled connection is transactional again for the next page
        assert db.session.get(Dinner, dinner_id).title == "Founders' Dinner"
        assert not _autocommit()


def test_ending_a_read_keeps_what_was_loaded(app, make_organiser, make_dinner):
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        end_read_transaction()
        # Still loaded, so nothing is read again (a page may still be using it).
        assert "title" in dinner.__dict__ and dinner.title == "Founders' Dinner"
