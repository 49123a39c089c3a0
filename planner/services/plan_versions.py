"""Plan versions: every solve or manual edit is kept, can be compared and restored."""

from dataclasses import dataclass

from sqlalchemy import func, select

from planner.errors import NotFound
from planner.extensions import db
from planner.models import Dinner, OutboxMessage, PlanVersion, SeatingPlan
from planner.models.mail import MailStatus
from planner.services.seating import TableLayout, layout_of_plan, write_seating

NUMBERS_MAILED_KIND = "day_note"  # the dinner-day note tells each guest their table


@dataclass(frozen=True)
class Move:
    """One guest whose table differs between two versions (numbers from 1, None: unseated)."""

    name: str
    course: int
    before: int | None
    after: int | None


@dataclass(frozen=True)
class Comparison:
    """What changed from one version to another."""

    older: PlanVersion
    newer: PlanVersion
    moves: list[Move]

    @property
    def score_change(self) -> float:
        """Return the change of the total score from the older to the newer version."""
        return self.newer.objective - self.older.objective


def snapshot(plan: SeatingPlan) -> list[dict]:
    """Return the plan's seating as plain JSON data."""
    return [
        {
            "course": t.course,
            "number": t.number,
            "name": t.name,
            "locked": t.locked,
            "guests": [[gid, locked] for gid, locked in t.guests],
        }
        for t in layout_of_plan(plan)
    ]


def layout_of_snapshot(data: list[dict]) -> list[TableLayout]:
    """Turn stored snapshot data back into a layout."""
    return [
        TableLayout(
            course=int(t["course"]),
            number=int(t["number"]),
            name=t.get("name", ""),
            locked=bool(t.get("locked")),
            guests=tuple((int(gid), bool(locked)) for gid, locked in t["guests"]),
        )
        for t in data
    ]


def record_version(dinner: Dinner, plan: SeatingPlan, author: str, summary: str) -> PlanVersion:
    """Keep the plan's current seating as the dinner's next version (not committed)."""
    db.session.flush()
    last = db.session.scalar(
        select(func.max(PlanVersion.number)).where(PlanVersion.dinner_id == dinner.id)
    )
    version = PlanVersion(
        dinner_id=dinner.id,
        number=(last or 0) + 1,
        author=author,
        summary=summary,
        objective=plan.objective,
        quality=plan.quality,
        snapshot=snapshot(plan),
    )
    db.session.add(version)
    return version


def versions_of(dinner: Dinner) -> list[PlanVersion]:
    """Return the dinner's versions, newest first."""
    return list(
        db.session.scalars(
            select(PlanVersion)
            .where(PlanVersion.dinner_id == dinner.id)
            .order_by(PlanVersion.number.desc())
        )
    )


def version_of(dinner: Dinner, number: int) -> PlanVersion:
    """Return one version of the dinner's seating, or raise NotFound."""
    version = db.session.scalar(
        select(PlanVersion).where(PlanVersion.dinner_id == dinner.id, PlanVersion.number == number)
    )
    if version is None:
        raise NotFound(f"version {number}")
    return version


def compare(dinner: Dinner, older: PlanVersion, newer: PlanVersion) -> Comparison:
    """List who sits at another table in `newer` than in `older`, course by course."""
    names = {i.id: i.name for i in dinner.invitations}
    before, after = tables_by_guest(older.snapshot), tables_by_guest(newer.snapshot)
    moves = [
        Move(names.get(gid, "(removed guest)"), course, before.get(key), after.get(key))
        for key in sorted(set(before) | set(after), key=lambda k: (k[1], names.get(k[0], "")))
        for gid, course in [key]
        if before.get(key) != after.get(key)
    ]
    return Comparison(older, newer, moves)


def tables_by_guest(data: list[dict]) -> dict[tuple[int, int], int]:
    """Map (invitation id, course) to the table number in snapshot data."""
    return {(int(gid), int(t["course"])): int(t["number"]) for t in data for gid, _ in t["guests"]}


def restore(
    dinner: Dinner, version: PlanVersion, expected_version: int | None, author: str
) -> SeatingPlan:
    """Make an earlier version the current seating again, as a new version (not committed).

    Guests who have since declined are left out; guests who accepted since stay unseated
    until the next solve (the chart says so).
    """
    accepted = {i.id for i in dinner.accepted}
    layout = [
        TableLayout(
            t.course, t.number, tuple(g for g in t.guests if g[0] in accepted), t.name, t.locked
        )
        for t in layout_of_snapshot(version.snapshot)
    ]
    plan = write_seating(dinner, layout, expected_version, status="restored", stop_reason="")
    record_version(dinner, plan, author, f"Restored version {version.number}")
    return plan


def table_numbers_mailed(dinner: Dinner) -> bool:
    """Tell whether guests may already know their table (dinner-day note sent, or held)."""
    if dinner.held_at is not None:
        return True
    sent = db.session.scalar(
        select(func.count(OutboxMessage.id)).where(
            OutboxMessage.dinner_id == dinner.id,
            OutboxMessage.kind == NUMBERS_MAILED_KIND,
            OutboxMessage.status.in_((MailStatus.SENT, MailStatus.SENDING)),
        )
    )
    return bool(sent)


def changed_guests(before: list[dict], after: list[dict]) -> set[int]:
    """Return the invitation ids whose table changed in any course between two snapshots."""
    old, new = tables_by_guest(before), tables_by_guest(after)
    return {
        gid for (gid, course), table in new.items() if old.get((gid, course)) not in (None, table)
    }
