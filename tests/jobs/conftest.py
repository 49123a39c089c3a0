"""Fixtures for the background jobs' own tests."""

import pytest

from planner.extensions import db
from planner.models import GuestImportJob


@pytest.fixture
def mail_left_queued(app_config):
    """No delivery thread (use before `app`): the tests read the outbox."""
    app_config["MAIL_DELIVERY"] = "worker"


@pytest.fixture
def queued_import(mail_left_queued, make_organiser, make_dinner):
    """Make an import job of `count` guests, queued for a new dinner, with nothing run yet."""

    def make(app, count: int) -> int:
        dinner_id = make_dinner(make_organiser())
        guests = [{"name": f"Guest {n}", "email": f"guest{n}@example.com"} for n in range(count)]
        with app.app_context():
            job = GuestImportJob(
                dinner_id=dinner_id, running_dinner_id=dinner_id, guests=guests, total=count
            )
            db.session.add(job)
            db.session.commit()
            return job.id

    return make
