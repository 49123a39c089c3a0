"""Manual changes to a stored seating: preview a move or swap, save it, lock, name tables.

Every preview says what the change does to the affected tables' and the dinner's score and
which reasons the tables gain and lose, before anything is saved; a change that breaks a
size bound or a hard rule is refused with the reason.
"""

from dataclasses import dataclass, replace

from planner.models import Dinner, SeatingPlan
from planner.services.plan_versions import record_version
from planner.services.referrals import referral_scores
from planner.services.seating import (
    SeatingError,
    SeatingOptions,
    StalePlan,
    TableLayout,
    layout_of_plan,
    prepare_seating,
    run_solver,
    solution_summary,
    stale_message,
    table_reasons,
    write_seating,
)
from planner.services.seating_rules import solver_constraints
from solver import InvalidEdit, Problem, evaluate_move, evaluate_swap

TABLE_NAME_LENGTH = 60


@dataclass(frozen=True)
class TableEffect:
    """What a change does to one table (numbered from 1)."""

    number: int
    before: float
    after: float
    gained: list[str]
    lost: list[str]

    @property
    def delta(self) -> float:
        """Return the change of the table's score."""
        return self.after - self.before


@dataclass(frozen=True)
class EditPreview:
    """A proposed move or swap, evaluated but not saved."""

    summary: str
    course: int
    layout: list[TableLayout]
    tables: list[TableEffect]
    before: float
    after: float
    violations: list[str]

    @property
    def allowed(self) -> bool:
        """Tell whether the change breaks no rule."""
        return not self.violations

    @property
    def delta(self) -> float:
        """Return the change of the dinner's score."""
        return self.after - self.before


@dataclass
class _Course:
    """One course of the stored seating, as solver indices."""

    layout: list[TableLayout]
    ids: list[int]
    assignment: list[int]
    problem: Problem
    matrix: object


def preview_move(dinner: Dinner, course: int, guest_id: int, table_number: int) -> EditPreview:
    """Evaluate seating a guest at another table of a course."""
    state = _course_state(dinner, course)
    guest = _index(state, guest_id)
    try:
        result = evaluate_move(state.problem, state.assignment, guest, table_number - 1)
    except InvalidEdit as error:
        raise SeatingError(_sentence(str(error))) from None
    name = state.problem.names[guest]
    return _preview(state, course, result, f"Move {name} to table {table_number}")


def preview_swap(dinner: Dinner, course: int, guest_id: int, other_id: int) -> EditPreview:
    """Evaluate swapping the seats of two guests in a course."""
    state = _course_state(dinner, course)
    guest, other = _index(state, guest_id), _index(state, other_id)
    if state.assignment[guest] == state.assignment[other]:
        raise SeatingError("Those two guests already sit at the same table.")
    result = evaluate_swap(state.problem, state.assignment, guest, other)
    names = state.problem.names
    return _preview(state, course, result, f"Swap {names[guest]} and {names[other]}")


def save_edit(
    dinner: Dinner, preview: EditPreview, expected_version: int, author: str
) -> SeatingPlan:
    """Save a previewed change as a new version; refuse it if it breaks a rule."""
    if dinner.seating_plan.version != expected_version:
        raise StalePlan(stale_message())  # judged against their version, not the one saved
    if not preview.allowed:
        raise SeatingError("Not saved: " + "; ".join(preview.violations) + ".")
    plan = write_seating(dinner, preview.layout, expected_version, status="edited", stop_reason="")
    record_version(dinner, plan, author, preview.summary)
    return plan


def set_lock(
    dinner: Dinner,
    expected_version: int,
    author: str,
    *,
    locked: bool,
    table_number: int | None = None,
    guest_id: int | None = None,
) -> SeatingPlan:
    """Lock or unlock a whole first-course table or one guest, as a new version."""
    layout = _current_layout(dinner)
    names = {i.id: i.name for i in dinner.invitations}
    changed, summary = [], ""
    for table in layout:
        if table.course == 1 and table.number == table_number:
            table = replace(table, locked=locked)
            summary = f"{'Locked' if locked else 'Unlocked'} table {table_number}"
        if table.course == 1 and guest_id in {gid for gid, _ in table.guests}:
            guests = tuple((gid, locked if gid == guest_id else lk) for gid, lk in table.guests)
            table = replace(table, guests=guests)
            summary = (
                f"{'Locked' if locked else 'Unlocked'} {names[guest_id]} at table {table.number}"
            )
        changed.append(table)
    if not summary:
        raise SeatingError("There is no such guest or table in the seating.")
    plan = write_seating(dinner, changed, expected_version)
    record_version(dinner, plan, author, summary)
    return plan


def rename_tables(
    dinner: Dinner, names: dict[int, str], expected_version: int, author: str
) -> SeatingPlan:
    """Give tables names (the same name in every course), as a new version."""
    cleaned = {n: " ".join(name.split())[:TABLE_NAME_LENGTH] for n, name in names.items()}
    layout = [replace(t, name=cleaned.get(t.number, t.name)) for t in _current_layout(dinner)]
    plan = write_seating(dinner, layout, expected_version)
    record_version(dinner, plan, author, "Named tables")
    return plan


def _current_layout(dinner: Dinner) -> list[TableLayout]:
    if dinner.seating_plan is None:
        raise SeatingError("There is no seating yet: press “Seat tables” first.")
    return layout_of_plan(dinner.seating_plan)


def _course_state(dinner: Dinner, course: int) -> _Course:
    layout = _current_layout(dinner)
    tables = sorted((t for t in layout if t.course == course), key=lambda t: t.number)
    if not tables:
        raise SeatingError(f"There is no course {course} in this seating.")
    invitations = {i.id: i for i in dinner.invitations}
    ids = [gid for t in tables for gid, _ in t.guests]
    assignment = [t.number - 1 for t in tables for _ in t.guests]
    attendees = [invitations[gid] for gid in ids]
    matrix = referral_scores(attendees)
    rules = solver_constraints(dinner, attendees)
    if course == 1:
        position = {gid: n for n, gid in enumerate(ids)}
        pins = tuple(
            (position[gid], t.number - 1)
            for t in tables
            for gid, locked in t.guests
            if locked or t.locked
        )
        rules = replace(
            rules,
            pinned=tuple(rules.pinned) + pins,
            locked_tables=tuple(t.number - 1 for t in tables if t.locked),
        )
    else:
        rules = replace(rules, pinned=())  # rotations: "seat at table" holds for course 1
    problem = Problem(
        scores=matrix.scores,
        min_size=dinner.min_table_size,
        max_size=dinner.max_table_size,
        constraints=rules,
        names=tuple(a.name for a in attendees),
        num_tables=len(tables),
    )
    return _Course(layout, ids, assignment, problem, matrix)


def _index(state: _Course, guest_id: int) -> int:
    try:
        return state.ids.index(guest_id)
    except ValueError:
        raise SeatingError("That guest is not seated in this course.") from None


def _preview(state: _Course, course: int, result, summary: str) -> EditPreview:
    after = list(result.assignment)
    effects = [
        _effect(state, change.table, after, change.before, change.after) for change in result.tables
    ]
    return EditPreview(
        summary=summary,
        course=course,
        layout=_moved_layout(state, course, after),
        tables=effects,
        before=result.objective_before,
        after=result.objective_after,
        violations=[_sentence(v) for v in result.violations],
    )


def _effect(state: _Course, table: int, after: list[int], before_score, after_score):
    old = [i for i, t in enumerate(state.assignment) if t == table]
    new = [i for i, t in enumerate(after) if t == table]
    old_reasons = table_reasons(state.matrix, old)
    new_reasons = table_reasons(state.matrix, new)
    return TableEffect(
        number=table + 1,
        before=before_score,
        after=after_score,
        gained=[r for r in new_reasons if r not in old_reasons],
        lost=[r for r in old_reasons if r not in new_reasons],
    )


def _moved_layout(state: _Course, course: int, after: list[int]) -> list[TableLayout]:
    locks = {gid: locked for t in state.layout if t.course == course for gid, locked in t.guests}
    moved = []
    for table in state.layout:
        if table.course == course:
            guests = tuple(
                (gid, locks[gid])
                for gid, t in zip(state.ids, after, strict=True)
                if t == table.number - 1
            )
            table = replace(table, guests=guests)
        moved.append(table)
    return moved


def _sentence(text: str) -> str:
    return text[:1].upper() + text[1:]


CHANGED_DURING_SOLVE = (
    "The seating was changed (a move, lock or restore was saved) while the engine was working, "
    "so its result was not applied and your change is kept. Press “Seat tables” or “Re-seat "
    "the others” again to seat around it."
)


def seat_now(dinner: Dinner, seconds: float, **choices) -> SeatingPlan:
    """Seat the dinner in this process, without a background job (CLI, demo, tests).

    Web requests never call this: they start a job (planner.jobs) and show its progress.
    Raises SeatingError when no seating is possible; not committed.
    """
    prepared = prepare_seating(dinner, SeatingOptions(seconds=seconds, **choices))
    return store_solution(dinner, run_solver(prepared), guests=len(prepared.attendee_ids))


def store_solution(
    dinner: Dinner, solution, guests: int, solved_from: int | None = None
) -> SeatingPlan:
    """Replace the dinner's seating with a solver's solution, with its summary (not committed).

    solved_from: the plan version the solve started from (0: none yet); if the organiser saved
    a change meanwhile, raise StalePlan rather than silently overwrite it.
    """
    try:
        return write_seating(
            dinner,
            solution.layout,
            solved_from,
            status=solution.status,
            stop_reason=solution.stop_reason,
            solve_seconds=solution.seconds,
            message=solution_summary(solution, guests),
            bound=None,
        )
    except StalePlan:
        raise StalePlan(CHANGED_DURING_SOLVE) from None
