"""What came of a dinner: recorded outcomes and double-opt-in introductions."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._types import utcnow


class OutcomeKind(enum.StrEnum):
    INTRODUCED = "introduced"  # actor introduced `other` to someone for their ask
    BOOKED = "booked"  # actor and other booked a 1:1
    NOT_A_FIT = "not_a_fit"
    INTRO_REQUESTED = "intro_requested"  # actor asked `other` to introduce them


class Outcome(db.Model):
    """One thing an attendee told us happened, per pair and (where it applies) per ask."""

    __table_args__ = (UniqueConstraint("actor_id", "other_id", "kind", "ask"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), index=True)
    actor_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    kind: Mapped[OutcomeKind] = mapped_column(Enum(OutcomeKind, native_enum=False, length=24))
    # The ask this outcome serves; "" when it is about the pair only (unique needs non-null).
    ask: Mapped[str] = mapped_column(String(300), default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor = relationship("Invitation", foreign_keys=[actor_id])
    other = relationship("Invitation", foreign_keys=[other_id])


class IntroStatus(enum.StrEnum):
    ASKED = "asked"  # waiting for the target's yes
    MADE = "made"  # target said yes; both were introduced by email
    DECLINED = "declined"


class Introduction(db.Model):
    """An offer by `introducer` to introduce `seeker` (for an ask) to `target`, target first."""

    __table_args__ = (UniqueConstraint("introducer_id", "seeker_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), index=True)
    introducer_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    ask: Mapped[str] = mapped_column(String(300), default="")
    status: Mapped[IntroStatus] = mapped_column(
        Enum(IntroStatus, native_enum=False, length=16), default=IntroStatus.ASKED
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    introducer = relationship("Invitation", foreign_keys=[introducer_id])
    seeker = relationship("Invitation", foreign_keys=[seeker_id])
    target = relationship("Invitation", foreign_keys=[target_id])
