"""Scheduling rules that do not need SMTP: local mornings across DST, opt-out scope."""

from datetime import datetime, timedelta

from planner.extensions import db
from planner.lifecycle.compose import compose_rsvp_confirmation
from planner.lifecycle.drafts import queue_draft
from planner.lifecycle.kinds import Draft
from planner.lifecycle.preferences import unsubscribe
from planner.lifecycle.scheduler import schedule_dinner, timing
from planner.lifecycle.tokens import Links
from planner.mail.sender import deliver_due
from planner.models import Dinner, Invitation, MailStatus, OutboxMessage
from tests.helpers import base_url, settings


def test_mornings_are_local_even_across_a_clock_change(app, make_organiser, make_dinner):
    # London moves to BST on 2030-03-31: 09:00 local is 09:00 UTC the day before, 08:00 after.
    dinner_id = make_dinner(
        make_organiser(),
        starts_at_local=datetime(2030, 3, 30, 19, 0),
        rsvp_deadline_local=datetime(2030, 3, 25, 12, 0),
    )
    with app.app_context():
        when = timing(db.session.get(Dinner, dinner_id))
        assert when.day_note == datetime(2030, 3, 30, 9, 0)
        assert when.follow_up_1 == datetime(2030, 3, 31, 8, 0)
        assert when.follow_up_2 == datetime(2030, 4, 7, 8, 0)
        assert when.reminder == datetime(2030, 3, 23, 12, 0)


def test_nothing_after_the_dinner_is_queued_before_it_is_seated(
    app, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser())
    make_guest(dinner_id, status="accepted")
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        later = timing(dinner).outcome_check + timedelta(days=1)
        assert (
            schedule_dinner(dinner, later, settings()) == 0
        )  # the reminder and day note have passed too
        db.session.rollback()


def test_an_opt_out_stops_the_series_but_not_transactional_mail(
    app, smtp, make_organiser, make_dinner, make_guest
):
    guest = make_guest(make_dinner(make_organiser()), status="accepted")
    with app.app_context():
        person = db.session.get(Invitation, guest.id)
        unsubscribe(person, datetime(2030, 1, 1))
        # Queued after the opt-out (e.g. by a tick already running): the sender still skips it.
        draft = Draft("follow_up_2", "Later", {"unserved": ["x"]})
        queue_draft(person, draft, key="fu2", links=Links(person, base_url()))
        links = Links(person, base_url())
        queue_draft(person, compose_rsvp_confirmation(person, links), key="conf", links=links)
        db.session.commit()
        assert deliver_due(settings()) == 1
        statuses = {row.kind: row.status for row in db.session.scalars(db.select(OutboxMessage))}
    assert statuses == {"follow_up_2": MailStatus.CANCELLED, "rsvp_confirmation": MailStatus.SENT}
    (message,) = smtp.messages
    assert message["Subject"].startswith("You're coming") and "List-Unsubscribe" not in message
