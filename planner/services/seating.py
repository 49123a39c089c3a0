"""Seat a dinner's accepted attendees with the solver and store the plan with its reasons.

A solve runs in three steps so that a background job can hold no database transaction
while the solver works: `prepare_seating` (reads), `run_solver` (pure), `store_solution`.
"""

from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import partial
from itertools import combinations

import numpy as np
from sqlalchemy import update
from sqlalchemy.orm.attributes import set_committed_value

from planner.extensions import db
from planner.matching import ScoreMatrix, default_taxonomy
from planner.models import Dinner, Invitation, Seat, SeatedTable, SeatingPlan
from planner.models._types import utcnow
from planner.services.referrals import referral_scores
from planner.services.seating_rules import humanise, solver_constraints
from solver import Plan, Problem, RoundsPlan, Status, plain_quality, solve, solve_rounds

REASONS_PER_TABLE = 3
MAX_COURSES = 3
# help[i, j] at or above this: j can answer one of i's asks (the explanations' own cut-off).
ANSWERS_ASK = 0.3
STOP_REASONS = {
    "optimal": "it found the best possible seating and proved it",
    "converged": "it stopped finding better seatings, so waiting longer would not help",
    "time_limit": "it used all the time allowed; a longer run might find a slightly better one",
    "iteration_limit": "it ran the number of rounds it was given",
    "": "",
}


class SeatingError(ValueError):
    """The dinner cannot be seated as asked; the message says why in plain words."""


class StalePlan(SeatingError):
    """Someone else saved a change to the seating since this one was prepared."""


@dataclass(frozen=True)
class SeatingOptions:
    """What the organiser chose for a solve."""

    seconds: float
    num_tables: int | None = None
    courses: int = 1
    keep_locked: bool = False  # re-seat everyone except locked guests and tables


@dataclass(frozen=True)
class TableLayout:
    """One table of a seating to store: guests as (invitation id, locked)."""

    course: int
    number: int
    guests: tuple[tuple[int, bool], ...]
    name: str = ""
    locked: bool = False


@dataclass
class PreparedSeating:
    """Everything a solve needs, read from the database before the solver starts."""

    dinner_id: int
    problem: Problem
    attendee_ids: list[int]
    names: dict[int, str] = field(default_factory=dict)
    table_names: dict[int, str] = field(default_factory=dict)
    locked_seats: set[int] = field(default_factory=set)
    locked_tables: set[int] = field(default_factory=set)
    courses: int = 1


@dataclass(frozen=True)
class Solution:
    """A solver result as tables of invitation ids per course, with its explanation."""

    layout: tuple[TableLayout, ...]
    objective: float
    status: str
    stop_reason: str
    seconds: float
    message: str
    note: str = ""


def check_can_seat(dinner: Dinner, num_tables: int | None = None, courses: int = 1) -> None:
    """Refuse at once what no solve can do: too few guests, courses or tables out of range."""
    count = len(dinner.accepted)
    _check_enough(dinner, count)
    if not 1 <= courses <= MAX_COURSES:
        raise SeatingError(f"Seat 1 to {MAX_COURSES} courses.")
    if num_tables is None:
        return
    fewest, most = table_count_range(dinner)
    if not fewest <= num_tables <= most:
        choice = f"{fewest}" if fewest == most else f"{fewest} to {most}"
        raise SeatingError(
            f"{count} guests cannot sit at {num_tables} tables of {dinner.min_table_size}–"
            f"{dinner.max_table_size}: choose {choice} tables."
        )


def table_count_range(dinner: Dinner) -> tuple[int, int]:
    """Return the fewest and the most tables the accepted guests can fill within the bounds."""
    count = len(dinner.accepted)
    return -(-count // dinner.max_table_size), count // dinner.min_table_size


def prepare_seating(dinner: Dinner, options: SeatingOptions) -> PreparedSeating:
    """Read attendees, scores, rules and locks into a solver problem; raise SeatingError."""
    attendees = dinner.accepted
    check_can_seat(dinner, None if options.keep_locked else options.num_tables, options.courses)
    matrix = referral_scores(attendees)
    index = {invitation.id: n for n, invitation in enumerate(attendees)}
    plan = dinner.seating_plan
    locked_seats, locked_tables, pins = set(), set(), []
    num_tables = options.num_tables
    if options.keep_locked and plan is not None:
        first = [t for t in plan.tables if t.course == 1]
        num_tables = len(first)
        for table in first:
            for seat in table.seats:
                if (seat.locked or table.locked) and seat.invitation_id in index:
                    locked_seats.add(seat.invitation_id)
                    pins.append((index[seat.invitation_id], table.number - 1))
            if table.locked:
                locked_tables.add(table.number)
    rules = solver_constraints(
        dinner, attendees, competitor_groups(attendees, len(attendees) // dinner.min_table_size)
    )
    constraints = replace(
        rules,
        pinned=tuple(rules.pinned) + tuple(pins),
        locked_tables=tuple(sorted(n - 1 for n in locked_tables)),
    )
    problem = Problem(
        scores=matrix.scores,
        min_size=dinner.min_table_size,
        max_size=dinner.max_table_size,
        constraints=constraints,
        time_limit_s=options.seconds,
        names=tuple(invitation.name for invitation in attendees),
        num_tables=num_tables,
    )
    return PreparedSeating(
        dinner_id=dinner.id,
        problem=problem,
        attendee_ids=[invitation.id for invitation in attendees],
        names={invitation.id: invitation.name for invitation in attendees},
        table_names=_table_names(plan),
        locked_seats=locked_seats,
        locked_tables=locked_tables,
        courses=options.courses,
    )


def run_solver(
    prepared: PreparedSeating, progress: Callable[[float, float], None] | None = None
) -> Solution:
    """Solve the prepared problem (no database access); raise SeatingError if impossible."""
    problem, note = prepared.problem, ""
    result = _solve(problem, prepared.courses, progress)
    if result.status == Status.INFEASIBLE and problem.constraints.competitor_groups:
        # Too many rivals for the tables: seat anyway, leaving the score's penalty to
        # keep them apart where it can, and say so.
        relaxed = replace(problem.constraints, competitor_groups=())
        result = _solve(replace(problem, constraints=relaxed), prepared.courses, progress)
        note = " Some direct competitors share a table: the table sizes leave no other way."
    if result.status in (Status.INFEASIBLE, Status.INVALID):
        raise SeatingError(f"No seating is possible: {humanise(result.message, problem.names)}")
    plans = result.rounds if isinstance(result, RoundsPlan) else (result,)
    if getattr(result, "pairs_repeated", 0):
        note += (
            f" {result.pairs_repeated} pair(s) share a table in more than one course: with "
            "these table sizes some must."
        )
    layout = tuple(
        table
        for course, plan in enumerate(plans, start=1)
        for table in _layout_of(prepared, plan, course)
    )
    return Solution(
        layout=layout,
        objective=float(result.objective),
        status=result.status.name.lower(),
        stop_reason=result.stop_reason,
        seconds=float(result.seconds),
        message=getattr(result, "message", ""),
        note=note,
    )


def _solve(problem: Problem, courses: int, progress) -> Plan | RoundsPlan:
    if courses == 1:
        return solve(problem, progress)
    # Pins (locks, "seat at table") hold for the first course; later courses rotate, hosts
    # stay put. No pair twice needs at least as many tables as guests at a table; where the
    # sizes forbid it, a meeting again costs more than any pair can gain.
    rounds = partial(solve_rounds, problem, courses, pins_every_round=False, progress=progress)
    tables = problem.num_tables or -(-len(problem.names or ()) // problem.max_size)
    if tables >= problem.max_size:
        result = rounds(never_twice=True)
        if result.ok:
            return result
    return rounds(repeat_penalty=max(float(np.max(problem.scores)), 1.0))


def _layout_of(prepared: PreparedSeating, plan: Plan, course: int) -> list[TableLayout]:
    ids = prepared.attendee_ids
    first = course == 1
    return [
        TableLayout(
            course=course,
            number=number,
            name=prepared.table_names.get(number, ""),
            locked=first and number in prepared.locked_tables,
            guests=tuple((ids[i], first and ids[i] in prepared.locked_seats) for i in members),
        )
        for number, members in enumerate(plan.tables, start=1)
    ]


def stop_reason_words(reason: str) -> str:
    """Say why the seating engine stopped, for the organiser."""
    return STOP_REASONS.get(reason, reason)


def solution_summary(solution: Solution, guests: int) -> str:
    """Describe a finished solve in plain words."""
    tables = sum(1 for table in solution.layout if table.course == 1)
    courses = max((table.course for table in solution.layout), default=1)
    rotation = f", {courses} courses" if courses > 1 else ""
    seconds = f"{solution.seconds:.1f} s"
    return f"Seated {guests} guests at {tables} tables{rotation} in {seconds}.{solution.note}"


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


def _check_enough(dinner: Dinner, count: int) -> None:
    if count < dinner.min_table_size:
        raise SeatingError(
            f"Only {count} guest(s) have accepted, but the smallest table is "
            f"{dinner.min_table_size}. Wait for more RSVPs or lower the smallest table size."
        )


def _table_names(plan: SeatingPlan | None) -> dict[int, str]:
    if plan is None:
        return {}
    return {t.number: t.name for t in plan.tables if t.course == 1 and t.name}


# --- Storing a seating -------------------------------------------------------------------


def write_seating(
    dinner: Dinner,
    layout: tuple[TableLayout, ...] | list[TableLayout],
    expected_version: int | None,
    **fields,
) -> SeatingPlan:
    """Replace the dinner's seating with `layout`, scored afresh (not committed).

    expected_version: the plan version the organiser's page showed; a save over a newer
    version raises StalePlan (checked in the UPDATE itself, so two tabs cannot both win).
    """
    plan = dinner.seating_plan
    if plan is None:
        if expected_version not in (None, 0):
            raise StalePlan(stale_message())
        plan = SeatingPlan(dinner=dinner, status="manual", objective=0.0, solve_seconds=0.0)
        db.session.add(plan)
        db.session.flush()
    else:
        _bump_version(plan, expected_version)
    invitations = {i.id: i for i in dinner.invitations}
    seated = [gid for table in layout if table.course == 1 for gid, _ in table.guests]
    matrix = referral_scores([invitations[gid] for gid in seated])
    position = {gid: n for n, gid in enumerate(seated)}
    plan.tables.clear()
    db.session.flush()
    for spec in layout:
        plan.tables.append(_seated_table(spec, invitations, matrix, position))
    first = [t for t in plan.tables if t.course == 1]
    plan.objective = float(sum(t.score for t in plan.tables))
    plan.courses = max((t.course for t in plan.tables), default=1)
    plan.quality = describe_quality(
        matrix, [[position[s.invitation.id] for s in t.seats] for t in first]
    )
    plan.created_at = utcnow()  # when this seating was made (solve, edit or restore)
    for key, value in fields.items():
        setattr(plan, key, value)
    return plan


def _seated_table(spec: TableLayout, invitations, matrix: ScoreMatrix, position) -> SeatedTable:
    members = [position[gid] for gid, _ in spec.guests if gid in position]
    table = SeatedTable(
        course=spec.course,
        number=spec.number,
        name=spec.name,
        locked=spec.locked,
        score=_members_score(matrix.scores, members),
        reasons=table_reasons(matrix, members),
    )
    table.seats = [Seat(invitation=invitations[gid], locked=locked) for gid, locked in spec.guests]
    return table


def _bump_version(plan: SeatingPlan, expected: int | None) -> None:
    """Move the plan to its next version, refusing if it is no longer `expected`."""
    current = plan.version if expected is None else expected
    result = db.session.execute(
        update(SeatingPlan)
        .where(SeatingPlan.id == plan.id, SeatingPlan.version == current)
        .values(version=current + 1)
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        raise StalePlan(stale_message())
    set_committed_value(plan, "version", current + 1)


def stale_message() -> str:
    """Explain why a save over a newer version of the seating was refused."""
    return (
        "Someone else changed this seating since you opened it, so your change was not "
        "saved. Reload the chart to see their version, then make your change again."
    )


def layout_of_plan(plan: SeatingPlan) -> list[TableLayout]:
    """Return the stored seating as a layout (to edit, snapshot or restore)."""
    return [
        TableLayout(
            course=t.course,
            number=t.number,
            name=t.name,
            locked=t.locked,
            guests=tuple((s.invitation_id, s.locked) for s in t.seats),
        )
        for t in plan.tables
    ]


def _members_score(scores: np.ndarray, members: list[int]) -> float:
    return float(sum(scores[a, b] for a, b in combinations(members, 2)))


def table_reasons(matrix: ScoreMatrix, members) -> list[str]:
    """Return the plain-word reasons behind the table's strongest pairs."""
    pairs = sorted(combinations(members, 2), key=lambda p: -matrix.scores[p[0], p[1]])
    reasons = []
    for i, j in pairs:
        if matrix.scores[i, j] <= 0 or len(reasons) >= REASONS_PER_TABLE:
            break
        reasons.extend(r for r in matrix.reasons(i, j, 1) if r not in reasons)
    return reasons[:REASONS_PER_TABLE]


def describe_quality(matrix: ScoreMatrix, tables: list[list[int]]) -> str:
    """Say how good a seating is: against a random one, and asks with an answer at the table."""
    assignment = [0] * len(matrix.ids)
    for number, members in enumerate(tables):
        for i in members:
            assignment[i] = number
    objective = sum(_members_score(matrix.scores, m) for m in tables)
    plan = Plan(Status.FEASIBLE, tuple(assignment), tuple(tuple(m) for m in tables), objective)
    sentence = plain_quality(plan, matrix.scores).sentence
    asking = [i for i in range(len(assignment)) if matrix.help[i].max(initial=0) >= ANSWERS_ASK]
    answered = sum(
        1
        for i in asking
        if any(matrix.help[i, j] >= ANSWERS_ASK for j in tables[assignment[i]] if j != i)
    )
    if asking:
        sentence += (
            f"; {answered} of {len(asking)} guests with an ask have someone at their table "
            "who can answer it"
        )
    return sentence[0].upper() + sentence[1:] + "."
