"""A seating plan: tables, who sits where, and why."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._types import utcnow


class SeatingPlan(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), unique=True)
    status: Mapped[str] = mapped_column(String(16))
    objective: Mapped[float]
    bound: Mapped[float | None]
    solve_seconds: Mapped[float]
    message: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dinner = relationship("Dinner", back_populates="seating_plan")
    tables = relationship(
        "SeatedTable",
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(SeatedTable.course, SeatedTable.number)",
    )


class SeatedTable(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("seating_plan.id"), index=True)
    number: Mapped[int]
    # Rotations between courses (starter 1, main 2, dessert 3): one set of tables per course.
    course: Mapped[int] = mapped_column(default=1, server_default="1")
    score: Mapped[float]
    # Plain-word reasons for the strongest pairs, e.g. "Ana asked for realtors; Ben is one".
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)

    plan = relationship("SeatingPlan", back_populates="tables")
    seats = relationship("Seat", back_populates="table", cascade="all, delete-orphan")


class Seat(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("seated_table.id"), index=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)

    table = relationship("SeatedTable", back_populates="seats")
    invitation = relationship("Invitation")


class SeatingRule(db.Model):
    """An organiser's constraint on the seating: apart, together, pinned or host."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))
    table_number: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    dinner = relationship("Dinner", back_populates="seating_rules")
    guests = relationship(
        "SeatingRuleGuest", cascade="all, delete-orphan", order_by="SeatingRuleGuest.position"
    )

    @property
    def invitation_ids(self) -> list[int]:
        """Return the ids of the guests the rule names, in the order given."""
        return [guest.invitation_id for guest in self.guests]

    @invitation_ids.setter
    def invitation_ids(self, ids: list[int]) -> None:
        self.guests = [
            SeatingRuleGuest(invitation_id=invitation_id, position=n)
            for n, invitation_id in enumerate(ids)
        ]


class SeatingRuleGuest(db.Model):
    """One guest named by a seating rule; goes with the invitation if that is removed."""

    rule_id: Mapped[int] = mapped_column(
        ForeignKey("seating_rule.id", ondelete="CASCADE"), primary_key=True
    )
    invitation_id: Mapped[int] = mapped_column(
        ForeignKey("invitation.id", ondelete="CASCADE"), primary_key=True
    )
    position: Mapped[int] = mapped_column(default=0)
