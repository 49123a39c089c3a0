"""A dinner's lifecycle as explicit states, what the organiser may do in each, and edit checks.

Everything here is decided from plain facts (`DinnerFacts`, `DinnerEdit`) and the current time,
so a view can show each button with the reason it is greyed out, and the same rule refuses the
POST. Times are naive UTC like the database columns; aware datetimes are accepted too.
"""

from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

MIN_TABLE_SIZE = 2
MAX_TABLE_SIZE = 20
_UTC = ZoneInfo("UTC")


class DinnerState(StrEnum):
    DRAFT = "draft"  # nobody invited yet
    INVITING = "inviting"  # invitations out, not seated
    SEATED = "seated"  # a seating plan exists
    HELD = "held"  # the organiser confirmed it took place; follow-ups run
    CLOSED = "closed"  # finished: no more lifecycle mail
    CANCELLED = "cancelled"


class Action(StrEnum):
    EDIT = "edit"
    INVITE = "invite"
    SEAT = "seat"
    RESEAT = "reseat"
    MARK_HELD = "mark_held"
    UNDO_HELD = "undo_held"
    CANCEL = "cancel"
    DELETE = "delete"
    MESSAGE_GUESTS = "message_guests"
    CLOSE = "close"


@dataclass(frozen=True)
class DinnerFacts:
    """What the lifecycle depends on, read from a dinner and its invitations."""

    starts_at: datetime
    timezone: str
    rsvp_deadline: datetime
    min_table_size: int
    invited: int = 0  # live invitations (removed ones not counted)
    accepted: int = 0  # confirmed seats, waitlisted guests not counted
    seated: bool = False  # a seating plan exists
    held_at: datetime | None = None
    first_follow_up_sent_at: datetime | None = None
    closed_at: datetime | None = None
    cancelled_at: datetime | None = None


@dataclass(frozen=True)
class Allowed:
    ok: bool
    reason: str = ""  # why not, in the organiser's words; empty when ok
    confirm: str = ""  # the question to ask before doing it, when it cannot be taken back


def dinner_state(facts: DinnerFacts) -> DinnerState:
    """Return the state the dinner is in."""
    if facts.cancelled_at is not None:
        return DinnerState.CANCELLED
    if facts.closed_at is not None:
        return DinnerState.CLOSED
    if facts.held_at is not None:
        return DinnerState.HELD
    if facts.seated:
        return DinnerState.SEATED
    return DinnerState.INVITING if facts.invited else DinnerState.DRAFT


def rsvp_open(facts: DinnerFacts, now: datetime) -> bool:
    """Say whether guests may still answer: only the deadline closes it, never marking held."""
    state = dinner_state(facts)
    return state not in (DinnerState.CANCELLED, DinnerState.CLOSED) and _utc(now) <= _utc(
        facts.rsvp_deadline
    )


def local_time(moment: datetime, timezone: str) -> str:
    """Show a stored UTC moment as the dinner's wall clock: "Thu 10 Dec 2026, 19:00 (Berlin)"."""
    local = _utc(moment).replace(tzinfo=_UTC).astimezone(ZoneInfo(timezone))
    return f"{local:%a %d %b %Y, %H:%M} ({timezone.rsplit('/', 1)[-1].replace('_', ' ')})"


def allowed_actions(facts: DinnerFacts, now: datetime) -> dict[Action, Allowed]:
    """Return, for every action, whether the organiser may take it now and why not."""
    state, now = dinner_state(facts), _utc(now)
    started = now >= _utc(facts.starts_at)
    return {
        Action.EDIT: _edit(state, started),
        Action.INVITE: _invite(facts, state, now, started),
        Action.SEAT: _seat(facts, state, started),
        Action.RESEAT: _reseat(state, started),
        Action.MARK_HELD: _mark_held(facts, state, started),
        Action.UNDO_HELD: _undo_held(facts, state),
        Action.CANCEL: _cancel(facts, state, started),
        Action.DELETE: _delete(facts, state),
        Action.MESSAGE_GUESTS: _message_guests(facts, state),
        Action.CLOSE: _close(state),
    }


_NO = {
    DinnerState.CANCELLED: Allowed(False, "The dinner was cancelled."),
    DinnerState.CLOSED: Allowed(False, "The dinner is closed."),
    DinnerState.HELD: Allowed(False, "The dinner has been held."),
}
_STARTED = Allowed(False, "The dinner has already started.")


def _before_dinner(state: DinnerState, started: bool) -> Allowed | None:
    """Refuse what only makes sense before the dinner; None when the dinner is still ahead."""
    return _NO.get(state) or (_STARTED if started else None)


def _edit(state: DinnerState, started: bool) -> Allowed:
    return _before_dinner(state, started) or Allowed(True)


def _invite(facts: DinnerFacts, state: DinnerState, now: datetime, started: bool) -> Allowed:
    if refused := _before_dinner(state, started):
        return refused
    if now > _utc(facts.rsvp_deadline):
        return Allowed(False, "The RSVP deadline has passed: move it later to invite more guests.")
    return Allowed(True)


def _seat(facts: DinnerFacts, state: DinnerState, started: bool) -> Allowed:
    if refused := _before_dinner(state, started):
        return refused
    if facts.seated:
        return Allowed(False, "The guests are seated already: use re-seat to change the plan.")
    if facts.accepted < facts.min_table_size:
        return Allowed(
            False,
            f"Seating needs at least {facts.min_table_size} accepted guests "
            f"(the smallest table); {facts.accepted} so far.",
        )
    return Allowed(True)


def _reseat(state: DinnerState, started: bool) -> Allowed:
    if refused := _before_dinner(state, started):
        return refused
    if state != DinnerState.SEATED:
        return Allowed(False, "Nobody is seated yet.")
    return Allowed(True, confirm="Replace the current seating plan with a new one?")


def _mark_held(facts: DinnerFacts, state: DinnerState, started: bool) -> Allowed:
    if refused := _NO.get(state):
        return refused
    if not started:
        when = local_time(facts.starts_at, facts.timezone)
        return Allowed(False, f"The dinner starts {when}; mark it held after it has taken place.")
    if not facts.seated:
        return Allowed(False, "Seat the guests first: the follow-ups are about who sat together.")
    return Allowed(
        True,
        confirm=f"Mark the dinner held? Follow-up mail to the {facts.accepted} guests will be "
        "scheduled; you can undo this until the first follow-up goes out.",
    )


def _undo_held(facts: DinnerFacts, state: DinnerState) -> Allowed:
    if state != DinnerState.HELD:
        return Allowed(False, "The dinner has not been marked held.")
    if facts.first_follow_up_sent_at is not None:
        when = local_time(facts.first_follow_up_sent_at, facts.timezone)
        return Allowed(False, f"The first follow-up went out {when}; it cannot be undone.")
    return Allowed(True)


def _cancel(facts: DinnerFacts, state: DinnerState, started: bool) -> Allowed:
    if refused := _before_dinner(state, started):
        return refused
    told = f"All {facts.invited} invited guests get a cancellation" if facts.invited else "Nobody"
    return Allowed(True, confirm=f"Cancel the dinner? {told}; no further mail goes out.")


def _delete(facts: DinnerFacts, state: DinnerState) -> Allowed:
    if state in (DinnerState.DRAFT, DinnerState.CANCELLED, DinnerState.CLOSED):
        return Allowed(
            True,
            confirm="Delete the dinner with its guest list, answers and seating? "
            "This cannot be undone.",
        )
    return Allowed(
        False, "Guests have been invited: cancel the dinner first so they are told, then delete it."
    )


def _message_guests(facts: DinnerFacts, state: DinnerState) -> Allowed:
    if state == DinnerState.CLOSED:
        return _NO[state]
    if not facts.invited:
        return Allowed(False, "Nobody has been invited yet.")
    return Allowed(True)


def _close(state: DinnerState) -> Allowed:
    if state != DinnerState.HELD:
        return Allowed(False, "Only a dinner that has been held can be closed.")
    return Allowed(
        True,
        confirm="Close the dinner? Follow-up mail not yet sent (such as the outcome check) "
        "will not go out.",
    )


def _utc(moment: datetime) -> datetime:
    """Return naive UTC, whatever the moment came as."""
    if moment.tzinfo is None:
        return moment
    return moment.astimezone(_UTC).replace(tzinfo=None)


# --- Editing a dinner -------------------------------------------------------------------------


@dataclass(frozen=True)
class DinnerEdit:
    """A dinner's editable fields as the organiser enters them (wall-clock times, naive)."""

    title: str
    starts_at_local: datetime
    timezone: str
    venue: str
    min_table_size: int
    max_table_size: int
    rsvp_deadline_local: datetime
    capacity: int | None = None  # None: the default from the tables


@dataclass(frozen=True)
class Change:
    """One change guests must be told about, in words for the update mail."""

    field: str  # "date", "time" or "venue"
    before: str
    after: str


def validate_dinner_edit(
    edit: DinnerEdit,
    now: datetime,
    before: DinnerEdit | None = None,
    accepted: int = 0,
) -> dict[str, str]:
    """Return a message per form field that is wrong (empty when the dinner may be saved).

    `before` is the dinner as stored (None for a new dinner); `accepted` counts confirmed guests.
    Keys follow DinnerForm: title, venue, timezone, date, time, rsvp_deadline_date,
    min_table_size, max_table_size, capacity.
    """
    errors = _text_errors(edit)
    try:
        zone = ZoneInfo(edit.timezone)
    except (ZoneInfoNotFoundError, ValueError):
        return (
            errors | {"timezone": "Pick a time zone from the list."} | _table_errors(edit, accepted)
        )
    return errors | _time_errors(edit, zone, _utc(now), before) | _table_errors(edit, accepted)


def _text_errors(edit: DinnerEdit) -> dict[str, str]:
    errors = {}
    for field, value, longest in (("title", edit.title, 200), ("venue", edit.venue, 300)):
        if not value.strip():
            errors[field] = f"Give the dinner a {field}."
        elif len(value) > longest:
            errors[field] = f"Keep the {field} under {longest} characters."
        elif any(ord(c) < 32 or 0x7F <= ord(c) <= 0x9F for c in value):
            errors[field] = f"The {field} contains a line break or control character."
    return errors


def _time_errors(
    edit: DinnerEdit, zone: ZoneInfo, now: datetime, before: DinnerEdit | None
) -> dict[str, str]:
    errors = {}
    starts, deadline = _as_utc(edit.starts_at_local, zone), _as_utc(edit.rsvp_deadline_local, zone)
    if starts is None:
        errors["time"] = f"That time does not exist in {edit.timezone}: the clocks change then."
    elif starts <= now:
        errors["date"] = "The dinner must start in the future."
    if deadline is None:
        errors["rsvp_deadline_date"] = "That deadline does not exist: the clocks change then."
    elif starts is not None and deadline >= starts:
        errors["rsvp_deadline_date"] = "The RSVP deadline must be before the dinner starts."
    elif deadline < now and _deadline_moved(edit, before):
        # An unchanged past deadline may stay (editing the venue later); a new one may not.
        errors["rsvp_deadline_date"] = "The RSVP deadline is in the past."
    return errors


def _deadline_moved(edit: DinnerEdit, before: DinnerEdit | None) -> bool:
    if before is None:
        return True
    return (edit.rsvp_deadline_local, edit.timezone) != (
        before.rsvp_deadline_local,
        before.timezone,
    )


def _table_errors(edit: DinnerEdit, accepted: int) -> dict[str, str]:
    errors = {}
    low, high = edit.min_table_size, edit.max_table_size
    if not MIN_TABLE_SIZE <= low <= MAX_TABLE_SIZE:
        errors["min_table_size"] = (
            f"The smallest table must seat between {MIN_TABLE_SIZE} and {MAX_TABLE_SIZE}."
        )
    if not MIN_TABLE_SIZE <= high <= MAX_TABLE_SIZE:
        errors["max_table_size"] = (
            f"The largest table must seat between {MIN_TABLE_SIZE} and {MAX_TABLE_SIZE}."
        )
    elif high < low:
        errors["max_table_size"] = "The largest table cannot be smaller than the smallest."
    if edit.capacity is not None:
        if edit.capacity < low:
            errors["capacity"] = f"The capacity must be at least one table ({low} guests)."
        elif edit.capacity < accepted:
            errors["capacity"] = (
                f"{accepted} guests have already accepted: the capacity cannot be lower."
            )
    return errors


def _as_utc(local: datetime, zone: ZoneInfo) -> datetime | None:
    """Return naive UTC for a wall-clock time, or None when it falls in a clock-change gap."""
    aware = local.replace(tzinfo=zone)
    utc = aware.astimezone(_UTC)
    if utc.astimezone(zone).replace(tzinfo=None) != local:
        return None
    return utc.replace(tzinfo=None)


def changes_to_mail(before: DinnerEdit, after: DinnerEdit) -> list[Change]:
    """Return the changes guests must be mailed about (date, time, venue); empty: no update."""
    changes = []
    old, new = before.starts_at_local, after.starts_at_local
    if old.date() != new.date():
        changes.append(Change("date", f"{old:%a %d %b %Y}", f"{new:%a %d %b %Y}"))
    if (old.time(), before.timezone) != (new.time(), after.timezone):
        changes.append(
            Change("time", f"{old:%H:%M} ({before.timezone})", f"{new:%H:%M} ({after.timezone})")
        )
    if " ".join(before.venue.split()) != " ".join(after.venue.split()):
        changes.append(Change("venue", before.venue.strip(), after.venue.strip()))
    return changes
