"""Findings 5 and 10: mail bodies (with working links) and guest data are not kept forever."""

import os
from datetime import timedelta
from pathlib import Path

from planner.extensions import db
from planner.lifecycle.retention import retention_ends, run_retention
from planner.lifecycle.scheduler import tick
from planner.mail.outbox import queue_email
from planner.mail.render import RenderedEmail
from planner.mail.sender import deliver_due
from planner.models import Dinner, Invitation, MailStatus, OutboxMessage, Profile
from planner.models._types import utcnow
from tests.helpers import settings


def _sent_message(app, when) -> int:
    with app.app_context():
        row = queue_email(
            key=f"kept:{when}",
            kind="invitation",
            to="ana@example.com",
            email=RenderedEmail("You're invited", "https://x/rsvp/secret", "<a>secret</a>"),
            due_at=when,
        )
        db.session.commit()
        deliver_due(settings(), when)
        return row.id


def test_sent_bodies_are_purged_after_the_retention_period_keeping_metadata(app, smtp):
    now = utcnow()
    old = _sent_message(app, now - timedelta(days=31))
    recent = _sent_message(app, now - timedelta(days=29))
    with app.app_context():
        tick(now, settings())
        purged, kept = db.session.get(OutboxMessage, old), db.session.get(OutboxMessage, recent)
        assert purged.text_body == "" and purged.html_body == "" and purged.body_purged_at
        assert purged.subject == "You're invited" and purged.status == MailStatus.SENT
        assert purged.sent_at is not None and purged.to_addr == "ana@example.com"
        assert "secret" in kept.text_body and kept.body_purged_at is None


def test_old_eml_files_are_pruned(app):
    directory = Path(app.config["MAIL_FILE_DIR"])
    directory.mkdir(parents=True, exist_ok=True)
    old, new = directory / "old.eml", directory / "new.eml"
    for path in (old, new):
        path.write_text("secret link")
    month_ago = (utcnow() - timedelta(days=31)).timestamp()
    os.utime(old, (month_ago, month_ago))
    with app.app_context():
        assert run_retention(utcnow(), settings()).files_removed == 1
    assert not old.exists() and new.exists()


def test_guest_data_is_anonymised_months_after_the_dinner_and_the_rsvp_page_says_when(
    app, client, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser())
    guest = make_guest(dinner_id, status="accepted", name="Ana Souza", company="Harbour Homes")
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        ends = retention_ends(dinner, settings().data_retention_months)
        shown = dinner.local(ends).strftime("%d %b %Y")
        assert timedelta(days=360) < ends - dinner.ends_at < timedelta(days=370)
    assert shown in client.get(f"/rsvp/{guest.token}").text
    with app.app_context():
        run_retention(ends - timedelta(days=1), settings())
        assert db.session.get(Invitation, guest.id).profile is not None
        run_retention(ends + timedelta(days=1), settings())
        invitation = db.session.get(Invitation, guest.id)
        assert invitation.profile is None and "Ana" not in invitation.name
        assert db.session.scalar(db.select(db.func.count(Profile.id))) == 0
        assert db.session.get(Dinner, dinner_id).data_anonymised_at is not None
