"""ORM models, one module per aggregate."""

from planner.models.attendee import Profile
from planner.models.dinner import Dinner, Invitation, RsvpStatus
from planner.models.guest_import import GuestImportJob
from planner.models.mail import MailStatus, OutboxMessage
from planner.models.organiser import Organiser
from planner.models.outcome import (
    Introduction,
    IntroStatus,
    Outcome,
    OutcomeKind,
)
from planner.models.seating import (
    PlanVersion,
    Seat,
    SeatedTable,
    SeatingJob,
    SeatingPlan,
    SeatingRule,
    SeatingRuleGuest,
)
from planner.models.token import AccessToken, TokenPurpose

__all__ = [
    "AccessToken",
    "Introduction",
    "IntroStatus",
    "Outcome",
    "OutcomeKind",
    "Dinner",
    "GuestImportJob",
    "Invitation",
    "MailStatus",
    "Organiser",
    "OutboxMessage",
    "PlanVersion",
    "Profile",
    "RsvpStatus",
    "Seat",
    "SeatedTable",
    "SeatingJob",
    "SeatingPlan",
    "SeatingRule",
    "SeatingRuleGuest",
    "TokenPurpose",
]
