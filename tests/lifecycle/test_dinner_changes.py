"""The dinner lifecycle services, without the web: held, edit, cancel, delete and notes."""

from datetime import timedelta

import pytest

from planner.extensions import db
from planner.lifecycle.dinner_changes import (
    ActionRefused,
    cancel_dinner,
    delete_dinner,
    edit_dinner,
    hold_dinner,
    message_guests,
    note_recipients,
    state_of,
)
from planner.lifecycle.scheduler import timing
from planner.models import Dinner, MailStatus, OutboxMessage, RsvpStatus
from planner.models._types import utcnow
from planner.services.dinner_states import DinnerState
from planner.services.dinners import DinnerInvalid, details_of
from tests.helpers import base_url, settings


def test_marking_held_does_not_close_an_rsvp_whose_deadline_is_ahead(
    app, make_organiser, make_dinner
):
    # The bug: held on 26 Nov for a 10 Dec dinner closed the RSVP ("closed on Sun 06 Dec").
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        dinner.held_at = utcnow()
        assert dinner.rsvp_open(utcnow())


def test_follow_ups_never_fall_before_the_dinner_even_if_held_was_set_early(
    app, make_organiser, make_dinner
):
    # The bug: pressed two weeks early, "who you met" mail was due the next morning.
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        dinner.held_at = utcnow()
        assert timing(dinner).follow_up_1 > dinner.ends_at


def test_hold_dinner_refuses_before_the_start_with_the_local_start_time(
    app, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser(), timezone="Europe/Berlin")
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        with pytest.raises(ActionRefused, match=r"\(Berlin\); mark it held after"):
            hold_dinner(dinner, utcnow(), settings())
        assert dinner.held_at is None


def test_edit_refuses_a_capacity_below_those_already_coming(
    app, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser(), min_table_size=2)
    for _ in range(3):
        make_guest(dinner_id, status="accepted")
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        fewer = details_of(dinner).__class__(**vars(details_of(dinner)) | {"capacity": 2})
        with pytest.raises(DinnerInvalid) as refused:
            edit_dinner(dinner, fewer, utcnow(), base_url())
        assert "3 guests have already accepted" in refused.value.errors["capacity"]


def test_an_edit_after_the_start_is_refused(app, make_organiser, make_dinner):
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        with pytest.raises(ActionRefused, match="already started"):
            edit_dinner(dinner, details_of(dinner), dinner.starts_at + timedelta(hours=1), "")


def test_cancel_twice_is_refused_and_sends_nothing_more(
    app, smtp, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser())
    make_guest(dinner_id)
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert cancel_dinner(dinner, utcnow(), base_url()) == 1
        db.session.commit()
        assert state_of(dinner) == DinnerState.CANCELLED
        with pytest.raises(ActionRefused, match="was cancelled"):
            cancel_dinner(dinner, utcnow(), base_url())
        assert db.session.scalar(db.select(db.func.count(OutboxMessage.id))) == 1


def test_notes_go_to_the_chosen_group_only_and_not_after_closing(
    app, smtp, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser())
    make_guest(dinner_id, status="accepted")
    make_guest(dinner_id)
    make_guest(dinner_id, status="declined")
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        statuses = {
            key: [i.status for i in note_recipients(dinner, key)] for key in ("all", "pending")
        }
        assert statuses == {
            "all": [RsvpStatus.ACCEPTED, RsvpStatus.PENDING],
            "pending": [RsvpStatus.PENDING],
        }
        assert (
            message_guests(dinner, "pending", "Hello", "Please answer.", utcnow(), base_url()) == 1
        )
        dinner.closed_at = utcnow()
        with pytest.raises(ActionRefused, match="closed"):
            message_guests(dinner, "all", "Hello", "Again", utcnow(), base_url())
        db.session.commit()
        (row,) = db.session.scalars(db.select(OutboxMessage))
        assert row.kind == "organiser_note" and row.status == MailStatus.QUEUED


def test_delete_refuses_an_inviting_dinner(app, make_organiser, make_dinner, make_guest):
    dinner_id = make_dinner(make_organiser())
    make_guest(dinner_id)
    with app.app_context(), pytest.raises(ActionRefused, match="cancel the dinner first"):
        delete_dinner(db.session.get(Dinner, dinner_id), utcnow())
