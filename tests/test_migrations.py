"""Data migrations on a database that held rows before them (its own database, not the
suite's): tokens minted before expiry existed get one, and every link now expires; the guest
import jobs' table goes down and up again and keeps one running import per dinner."""

import os
import uuid
from datetime import datetime, timedelta

import psycopg
import pytest
import sqlalchemy as sa
from flask_migrate import downgrade, upgrade

from planner import create_app
from planner.extensions import db
from planner.lifecycle.tokens import TokenLifetimes
from planner.models import (
    AccessToken,
    Dinner,
    GuestImportJob,
    Invitation,
    Organiser,
    TokenPurpose,
)
from tests.conftest import _test_config

BEFORE_EXPIRY_BACKFILL = "e4b9d2a7c615"
STARTS = datetime(2030, 3, 14, 19, 0)


@pytest.fixture
def own_database_url(tmp_path):
    """A fresh, empty database of the kind the suite runs on."""
    url = os.environ.get("DATABASE_URL")
    if not url:
        yield f"sqlite:///{tmp_path / 'migrations.sqlite'}"
        return
    name = f"tablewise_migrations_{uuid.uuid4().hex[:8]}"
    server = url.rsplit("/", 1)[0]
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'CREATE DATABASE "{name}"')
    yield f"{server}/{name}"
    with psycopg.connect(url, autocommit=True) as connection:
        connection.execute(f'DROP DATABASE "{name}" WITH (FORCE)')


def _old_tokens(app) -> dict[str, int]:
    """Write a dinner with one token per purpose, none with an expiry (the old state)."""
    with app.app_context():
        organiser = Organiser(name="Olive", email="olive@example.com", password_hash="x")
        dinner = Dinner(
            organiser=organiser,
            title="Old Dinner",
            starts_at=STARTS,
            timezone="Europe/London",
            venue="The Old Mill",
            rsvp_deadline=STARTS - timedelta(days=4),
        )
        invitation = Invitation(dinner=dinner, name="Ana", email="ana@example.com")
        db.session.add(invitation)
        db.session.flush()
        ids = {}
        for purpose in TokenPurpose:
            minted = STARTS + timedelta(days=400) if purpose == TokenPurpose.ACTIONS else STARTS
            db.session.execute(
                sa.insert(AccessToken).values(
                    token_hash=purpose.value.ljust(64, "0"),
                    invitation_id=invitation.id,
                    purpose=purpose,
                    created_at=minted,
                    expires_at=None,
                )
            )
            ids[purpose.value] = db.session.scalar(
                sa.select(AccessToken.id).where(AccessToken.purpose == purpose)
            )
        db.session.commit()
        return ids


def test_tokens_minted_before_expiry_existed_expire_like_new_ones(own_database_url, tmp_path):
    app = create_app(_test_config(own_database_url, _NoSmtp(), tmp_path))
    with app.app_context():
        upgrade(revision=BEFORE_EXPIRY_BACKFILL)
    ids = _old_tokens(app)
    with app.app_context():
        upgrade()
        expiry = dict(db.session.execute(sa.select(AccessToken.id, AccessToken.expires_at)).all())
        lifetimes, end = TokenLifetimes(), STARTS + timedelta(hours=3)
        assert expiry[ids["rsvp"]] == end + timedelta(days=lifetimes.rsvp_days)
        # An action link minted long after the dinner counts from when it was minted.
        minted = STARTS + timedelta(days=400)
        assert expiry[ids["actions"]] == minted + timedelta(days=lifetimes.action_days)
        assert expiry[ids["unsubscribe"]] == end + timedelta(days=lifetimes.unsubscribe_days)
        with pytest.raises(sa.exc.IntegrityError):  # from now on every link has an expiry
            db.session.execute(
                sa.insert(AccessToken).values(
                    token_hash="n" * 64, invitation_id=1, purpose="rsvp", expires_at=None
                )
            )
        db.session.rollback()
        downgrade(revision=BEFORE_EXPIRY_BACKFILL)
        db.engine.dispose()


class _NoSmtp:
    """The config wants an SMTP server; nothing here sends mail."""

    hostname, port = "127.0.0.1", 1


BEFORE_IMPORT_JOBS = "b7d1e3f5a902"


def test_guest_import_jobs_table_allows_one_running_import_per_dinner(own_database_url, tmp_path):
    app = create_app(_test_config(own_database_url, _NoSmtp(), tmp_path))
    with app.app_context():
        upgrade()
        organiser = Organiser(name="Olive", email="olive@example.com", password_hash="x")
        dinner = Dinner(
            organiser=organiser, title="Big Dinner", starts_at=STARTS, timezone="Europe/London",
            venue="The Old Mill", rsvp_deadline=STARTS - timedelta(days=4),
        )  # fmt: skip
        db.session.add(dinner)
        db.session.commit()
        running = {"dinner_id": dinner.id, "running_dinner_id": dinner.id, "total": 2}
        db.session.add(GuestImportJob(**running, guests=[{"name": "Ana", "email": "a@x.org"}]))
        db.session.commit()
        db.session.add(GuestImportJob(**running))
        with pytest.raises(sa.exc.IntegrityError):
            db.session.commit()
        db.session.rollback()
        downgrade(revision=BEFORE_IMPORT_JOBS)
        assert "guest_import_job" not in sa.inspect(db.engine).get_table_names()
        upgrade()
        assert "guest_import_job" in sa.inspect(db.engine).get_table_names()
        db.engine.dispose()
