"""Seat a dinner's accepted attendees with the solver and store the plan with its reasons."""

from dataclasses import dataclass, replace
from itertools import combinations

from planner.extensions import db
from planner.matching import default_taxonomy
from planner.models import Dinner, Invitation, Seat, SeatedTable, SeatingPlan
from planner.services.referrals import referral_scores
from planner.services.seating_rules import humanise, solver_constraints
from solver import Problem, Status, solve

REASONS_PER_TABLE = 3


@dataclass(frozen=True)
class SeatingOutcome:
    plan: SeatingPlan | None
    explanation: str


def seat_dinner(dinner: Dinner, seconds: float) -> SeatingOutcome:
    """Seat accepted attendees, replacing any earlier plan (not committed)."""
    attendees = dinner.accepted
    too_few = _too_few_explanation(dinner, len(attendees))
    if too_few:
        return SeatingOutcome(None, too_few)
    matrix = referral_scores(attendees)
    problem = Problem(
        scores=matrix.scores,
        min_size=dinner.min_table_size,
        max_size=dinner.max_table_size,
        constraints=solver_constraints(
            dinner,
            attendees,
            competitor_groups(attendees, len(attendees) // dinner.min_table_size),
        ),
        time_limit_s=seconds,
        names=tuple(invitation.name for invitation in attendees),
    )
    result = solve(problem)
    note = ""
    if result.status == Status.INFEASIBLE and problem.constraints.competitor_groups:
        # Too many rivals for the tables: seat anyway, leaving the score's penalty to
        # keep them apart where it can, and say so.
        relaxed = replace(problem.constraints, competitor_groups=())
        result = solve(replace(problem, constraints=relaxed))
        note = " Some direct competitors share a table: the table sizes leave no other way."
    if result.status in (Status.INFEASIBLE, Status.INVALID):
        message = humanise(result.message, problem.names)
        return SeatingOutcome(None, f"No seating is possible: {message}")
    plan = _store_plan(dinner, attendees, matrix, result)
    return SeatingOutcome(plan, _summary(result) + note)


def competitor_groups(attendees: list[Invitation], most_tables: int) -> tuple[tuple[int, ...], ...]:
    """Group attendees who picked the same competing specialty, e.g. two estate lawyers.

    A group bigger than the most tables there can be cannot be split up; it is left to the
    score's competitor penalty instead of making the whole seating infeasible.
    """
    taxonomy = default_taxonomy()
    by_specialty: dict[str, list[int]] = {}
    for index, invitation in enumerate(attendees):
        key = invitation.profile.industry if invitation.profile else ""
        if key in taxonomy and taxonomy.specialty(key).competes:
            by_specialty.setdefault(key, []).append(index)
    return tuple(tuple(group) for group in by_specialty.values() if 1 < len(group) <= most_tables)


def _too_few_explanation(dinner: Dinner, count: int) -> str | None:
    if count >= dinner.min_table_size:
        return None
    return (
        f"Only {count} guest(s) have accepted, but the smallest table is "
        f"{dinner.min_table_size}. Wait for more RSVPs or lower the smallest table size."
    )


def _store_plan(dinner, attendees, matrix, result) -> SeatingPlan:
    if dinner.seating_plan is not None:
        db.session.delete(dinner.seating_plan)
        db.session.flush()
    plan = SeatingPlan(
        dinner=dinner,
        status=result.status.name.lower(),
        objective=float(result.objective),
        bound=None if result.bound is None else float(result.bound),
        solve_seconds=float(result.seconds),
        message=result.message or "",
    )
    for number, members in enumerate(result.tables, start=1):
        table = SeatedTable(
            number=number,
            score=float(result.table_scores[number - 1]),
            reasons=_table_reasons(matrix, members),
        )
        table.seats = [Seat(invitation=attendees[i]) for i in members]
        plan.tables.append(table)
    db.session.add(plan)
    return plan


def _table_reasons(matrix, members) -> list[str]:
    """Return the plain-word reasons behind the table's strongest pairs."""
    pairs = sorted(combinations(members, 2), key=lambda p: -matrix.scores[p[0], p[1]])
    reasons = []
    for i, j in pairs:
        if matrix.scores[i, j] <= 0 or len(reasons) >= REASONS_PER_TABLE:
            break
        reasons.extend(r for r in matrix.reasons(i, j, 1) if r not in reasons)
    return reasons[:REASONS_PER_TABLE]


def _summary(result) -> str:
    quality = "proven optimal" if result.status == Status.OPTIMAL else "the best found"
    gap = f" (within {result.gap:.1%} of the bound)" if result.gap else ""
    return f"Seated {len(result.assignment)} guests at {len(result.tables)} tables: {quality}{gap}."
