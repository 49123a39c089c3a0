from datetime import datetime, timedelta

from hypothesis import given
from hypothesis import strategies as st

from planner.services.waitlist_rules import (
    LAST_OFFER_BEFORE_DINNER,
    OFFER_WINDOW,
    RULE,
    Decision,
    Offer,
    Seats,
    Waiting,
    answer_yes,
    default_capacity,
    offer_deadline,
    offer_still_open,
    plan_waitlist,
    waitlist_position,
)

NOW = datetime(2026, 11, 26, 9, 0)
DEADLINE = datetime(2026, 12, 6, 17, 0)
STARTS = datetime(2026, 12, 10, 18, 0)


def waiting(invitation_id, minutes, **kwargs):
    return Waiting(invitation_id, NOW - timedelta(minutes=minutes), **kwargs)


def test_default_capacity_fills_every_table():
    assert default_capacity(table_count=4, max_table_size=10) == 40


def test_a_yes_takes_a_free_seat_then_joins_the_waitlist():
    assert answer_yes(Seats(capacity=40, accepted=39), waiting=0).decision == Decision.ACCEPT
    full = answer_yes(Seats(capacity=40, accepted=40), waiting=2)
    assert (full.decision, full.position) == (Decision.WAITLIST, 3)
    assert "number 3 on the waitlist" in full.message


def test_seats_on_offer_are_not_taken_by_a_later_yes():
    outcome = answer_yes(Seats(capacity=40, accepted=39, on_offer=1), waiting=1)
    assert outcome.decision == Decision.WAITLIST


def test_a_lowered_capacity_never_gives_negative_free_seats():
    assert Seats(capacity=30, accepted=32).free == 0


def test_a_freed_seat_goes_to_the_first_in_line_for_the_offer_window():
    queue = [waiting(3, 10), waiting(1, 30), waiting(2, 20)]
    plan = plan_waitlist(40, 39, queue, NOW, DEADLINE, STARTS)
    assert plan.offers == [Offer(1, NOW + OFFER_WINDOW)]
    assert plan.expired == []


def test_two_freed_seats_go_to_the_first_two():
    queue = [waiting(3, 10), waiting(1, 30), waiting(2, 20)]
    assert [
        o.invitation_id for o in plan_waitlist(40, 38, queue, NOW, DEADLINE, STARTS).offers
    ] == [
        1,
        2,
    ]


def test_an_open_offer_holds_its_seat():
    queue = [waiting(1, 30, offered_until=NOW + timedelta(hours=5)), waiting(2, 20)]
    assert plan_waitlist(40, 39, queue, NOW, DEADLINE, STARTS).offers == []
    assert offer_still_open(queue[0], NOW)


def test_an_expired_offer_passes_to_the_next_in_line():
    queue = [waiting(1, 30, offered_until=NOW - timedelta(minutes=1)), waiting(2, 20)]
    plan = plan_waitlist(40, 39, queue, NOW, DEADLINE, STARTS)
    assert plan.expired == [1]
    assert plan.offers == [Offer(2, NOW + OFFER_WINDOW)]
    assert not offer_still_open(queue[0], NOW)


def test_guests_passed_over_are_not_offered_again():
    queue = [waiting(1, 30, offered_until=NOW, passed_over=True), waiting(2, 20)]
    assert plan_waitlist(40, 39, queue, NOW, DEADLINE, STARTS).offers == [
        Offer(2, NOW + OFFER_WINDOW)
    ]
    assert waitlist_position(queue, 2) == 1 and waitlist_position(queue, 1) is None


def test_an_offer_ends_by_the_rsvp_deadline():
    now = DEADLINE - timedelta(hours=10)
    assert offer_deadline(now, DEADLINE, STARTS) == DEADLINE


def test_near_or_after_the_deadline_an_offer_ends_before_the_dinner():
    now = STARTS - timedelta(hours=20)
    assert offer_deadline(now, DEADLINE, STARTS) == STARTS - LAST_OFFER_BEFORE_DINNER


def test_too_close_to_the_dinner_nothing_is_offered_and_the_plan_says_why():
    now = STARTS - LAST_OFFER_BEFORE_DINNER - timedelta(minutes=30)
    assert offer_deadline(now, DEADLINE, STARTS) is None
    plan = plan_waitlist(40, 39, [waiting(1, 30)], now, DEADLINE, STARTS)
    assert plan.offers == [] and "too close" in plan.reason


def test_the_rule_states_the_window():
    assert "48 hours to confirm" in RULE


@given(
    capacity=st.integers(0, 60),
    accepted=st.integers(0, 60),
    offsets=st.lists(st.one_of(st.none(), st.integers(-100, 100)), max_size=30),
    hours_ahead=st.integers(0, 400),
)
def test_offers_never_overbook_and_always_end_in_time(capacity, accepted, offsets, hours_ahead):
    now = STARTS - timedelta(hours=hours_ahead)
    queue = [
        Waiting(i, NOW + timedelta(minutes=i), None if o is None else now + timedelta(hours=o))
        for i, o in enumerate(offsets)
    ]
    plan = plan_waitlist(capacity, accepted, queue, now, DEADLINE, STARTS)
    still_open = [w for w in queue if offer_still_open(w, now)]
    assert accepted + len(still_open) + len(plan.offers) <= max(
        capacity, accepted + len(still_open)
    )
    assert len({o.invitation_id for o in plan.offers}) == len(plan.offers)
    for offer in plan.offers:
        assert now < offer.until <= now + OFFER_WINDOW
        assert offer.until <= DEADLINE or offer.until <= STARTS - LAST_OFFER_BEFORE_DINNER
    offered = {o.invitation_id for o in plan.offers}
    skipped = [w for w in queue if w.offered_until is None and w.invitation_id not in offered]
    assert all(o < s.invitation_id for o in offered for s in skipped)  # first come first served
