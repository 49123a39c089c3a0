"""Fixtures of the web tests: a seated dinner for the seating-chart tests, a dinner ready for
imports of hundreds, a fresh RQ queue on the local Redis."""

import uuid

import pytest
import redis

from tests.helpers import REDIS_URL
from tests.web.test_seating import _seed


@pytest.fixture
def chart(app, client, make_organiser, make_dinner, make_guest, login):
    """A dinner of 14 accepted guests, seated at two tables of 7 (bounds 6-10)."""
    organiser, dinner_id = _seed(make_organiser, make_dinner, make_guest, 14)
    login(organiser)
    client.post(f"/dinners/{dinner_id}/seat", data={"num_tables": 2})
    return dinner_id


@pytest.fixture
def large_imports(app_config):
    """Room for imports of hundreds (use before `app`): a quota above them, mail left queued."""
    app_config.update(RATELIMIT_INVITATIONS="5000/day", MAIL_DELIVERY="worker")


@pytest.fixture
def big_import(large_imports, make_organiser, make_dinner, login):
    """An organiser and their dinner, ready for an import of hundreds (list it before `app`)."""
    organiser = make_organiser()
    return organiser, make_dinner(organiser)


@pytest.fixture
def redis_queue():
    """A fresh RQ queue name on the local Redis; skipped if Redis is not running."""
    connection = redis.Redis.from_url(REDIS_URL)
    try:
        connection.ping()
    except redis.ConnectionError:
        pytest.skip("Redis is not running on 127.0.0.1:6379")
    name = f"tablewise-test-{uuid.uuid4().hex[:8]}"
    yield name
    for key in connection.scan_iter(f"rq:*{name}*"):
        connection.delete(key)
