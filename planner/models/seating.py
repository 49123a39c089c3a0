"""A seating plan: tables, who sits where, and why."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, false
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
    # Optimistic concurrency: every save checks and bumps it in its UPDATE, so the later of
    # two organisers' tabs editing one plan is refused instead of silently overwriting.
    version: Mapped[int] = mapped_column(default=1, server_default="1")
    # Why the solver stopped ("optimal", "converged", "time_limit", ...; "" for manual edits).
    stop_reason: Mapped[str] = mapped_column(String(16), default="", server_default="")
    # The score in plain words, e.g. "3.2 times the referral potential of a random seating".
    quality: Mapped[str] = mapped_column(Text, default="", server_default="")
    courses: Mapped[int] = mapped_column(default=1, server_default="1")

    dinner = relationship("Dinner", back_populates="seating_plan")
    tables = relationship(
        "SeatedTable",
        back_populates="plan",
        cascade="all, delete-orphan",
        order_by="(SeatedTable.course, SeatedTable.number)",
    )

    def course_tables(self, course: int) -> list["SeatedTable"]:
        """Return one course's tables, by number (with rotations, each course has its own)."""
        return [table for table in self.tables if table.course == course]

    def places(self) -> dict[int, list[tuple[int, int]]]:
        """Return each seated invitation's (course, table number), one per course, in order."""
        places: dict[int, list[tuple[int, int]]] = {}
        for table in self.tables:
            for seat in table.seats:
                places.setdefault(seat.invitation_id, []).append((table.course, table.number))
        return places


class SeatedTable(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    plan_id: Mapped[int] = mapped_column(ForeignKey("seating_plan.id"), index=True)
    number: Mapped[int]
    # Rotations between courses (starter 1, main 2, dessert 3): one set of tables per course.
    course: Mapped[int] = mapped_column(default=1, server_default="1")
    name: Mapped[str] = mapped_column(String(60), default="", server_default="")
    # A locked table keeps exactly its guests when the others are re-seated.
    locked: Mapped[bool] = mapped_column(default=False, server_default=false())
    score: Mapped[float]
    # Plain-word reasons for the strongest pairs, e.g. "Ana asked for realtors; Ben is one".
    reasons: Mapped[list[str]] = mapped_column(JSON, default=list)

    plan = relationship("SeatingPlan", back_populates="tables")
    seats = relationship("Seat", back_populates="table", cascade="all, delete-orphan")


class Seat(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    table_id: Mapped[int] = mapped_column(ForeignKey("seated_table.id"), index=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    # A locked guest stays at this table when the others are re-seated.
    locked: Mapped[bool] = mapped_column(default=False, server_default=false())

    table = relationship("SeatedTable", back_populates="seats")
    invitation = relationship("Invitation")

    @property
    def course(self) -> int:
        """Return the course this seat belongs to."""
        return self.table.course


class PlanVersion(db.Model):
    """One saved state of a dinner's seating: after a solve, a manual edit or a restore."""

    __table_args__ = (UniqueConstraint("dinner_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), index=True)
    number: Mapped[int]
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    author: Mapped[str] = mapped_column(String(120), default="")
    # What made it, in plain words, e.g. "Moved Ana Souza to table 2".
    summary: Mapped[str] = mapped_column(Text, default="")
    objective: Mapped[float]
    quality: Mapped[str] = mapped_column(Text, default="")
    # The whole seating: [{"course", "number", "name", "locked", "guests": [[id, locked]]}].
    snapshot: Mapped[list] = mapped_column(JSON, default=list)


class SeatingJob(db.Model):
    """A seating solve running in the background, with its progress for the page to poll."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), index=True)
    # Equals dinner_id while the job is queued or running, NULL afterwards: the unique index
    # makes a second press while a solve runs find the same job instead of starting another.
    running_dinner_id: Mapped[int | None] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    progress: Mapped[float] = mapped_column(default=0.0)
    best_score: Mapped[float | None]
    options: Mapped[dict] = mapped_column(JSON, default=dict)
    author: Mapped[str] = mapped_column(String(120), default="")
    message: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]


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
