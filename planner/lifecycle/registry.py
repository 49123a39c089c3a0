"""The one registry of lifecycle mail kinds: who gets each, what composes it, when it is due,
whether the recipient may opt out, and whether the organiser can preview it.

The scheduler, the previews and the outbox read this table; nothing else decides these.
"""

import enum
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import cached_property

from planner.lifecycle.compose import (
    compose_day_note,
    compose_invitation,
    compose_reminder,
    compose_rsvp_confirmation,
    compose_waitlist_closed,
)
from planner.lifecycle.follow_up import (
    SeatedDinner,
    compose_follow_up_1,
    compose_follow_up_2,
    compose_outcome_check,
    seated_dinner,
)
from planner.lifecycle.kinds import Draft, Kind
from planner.lifecycle.reask import compose_re_ask, compose_re_ask_holder
from planner.lifecycle.tokens import Links
from planner.mail.calendar import IcsMethod
from planner.models import Dinner, Invitation, RsvpStatus


class Audience(enum.Enum):
    PENDING = "guests who have not answered"
    ACCEPTED = "guests who accepted"
    WAITLISTED = "guests still on the waitlist"
    SEATED = "seated guests who have not opted out"
    ONE = "one person, when something happens to them"


class ComposeContext:
    """What a composer may need besides the recipient: their links and the seating."""

    def __init__(self, dinner: Dinner, links: Links, seated: SeatedDinner | None = None):
        self.dinner = dinner
        self.links = links
        self._seated = seated

    @cached_property
    def seated(self) -> SeatedDinner | None:
        return self._seated if self._seated is not None else seated_dinner(self.dinner)


Composer = Callable[[Invitation, ComposeContext], Draft | None]


def _never(dinner: Dinner) -> datetime | None:
    return None


def _reminder_until(dinner: Dinner) -> datetime:
    # Once the dinner is marked held nobody is reminded to answer any more.
    return min(dinner.rsvp_deadline, dinner.held_at or dinner.rsvp_deadline)


def _no_ics(draft: Draft) -> bool:
    return False


@dataclass(frozen=True)
class MailKind:
    kind: Kind
    label: str
    audience: Audience
    # Composes the mail for one recipient; kinds sent on an event compose it where it happens.
    compose: Composer | None = None
    # When the kind becomes due (from the dinner's Timing); None: sent on an event.
    due: Callable | None = None
    # Past this moment it makes no sense any more (e.g. a reminder after the deadline).
    until: Callable[[Dinner], datetime | None] = _never
    # Part of the follow-up series: honours an opt-out and carries List-Unsubscribe.
    optional: bool = False
    with_ics: Callable[[Draft], bool] = _no_ics
    ics_method: IcsMethod = IcsMethod.PUBLISH

    @property
    def previewable(self) -> bool:
        return self.compose is not None

    @property
    def after_dinner(self) -> bool:
        return self.audience == Audience.SEATED


def _after(compose) -> Composer:
    def composer(person: Invitation, context: ComposeContext) -> Draft | None:
        return compose(person, context.seated)

    return composer


def _before(compose) -> Composer:
    def composer(person: Invitation, context: ComposeContext) -> Draft | None:
        return compose(person, context.links)

    return composer


def _day_note(person: Invitation, context: ComposeContext) -> Draft:
    seated = context.seated
    shared = seated.shared_ground(person) if seated is not None else []
    return compose_day_note(person, shared)


def _follow_up(kind: Kind, label: str, compose, stage: str) -> MailKind:
    """Declare a kind of the follow-up series: seated guests, opt-out, due at a Timing stage."""
    return MailKind(
        kind,
        label,
        Audience.SEATED,
        _after(compose),
        due=lambda timing: getattr(timing, stage),
        optional=True,
    )


KINDS: dict[Kind, MailKind] = {
    spec.kind: spec
    for spec in (
        MailKind(
            Kind.INVITATION,
            "Invitation",
            Audience.ONE,
            _before(compose_invitation),
            with_ics=lambda draft: True,
        ),
        MailKind(
            Kind.RSVP_CONFIRMATION,
            "RSVP confirmation",
            Audience.ONE,
            _before(compose_rsvp_confirmation),
            with_ics=lambda draft: draft.context["attending"],
        ),
        MailKind(
            Kind.REMINDER,
            "Reminder",
            Audience.PENDING,
            _before(compose_reminder),
            due=lambda timing: timing.reminder,
            until=_reminder_until,
        ),
        MailKind(
            Kind.WAITLIST_CLOSED,
            "Waitlist: no seat came free",
            Audience.WAITLISTED,
            _before(compose_waitlist_closed),
            due=lambda timing: timing.waitlist_closed,
            until=lambda dinner: dinner.starts_at,
        ),
        MailKind(
            Kind.DAY_NOTE,
            "Dinner-day note",
            Audience.ACCEPTED,
            _day_note,
            due=lambda timing: timing.day_note,
            until=lambda dinner: dinner.ends_at,
        ),
        _follow_up(Kind.FOLLOW_UP_1, "Follow-up 1", compose_follow_up_1, "follow_up_1"),
        _follow_up(Kind.FOLLOW_UP_2, "Follow-up 2", compose_follow_up_2, "follow_up_2"),
        _follow_up(Kind.RE_ASK, "Re-ask: open asks, to the asker", compose_re_ask, "re_ask"),
        _follow_up(
            Kind.RE_ASK_HOLDER,
            "Re-ask: the ask once more, to who could help",
            compose_re_ask_holder,
            "re_ask",
        ),
        _follow_up(Kind.OUTCOME_CHECK, "Outcome check", compose_outcome_check, "outcome_check"),
        MailKind(Kind.INTRO_CONSENT, "Introduction: asking the target", Audience.ONE),
        MailKind(Kind.INTRO_MADE, "Introduction made", Audience.ONE),
        MailKind(Kind.INTRO_REQUEST, "Introduction requested", Audience.ONE),
        MailKind(Kind.WAITLISTED, "On the waitlist", Audience.ONE),
        MailKind(Kind.WAITLIST_OFFER, "Waitlist: a seat offered", Audience.ONE),
        MailKind(Kind.VERIFY_EMAIL, "Organiser: confirm your email", Audience.ONE),
        # Sent when the organiser changes or cancels the dinner, or writes to the guests.
        MailKind(Kind.DINNER_UPDATE, "Dinner changed", Audience.ONE, with_ics=lambda draft: True),
        MailKind(
            Kind.DINNER_CANCELLED,
            "Dinner cancelled",
            Audience.ONE,
            with_ics=lambda draft: True,
            ics_method=IcsMethod.CANCEL,
        ),
        MailKind(Kind.ORGANISER_NOTE, "Note from the organiser", Audience.ONE),
        MailKind(Kind.TABLE_CHANGE, "Seating update: new table", Audience.ONE),
        MailKind(Kind.INVITATION_WITHDRAWN, "Invitation withdrawn", Audience.ONE),
    )
}


def spec(kind: Kind | str) -> MailKind:
    """Return the registry entry of a mail kind."""
    return KINDS[Kind(kind)]


def scheduled_kinds() -> list[MailKind]:
    """Return the kinds the clock sends, in lifecycle order."""
    return [kind for kind in KINDS.values() if kind.due is not None]


def previewable_kinds() -> list[MailKind]:
    """Return the kinds an organiser can preview, in lifecycle order."""
    return [kind for kind in KINDS.values() if kind.previewable]


def optional_kinds() -> list[Kind]:
    """Return the kinds a recipient may opt out of (the follow-up series)."""
    return [kind.kind for kind in KINDS.values() if kind.optional]


def recipients(kind: MailKind, dinner: Dinner, seated: SeatedDinner | None) -> list[Invitation]:
    """Return who gets a scheduled kind of mail for this dinner."""
    if kind.audience == Audience.PENDING:
        return [i for i in dinner.invitations if i.status == RsvpStatus.PENDING]
    if kind.audience == Audience.ACCEPTED:
        return dinner.accepted
    if kind.audience == Audience.WAITLISTED:
        return [i for i in dinner.invitations if i.status == RsvpStatus.WAITLISTED]
    if kind.audience == Audience.SEATED and seated is not None:
        return [person for person in seated.seated if person.unsubscribed_at is None]
    return []
