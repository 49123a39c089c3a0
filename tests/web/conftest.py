"""Fixtures of the web tests: a seated dinner for the seating-chart tests."""

import pytest

from tests.web.test_seating import _seed


@pytest.fixture
def chart(app, client, make_organiser, make_dinner, make_guest, login):
    """A dinner of 14 accepted guests, seated at two tables of 7 (bounds 6-10)."""
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 14)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat", data={"num_tables": 2})
    return dinner_id
