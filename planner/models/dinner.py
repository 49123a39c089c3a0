"""A dinner and the people invited to it."""

import enum
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import JSON, Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._types import utcnow

# How long a dinner lasts, for calendars and for mail that makes no sense once it is over.
DINNER_LENGTH = timedelta(hours=3)


class RsvpStatus(enum.StrEnum):
    PENDING = "pending"
    ACCEPTED = "accepted"
    DECLINED = "declined"
    WAITLISTED = "waitlisted"  # said yes when the dinner was full
    REMOVED = "removed"  # the organiser withdrew the invitation; its links stop working


class Dinner(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    organiser_id: Mapped[int] = mapped_column(ForeignKey("organiser.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    # Times are stored as naive UTC; `timezone` says how to show them.
    starts_at: Mapped[datetime]
    timezone: Mapped[str] = mapped_column(String(64))
    venue: Mapped[str] = mapped_column(String(300))
    min_table_size: Mapped[int] = mapped_column(default=6)
    max_table_size: Mapped[int] = mapped_column(default=10)
    rsvp_deadline: Mapped[datetime]
    held_at: Mapped[datetime | None]
    closed_at: Mapped[datetime | None]
    cancelled_at: Mapped[datetime | None]
    # The .ics SEQUENCE guests were last sent; raised with every update or cancellation.
    ics_sequence: Mapped[int] = mapped_column(default=0, server_default="0")
    # Seats on offer; None: the tables' total maximum (see `seat_capacity`).
    capacity: Mapped[int | None]
    # The organiser's overrides of planner.matching.Weights (name -> value); None: defaults.
    referral_weights: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Lifecycle mail timing, per dinner (see planner.services.scheduler for how each is used).
    reminder_hours: Mapped[int] = mapped_column(default=48, server_default="48")
    morning_hour: Mapped[int] = mapped_column(default=9, server_default="9")
    follow_up_2_days: Mapped[int] = mapped_column(default=7, server_default="7")
    outcome_check_weeks: Mapped[int] = mapped_column(default=6, server_default="6")
    re_ask_days: Mapped[int] = mapped_column(default=7, server_default="7")
    # Profiles and outcomes were anonymised once the retention period after the dinner ran out.
    data_anonymised_at: Mapped[datetime | None]

    organiser = relationship("Organiser", back_populates="dinners")
    invitations = relationship(
        "Invitation",
        back_populates="dinner",
        cascade="all, delete-orphan",
        order_by="Invitation.name",
    )
    seating_rules = relationship(
        "SeatingRule",
        back_populates="dinner",
        cascade="all, delete-orphan",
        order_by="SeatingRule.id",
    )
    seating_plan = relationship(
        "SeatingPlan", back_populates="dinner", uselist=False, cascade="all, delete-orphan"
    )

    def local(self, moment: datetime) -> datetime:
        """Return a stored UTC moment in the dinner's own time zone."""
        return moment.replace(tzinfo=ZoneInfo("UTC")).astimezone(ZoneInfo(self.timezone))

    @property
    def ends_at(self) -> datetime:
        """Return when the dinner is over (naive UTC)."""
        return self.starts_at + DINNER_LENGTH

    @property
    def accepted(self) -> list["Invitation"]:
        return [i for i in self.invitations if i.status == RsvpStatus.ACCEPTED]

    def rsvp_open(self, now: datetime) -> bool:
        """Return whether guests may still answer: only the deadline (or a cancellation) closes it.

        Marking the dinner held never does: guests still pending keep their stated deadline.
        """
        return now <= self.rsvp_deadline and self.cancelled_at is None and self.closed_at is None


class Invitation(db.Model):
    __table_args__ = (UniqueConstraint("dinner_id", "email"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), index=True)
    name: Mapped[str] = mapped_column(String(120))
    email: Mapped[str] = mapped_column(String(254))
    status: Mapped[RsvpStatus] = mapped_column(
        Enum(RsvpStatus, native_enum=False, length=16), default=RsvpStatus.PENDING
    )
    responded_at: Mapped[datetime | None]
    # Opted out of the follow-up series; transactional mail (RSVP confirmation) still goes.
    unsubscribed_at: Mapped[datetime | None]
    # The guest deleted their data: name and email were replaced, their links revoked.
    deleted_at: Mapped[datetime | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The waitlist (planner.lifecycle.waitlist): when the yes joined it, the seat offered to
    # them and until when, and when an offer ran out unanswered (no more automatic offers).
    waitlisted_at: Mapped[datetime | None]
    offered_until: Mapped[datetime | None]
    offer_lapsed_at: Mapped[datetime | None]
    removed_at: Mapped[datetime | None]

    dinner = relationship("Dinner", back_populates="invitations")
    profile = relationship(
        "Profile", back_populates="invitation", uselist=False, cascade="all, delete-orphan"
    )

    @property
    def live(self) -> bool:
        """Tell whether the invitation still stands (the organiser has not removed it)."""
        return self.status != RsvpStatus.REMOVED
