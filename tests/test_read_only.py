"""Views marked @reads_only run their GET outside a transaction; their POST keeps one."""

import pytest
from sqlalchemy import event

from planner.extensions import db
from tests.web.test_rsvp import _answer, _first_industry


@pytest.fixture
def statement_modes(app):
    """Record, per SQL statement, whether the driver ran it on its own (autocommit)."""
    modes: list[bool] = []

    def record(connection, *_):
        driver = connection.connection.driver_connection
        modes.append(
            driver.autocommit if hasattr(driver, "autocommit") else driver.isolation_level is None
        )

    with app.app_context():
        engine = db.engine
    event.listen(engine, "before_cursor_execute", record)
    yield modes
    event.remove(engine, "before_cursor_execute", record)


def test_the_dinner_page_reads_without_a_transaction_even_to_log_in(
    client, login, make_organiser, make_dinner, make_guest, statement_modes
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    make_guest(dinner_id, status="accepted")
    login(organiser)
    statement_modes.clear()
    assert client.get(f"/dinners/{dinner_id}").status_code == 200
    assert len(statement_modes) >= 3 and all(statement_modes)  # organiser, dinner, guests…


def test_the_rsvp_page_reads_without_a_transaction_and_saves_in_one(
    client, smtp, make_organiser, make_dinner, make_guest, statement_modes
):
    guest = make_guest(make_dinner(make_organiser()))
    statement_modes.clear()
    assert client.get(f"/rsvp/{guest.token}").status_code == 200
    assert statement_modes and all(statement_modes)
    statement_modes.clear()
    answer = _answer(industry=_first_industry(client, guest.token))
    statement_modes.clear()
    assert client.post(f"/rsvp/{guest.token}", data=answer).status_code == 302
    assert statement_modes and not any(statement_modes)


def test_an_unmarked_page_keeps_its_transaction(
    client, login, make_organiser, make_dinner, statement_modes
):
    organiser = make_organiser()
    dinner_id = make_dinner(organiser)
    login(organiser)
    statement_modes.clear()
    assert client.get(f"/dinners/{dinner_id}/guests").status_code == 200
    assert statement_modes and not any(statement_modes)
