"""The waitlist on real invitations: a yes beyond capacity waits, freed seats are offered in
turn by mail, an offer runs out and passes on (from the scheduler's tick), seating ignores it."""

import threading
import time
from datetime import timedelta

import pytest
from sqlalchemy import select

from planner.extensions import db
from planner.lifecycle.guests import remove_invitation
from planner.lifecycle.rsvp import confirm_response, record_response
from planner.lifecycle.scheduler import tick, timing
from planner.lifecycle.waitlist import (
    OfferClosed,
    offer_free_seats,
    offer_open,
    position,
    seat_capacity,
    take_offered_seat,
)
from planner.models import (
    Dinner,
    Invitation,
    OutboxMessage,
    RsvpStatus,
    SeatedTable,
    SeatingPlan,
)
from planner.models._types import utcnow
from planner.services.waitlist_rules import LAST_OFFER_BEFORE_DINNER, OFFER_WINDOW
from tests.helpers import base_url, settings


@pytest.fixture
def full_dinner(app, make_organiser, make_dinner, make_guest):
    """A dinner with capacity 2, both seats taken, and two pending guests."""
    dinner_id = make_dinner(make_organiser())
    with app.app_context():
        db.session.get(Dinner, dinner_id).capacity = 2
        db.session.commit()
    seated = [make_guest(dinner_id, "accepted") for _ in range(2)]
    pending = [make_guest(dinner_id) for _ in range(2)]
    return dinner_id, seated, pending


def _answer(invitation_id: int, attending: bool, now=None) -> Invitation:
    now = now or utcnow()
    invitation = db.session.get(Invitation, invitation_id)
    record_response(invitation, attending, None, now)
    confirm_response(invitation, now, base_url())
    db.session.commit()
    return invitation


def _mail(kind: str, invitation_id: int) -> list[OutboxMessage]:
    return list(
        db.session.scalars(
            select(OutboxMessage).where(
                OutboxMessage.kind == kind, OutboxMessage.invitation_id == invitation_id
            )
        )
    )


def test_a_yes_beyond_capacity_waits_in_line_and_is_told_so(app, full_dinner):
    dinner_id, _, (first, second) = full_dinner
    with app.app_context():
        assert _answer(first.id, True).status == RsvpStatus.WAITLISTED
        assert _answer(second.id, True).status == RsvpStatus.WAITLISTED
        assert position(db.session.get(Invitation, second.id)) == 2
        assert len(db.session.get(Dinner, dinner_id).accepted) == 2
        (mail,) = _mail("waitlisted", second.id)
        assert "number 2 on the waitlist" in mail.text_body
        assert "first guest waiting is offered it by email" in mail.text_body
        assert not _mail("rsvp_confirmation", second.id)


def test_saving_the_profile_again_keeps_the_place_and_sends_nothing_new(app, full_dinner):
    _, _, (first, second) = full_dinner
    with app.app_context():
        _answer(first.id, True)
        _answer(second.id, True)
        _answer(first.id, True)
        assert position(db.session.get(Invitation, first.id)) == 1
        assert len(_mail("waitlisted", first.id)) == 1


def test_a_decline_offers_the_seat_to_the_first_in_line_only(app, full_dinner):
    _, (leaving, _), (first, second) = full_dinner
    with app.app_context():
        _answer(first.id, True)
        _answer(second.id, True)
        _answer(leaving.id, False)
        first_row = db.session.get(Invitation, first.id)
        assert offer_open(first_row, utcnow())
        assert not offer_open(db.session.get(Invitation, second.id), utcnow())
        (offer,) = _mail("waitlist_offer", first.id)
        assert "We hold the seat for you until" in offer.text_body
        assert "/rsvp/" in offer.text_body
        assert not _mail("waitlist_offer", second.id)
        # A yes from someone new cannot take the seat held for the first in line.
        assert position(db.session.get(Invitation, second.id)) == 1


def test_taking_the_offered_seat_confirms_it(app, full_dinner):
    dinner_id, (leaving, _), (first, _) = full_dinner
    with app.app_context():
        _answer(first.id, True)
        _answer(leaving.id, False)
        invitation = db.session.get(Invitation, first.id)
        take_offered_seat(invitation, utcnow())
        db.session.commit()
        assert invitation.status == RsvpStatus.ACCEPTED
        assert invitation.offered_until is None
        assert first.id in {i.id for i in db.session.get(Dinner, dinner_id).accepted}


def _let_the_first_offer_lapse(full_dinner):
    """Both pending guests wait, a seat frees up, and the first's offer runs out at a tick."""
    _, (leaving, _), (first, second) = full_dinner
    _answer(first.id, True)
    _answer(second.id, True)
    _answer(leaving.id, False)
    later = utcnow() + OFFER_WINDOW + timedelta(minutes=1)
    tick(later, settings())
    return later


def test_an_expired_offer_moves_on_at_the_tick(app, smtp, full_dinner):
    _, _, (first, second) = full_dinner
    with app.app_context():
        later = _let_the_first_offer_lapse(full_dinner)
        lapsed = db.session.get(Invitation, first.id)
        assert lapsed.offer_lapsed_at is not None and not offer_open(lapsed, later)
        with pytest.raises(OfferClosed):
            take_offered_seat(lapsed, later)
        assert offer_open(db.session.get(Invitation, second.id), later)
        assert len(_mail("waitlist_offer", second.id)) == 1


def test_a_tick_twice_makes_no_second_offer(app, smtp, full_dinner):
    _, (leaving, _), (first, _) = full_dinner
    with app.app_context():
        _answer(first.id, True)
        _answer(leaving.id, False)
        tick(utcnow() + timedelta(minutes=5), settings())
        tick(utcnow() + timedelta(minutes=6), settings())
        assert len(_mail("waitlist_offer", first.id)) == 1


def test_a_lapsed_guest_saying_yes_again_rejoins_at_the_end(app, smtp, full_dinner):
    _, _, (first, _) = full_dinner
    with app.app_context():
        later = _let_the_first_offer_lapse(full_dinner)
        again = _answer(first.id, True, now=later + timedelta(minutes=1))
        assert again.status == RsvpStatus.WAITLISTED and again.offer_lapsed_at is None
        assert position(again) == 1  # the second guest holds the offer; first is next in line


def test_a_waitlisted_guest_declining_leaves_the_line(app, full_dinner):
    _, _, (first, second) = full_dinner
    with app.app_context():
        _answer(first.id, True)
        _answer(second.id, True)
        gone = _answer(first.id, False)
        assert gone.status == RsvpStatus.DECLINED and gone.waitlisted_at is None
        assert position(db.session.get(Invitation, second.id)) == 1


def test_removing_a_guest_who_holds_an_offer_passes_the_seat_on(app, full_dinner):
    _, (leaving, _), (first, second) = full_dinner
    with app.app_context():
        _answer(first.id, True)
        _answer(second.id, True)
        _answer(leaving.id, False)
        offered = remove_invitation(db.session.get(Invitation, first.id), utcnow(), base_url())
        db.session.commit()
        assert [i.id for i in offered] == [second.id]
        assert len(_mail("waitlist_offer", second.id)) == 1


def test_raising_the_capacity_offers_the_new_seats(app, full_dinner):
    dinner_id, _, (first, second) = full_dinner
    with app.app_context():
        _answer(first.id, True)
        _answer(second.id, True)
        dinner = db.session.get(Dinner, dinner_id)
        dinner.capacity = 4
        offered = offer_free_seats(dinner, utcnow(), base_url())
        db.session.commit()
        assert {i.id for i in offered} == {first.id, second.id}


def test_without_a_capacity_every_yes_has_a_seat_until_tables_exist(
    app, make_organiser, make_dinner, make_guest
):
    dinner_id = make_dinner(make_organiser(), max_table_size=8)
    guests = [make_guest(dinner_id, "accepted") for _ in range(3)]
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        assert seat_capacity(dinner) is None
        assert len(dinner.accepted) == len(guests)


def test_with_courses_the_seats_are_the_first_courses_tables_not_every_courses(
    app, make_organiser, make_dinner
):
    dinner_id = make_dinner(make_organiser(), max_table_size=8)
    with app.app_context():
        plan = SeatingPlan(dinner_id=dinner_id, status="FEASIBLE", objective=0, solve_seconds=1)
        plan.courses = 3
        plan.tables = [
            SeatedTable(number=number, course=course, score=0)
            for course in (1, 2, 3)
            for number in (1, 2)
        ]
        db.session.add(plan)
        db.session.commit()
        # Guests change tables between courses; there are still two tables of eight.
        assert seat_capacity(db.session.get(Dinner, dinner_id)) == 16


def test_seating_uses_only_confirmed_guests(app, full_dinner, make_guest):
    from planner.services.seating_edits import seat_now

    dinner_id, _, (first, _) = full_dinner
    with app.app_context():
        dinner = db.session.get(Dinner, dinner_id)
        dinner.min_table_size = 2
        db.session.commit()
        _answer(first.id, True)
        plan = seat_now(db.session.get(Dinner, dinner_id), 1.0)
        assert plan is not None
        seated = {seat.invitation.id for t in plan.tables for seat in t.seats}
        assert first.id not in seated and len(seated) == 2


def test_two_yeses_for_the_last_seat_at_once_seat_one_and_wait_one(app, full_dinner):
    dinner_id, _, (first, second) = full_dinner
    with app.app_context():
        db.session.get(Dinner, dinner_id).capacity = 3  # one free seat
        db.session.commit()
    first_decided = threading.Event()

    def answer_yes(invitation_id: int, wait: threading.Event | None) -> None:
        with app.app_context():
            invitation = db.session.get(Invitation, invitation_id)
            if wait is not None:
                wait.wait(timeout=10)
            record_response(invitation, True, None, utcnow())
            if wait is None:
                first_decided.set()
                time.sleep(0.5)  # the other answer arrives before this one is committed
            db.session.commit()

    threads = [
        threading.Thread(target=answer_yes, args=(first.id, None)),
        threading.Thread(target=answer_yes, args=(second.id, first_decided)),
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    with app.app_context():
        statuses = [db.session.get(Invitation, g.id).status for g in (first, second)]
        assert statuses == [RsvpStatus.ACCEPTED, RsvpStatus.WAITLISTED]


def test_whoever_is_still_waiting_when_offers_end_is_told_no_seat_came_free(app, smtp, full_dinner):
    dinner_id, seated, (first, second) = full_dinner
    with app.app_context():
        _answer(first.id, True)  # waits in line
        _answer(second.id, False)  # declined: not waiting
        dinner = db.session.get(Dinner, dinner_id)
        closes = timing(dinner).waitlist_closed
        assert closes <= dinner.starts_at - LAST_OFFER_BEFORE_DINNER
        tick(closes - timedelta(minutes=1), settings())
        assert _mail("waitlist_closed", first.id) == []  # offers may still come
        tick(closes, settings())
        tick(closes + timedelta(minutes=5), settings())  # cron twice: once only
        assert len(_mail("waitlist_closed", first.id)) == 1
        for guest in (second, *seated):
            assert _mail("waitlist_closed", guest.id) == []
    subject = "No seat came free: Founders' Dinner"
    (mail,) = [m for m in smtp.to(first.email) if m["Subject"] == subject]
    assert "no seat came free" in mail.get_body(("plain",)).get_content()
