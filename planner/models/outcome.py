"""What came of a dinner: recorded outcomes and double-opt-in introductions."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._types import utcnow


class OutcomeKind(enum.StrEnum):
    INTRODUCED = "introduced"  # actor introduced `other` to someone for their ask
    BOOKED = "booked"  # actor and other booked a 1:1
    NOT_A_FIT = "not_a_fit"
    INTRO_REQUESTED = "intro_requested"  # actor asked `other` to introduce them
    NOT_FOR_ME = "not_for_me"  # actor cannot serve `other`'s ask: "not for me / I know nobody"
    BUSINESS = "business"  # actor did business with `other` (through an introduction, if set)
    NO_BUSINESS = "no_business"  # actor says nothing came of it (yet)


# Rough sizes of business reported; the guest may choose not to say.
AMOUNT_BANDS = {
    "": "Rather not say",
    "lt1k": "Under 1,000",
    "1k-10k": "1,000 – 10,000",
    "10k-50k": "10,000 – 50,000",
    "gt50k": "Over 50,000",
}


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
    # For business reported: the introduction it came from, and roughly how much (AMOUNT_BANDS).
    introduction_id: Mapped[int | None] = mapped_column(ForeignKey("introduction.id"), index=True)
    amount_band: Mapped[str] = mapped_column(String(16), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    actor = relationship("Invitation", foreign_keys=[actor_id])
    other = relationship("Invitation", foreign_keys=[other_id])
    introduction = relationship("Introduction")


class IntroStatus(enum.StrEnum):
    ASKED = "asked"  # waiting for a yes from the target, then (unless they asked) the seeker
    MADE = "made"  # both said yes; one email introduced them to each other
    DECLINED = "declined"  # one of them said no


class Introduction(db.Model):
    """An offer by `introducer` to introduce `seeker` (for an ask) to `target`, target first."""

    __table_args__ = (UniqueConstraint("introducer_id", "seeker_id", "target_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), index=True)
    introducer_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    seeker_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    target_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    ask: Mapped[str] = mapped_column(String(300), default="")
    # The introducer's own words ("Ben, meet Hugo…"), sent to both once both said yes.
    message: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Who has said yes so far; a seeker who asked for the introduction agreed by asking.
    target_agreed_at: Mapped[datetime | None]
    seeker_agreed_at: Mapped[datetime | None]
    status: Mapped[IntroStatus] = mapped_column(
        Enum(IntroStatus, native_enum=False, length=16), default=IntroStatus.ASKED
    )
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    answered_at: Mapped[datetime | None]

    introducer = relationship("Invitation", foreign_keys=[introducer_id])
    seeker = relationship("Invitation", foreign_keys=[seeker_id])
    target = relationship("Invitation", foreign_keys=[target_id])
