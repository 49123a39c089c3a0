from dataclasses import replace
from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from planner.services.dinner_states import (
    Action,
    Change,
    DinnerEdit,
    DinnerFacts,
    DinnerState,
    allowed_actions,
    changes_to_mail,
    dinner_state,
    rsvp_open,
    validate_dinner_edit,
)

# 19:00 in Berlin on 10 Dec 2026 is 18:00 UTC; the deadline is 6 Dec, 18:00 Berlin.
STARTS = datetime(2026, 12, 10, 18, 0)
DEADLINE = datetime(2026, 12, 6, 17, 0)
BEFORE = datetime(2026, 11, 26, 9, 0)
AFTER = STARTS + timedelta(hours=4)

DRAFT = DinnerFacts(STARTS, "Europe/Berlin", DEADLINE, min_table_size=6)
INVITING = replace(DRAFT, invited=40, accepted=32)
SEATED = replace(INVITING, seated=True)
HELD = replace(SEATED, held_at=AFTER)


def ok(facts, now) -> set[Action]:
    return {action for action, allowed in allowed_actions(facts, now).items() if allowed.ok}


@pytest.mark.parametrize(
    ("facts", "state"),
    [
        (DRAFT, DinnerState.DRAFT),
        (INVITING, DinnerState.INVITING),
        (SEATED, DinnerState.SEATED),
        (HELD, DinnerState.HELD),
        (replace(HELD, closed_at=AFTER), DinnerState.CLOSED),
        (replace(SEATED, cancelled_at=BEFORE), DinnerState.CANCELLED),
        (replace(DRAFT, cancelled_at=BEFORE), DinnerState.CANCELLED),
    ],
)
def test_state_follows_the_facts(facts, state):
    assert dinner_state(facts) == state


def test_what_each_state_allows():
    assert ok(DRAFT, BEFORE) == {Action.EDIT, Action.INVITE, Action.CANCEL, Action.DELETE}
    assert ok(INVITING, BEFORE) == {
        Action.EDIT,
        Action.INVITE,
        Action.SEAT,
        Action.CANCEL,
        Action.MESSAGE_GUESTS,
    }
    assert ok(SEATED, BEFORE) == {
        Action.EDIT,
        Action.INVITE,
        Action.RESEAT,
        Action.CANCEL,
        Action.MESSAGE_GUESTS,
    }
    assert ok(SEATED, AFTER) == {Action.MARK_HELD, Action.MESSAGE_GUESTS}
    assert ok(HELD, AFTER) == {Action.UNDO_HELD, Action.CLOSE, Action.MESSAGE_GUESTS}
    assert ok(replace(HELD, closed_at=AFTER), AFTER) == {Action.DELETE}
    assert ok(replace(SEATED, cancelled_at=BEFORE), BEFORE) == {
        Action.DELETE,
        Action.MESSAGE_GUESTS,
    }


def test_held_is_refused_before_the_start_in_the_dinners_time_zone():
    # The reported bug: pressed on 26 Nov for a dinner on 10 Dec, it scheduled follow-ups.
    refused = allowed_actions(SEATED, BEFORE)[Action.MARK_HELD]
    assert not refused.ok
    assert refused.reason == (
        "The dinner starts Thu 10 Dec 2026, 19:00 (Berlin); mark it held after it has taken place."
    )
    assert not allowed_actions(SEATED, STARTS - timedelta(minutes=1))[Action.MARK_HELD].ok
    at_start = allowed_actions(SEATED, STARTS.replace(tzinfo=UTC))[Action.MARK_HELD]
    assert at_start.ok and "undo" in at_start.confirm


def test_held_needs_a_seating_plan():
    assert "Seat the guests first" in allowed_actions(INVITING, AFTER)[Action.MARK_HELD].reason


def test_undo_held_only_until_the_first_follow_up_went_out():
    assert allowed_actions(HELD, AFTER)[Action.UNDO_HELD].ok
    sent = replace(HELD, first_follow_up_sent_at=datetime(2026, 12, 11, 8, 0))
    refused = allowed_actions(sent, AFTER)[Action.UNDO_HELD]
    assert refused.reason == (
        "The first follow-up went out Fri 11 Dec 2026, 09:00 (Berlin); it cannot be undone."
    )


def test_marking_held_never_closes_the_rsvp():
    early = replace(HELD, rsvp_deadline=AFTER + timedelta(days=1))
    assert rsvp_open(early, AFTER)
    assert not rsvp_open(HELD, DEADLINE + timedelta(seconds=1))
    assert not rsvp_open(replace(INVITING, cancelled_at=BEFORE), BEFORE)


def test_seating_needs_the_smallest_table_of_accepted_guests():
    refused = allowed_actions(replace(INVITING, accepted=5), BEFORE)[Action.SEAT]
    assert refused.reason == (
        "Seating needs at least 6 accepted guests (the smallest table); 5 so far."
    )


def test_an_invited_dinner_must_be_cancelled_before_it_is_deleted():
    refused = allowed_actions(INVITING, BEFORE)[Action.DELETE]
    assert "cancel the dinner first" in refused.reason
    assert "cannot be undone" in allowed_actions(DRAFT, BEFORE)[Action.DELETE].confirm


def test_cancel_says_who_will_be_told():
    assert "All 40 invited guests get a cancellation" in (
        allowed_actions(INVITING, BEFORE)[Action.CANCEL].confirm
    )


def test_no_invitations_after_the_rsvp_deadline():
    refused = allowed_actions(INVITING, DEADLINE + timedelta(hours=1))[Action.INVITE]
    assert "deadline has passed" in refused.reason


def test_every_refusal_gives_a_reason():
    for facts in (DRAFT, INVITING, SEATED, HELD, replace(SEATED, cancelled_at=BEFORE)):
        for now in (BEFORE, AFTER):
            for action, allowed in allowed_actions(facts, now).items():
                assert allowed.ok or allowed.reason, (facts, now, action)


moments = st.datetimes(datetime(2026, 11, 1), datetime(2027, 1, 31))
facts = st.builds(
    DinnerFacts,
    starts_at=st.just(STARTS),
    timezone=st.sampled_from(["Europe/Berlin", "America/Los_Angeles", "Asia/Kolkata"]),
    rsvp_deadline=st.just(DEADLINE),
    min_table_size=st.integers(2, 20),
    invited=st.integers(0, 60),
    accepted=st.integers(0, 60),
    seated=st.booleans(),
    held_at=st.none() | st.just(AFTER),
    first_follow_up_sent_at=st.none() | moments,
    closed_at=st.none() | moments,
    cancelled_at=st.none() | moments,
)


@given(facts=facts, now=moments)
def test_the_rules_hold_for_any_dinner(facts, now):
    allowed = allowed_actions(facts, now)
    assert all(a.ok or a.reason for a in allowed.values())
    state = dinner_state(facts)
    if allowed[Action.MARK_HELD].ok:
        assert now >= facts.starts_at and state in (DinnerState.INVITING, DinnerState.SEATED)
    if allowed[Action.UNDO_HELD].ok:
        assert state == DinnerState.HELD and facts.first_follow_up_sent_at is None
    if allowed[Action.DELETE].ok:
        assert state in (DinnerState.DRAFT, DinnerState.CANCELLED, DinnerState.CLOSED)
    if state == DinnerState.CANCELLED:
        assert not any(allowed[a].ok for a in (Action.EDIT, Action.INVITE, Action.SEAT))


# --- Editing ------------------------------------------------------------------------------------

EDIT = DinnerEdit(
    title="Founders' dinner",
    starts_at_local=datetime(2026, 12, 10, 19, 0),
    timezone="Europe/Berlin",
    venue="Café Rot, Torstraße 99",
    min_table_size=6,
    max_table_size=10,
    rsvp_deadline_local=datetime(2026, 12, 6, 18, 0),
)


def test_a_good_dinner_has_no_errors():
    assert validate_dinner_edit(EDIT, BEFORE) == {}


def test_a_dinner_in_the_past_is_refused():
    past = replace(
        EDIT,
        starts_at_local=datetime(2020, 1, 10, 19),
        rsvp_deadline_local=datetime(2020, 1, 5, 12),
    )
    assert validate_dinner_edit(past, BEFORE) == {
        "date": "The dinner must start in the future.",
        "rsvp_deadline_date": "The RSVP deadline is in the past.",
    }


def test_the_deadline_must_be_before_the_start_in_the_same_zone():
    late = replace(EDIT, rsvp_deadline_local=datetime(2026, 12, 10, 19, 0))
    assert validate_dinner_edit(late, BEFORE) == {
        "rsvp_deadline_date": "The RSVP deadline must be before the dinner starts."
    }


def test_an_unchanged_past_deadline_may_stay_when_editing_but_not_move_into_the_past():
    now = datetime(2026, 12, 8, 9, 0)
    moved_venue = replace(EDIT, venue="Bar Blau")
    assert validate_dinner_edit(moved_venue, now, before=EDIT) == {}
    earlier = replace(EDIT, rsvp_deadline_local=datetime(2026, 12, 7, 18, 0))
    assert "rsvp_deadline_date" in validate_dinner_edit(earlier, now, before=EDIT)


@pytest.mark.parametrize(
    ("low", "high", "errors"),
    [
        (2, 20, {}),
        (1, 10, {"min_table_size": "The smallest table must seat between 2 and 20."}),
        (6, 21, {"max_table_size": "The largest table must seat between 2 and 20."}),
        (8, 6, {"max_table_size": "The largest table cannot be smaller than the smallest."}),
    ],
)
def test_table_bounds(low, high, errors):
    edit = replace(EDIT, min_table_size=low, max_table_size=high)
    assert validate_dinner_edit(edit, BEFORE) == errors


def test_capacity_holds_a_table_and_everyone_who_accepted():
    assert validate_dinner_edit(replace(EDIT, capacity=5), BEFORE) == {
        "capacity": "The capacity must be at least one table (6 guests)."
    }
    assert validate_dinner_edit(replace(EDIT, capacity=30), BEFORE, accepted=32) == {
        "capacity": "32 guests have already accepted: the capacity cannot be lower."
    }


def test_text_fields_and_time_zone():
    bad = replace(EDIT, title=" ", venue="Bar\r\nBcc: x@example.com", timezone="Mars/Olympus")
    errors = validate_dinner_edit(bad, BEFORE)
    assert errors == {
        "title": "Give the dinner a title.",
        "venue": "The venue contains a line break or control character.",
        "timezone": "Pick a time zone from the list.",
    }


def test_a_time_the_clocks_skip_is_refused():
    gap = replace(
        EDIT,
        starts_at_local=datetime(2027, 3, 28, 2, 30),
        rsvp_deadline_local=datetime(2027, 3, 20, 12, 0),
    )
    assert validate_dinner_edit(gap, BEFORE) == {
        "time": "That time does not exist in Europe/Berlin: the clocks change then."
    }


def test_date_time_and_venue_changes_are_mailed_and_nothing_else():
    assert changes_to_mail(EDIT, replace(EDIT, title="New title", max_table_size=8)) == []
    moved = replace(EDIT, starts_at_local=datetime(2026, 12, 11, 19, 30), venue="Bar Blau")
    assert changes_to_mail(EDIT, moved) == [
        Change("date", "Thu 10 Dec 2026", "Fri 11 Dec 2026"),
        Change("time", "19:00 (Europe/Berlin)", "19:30 (Europe/Berlin)"),
        Change("venue", "Café Rot, Torstraße 99", "Bar Blau"),
    ]
    assert changes_to_mail(EDIT, replace(EDIT, venue=" Café Rot,  Torstraße 99 ")) == []
    assert [c.field for c in changes_to_mail(EDIT, replace(EDIT, timezone="Europe/London"))] == [
        "time"
    ]
