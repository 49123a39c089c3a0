"""Background seating jobs: "Seat tables" returns at once and the page polls the job.

A job row holds status, progress, the best score so far, start/finish and any error; where it
runs is `planner.jobs.runner`'s business.
"""

import logging
import time

from flask import current_app
from sqlalchemy import select, update

from planner.background import dispatcher
from planner.extensions import db
from planner.jobs.runner import (
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    finished,
    of_dinner,
    reaped,
    run_in_app,
    running,
    start,
    write,
)
from planner.lifecycle.table_changes import mail_table_changes
from planner.models import Dinner, SeatingJob
from planner.models._types import utcnow
from planner.services.plan_versions import record_version, snapshot, table_numbers_mailed
from planner.services.seating import (
    SeatingError,
    SeatingOptions,
    prepare_seating,
    run_solver,
)
from planner.services.seating_edits import store_solution
from planner.settings import Settings
from solver import random_expectation

log = logging.getLogger(__name__)
PROGRESS_WRITE_S = 0.25  # how often a running solve writes its progress to the job row
NO_WORKER = (
    "Waiting: no seating worker is running. Whoever runs this site needs to start "
    "`flask jobs worker`."
)


def start_seating(dinner: Dinner, options: dict, author: str) -> SeatingJob:
    """Start a background solve for the dinner, or return the one already running."""
    current = running_job(dinner.id)
    if current is not None:
        return current
    job = SeatingJob(
        dinner_id=dinner.id,
        running_dinner_id=dinner.id,
        status=QUEUED,
        options=options,
        author=author,
        message="Waiting for the seating engine…",
    )
    return start(job, run_job, NO_WORKER)


def running_job(dinner_id: int) -> SeatingJob | None:
    """Return the dinner's queued or running job, if any."""
    return running(SeatingJob, dinner_id, _give_up)


def latest_job(dinner_id: int) -> SeatingJob | None:
    """Return the dinner's most recent job."""
    latest = db.session.scalar(
        select(SeatingJob)
        .where(SeatingJob.dinner_id == dinner_id)
        .order_by(SeatingJob.id.desc())
        .limit(1)
    )
    return reaped(latest, _give_up)


def job_of(dinner_id: int, job_id: int) -> SeatingJob | None:
    """Return one of the dinner's jobs."""
    return of_dinner(SeatingJob, dinner_id, job_id, _give_up)


def run_job(job_id: int, settings: Settings) -> None:
    """Run one seating job to its end, recording progress, result or error (in app context)."""
    job = db.session.get(SeatingJob, job_id)
    if job is None or job.status != QUEUED:
        return
    _write(job_id, status=RUNNING, started_at=utcnow(), progress=0.02,
           message="Reading guest profiles and scoring who can help whom…")  # fmt: skip
    try:
        _solve_and_store(job_id, settings)
    except SeatingError as error:
        db.session.rollback()
        _finish(job_id, FAILED, error=str(error))
    except Exception:
        log.exception("seating job %s failed", job_id)
        db.session.rollback()
        _finish(job_id, FAILED, error="The seating engine stopped unexpectedly; please try again.")
    finally:
        db.session.remove()


def _solve_and_store(job_id: int, settings: Settings) -> None:
    job = db.session.get(SeatingJob, job_id)
    options = dict(job.options)
    notify, author = bool(options.pop("notify", False)), job.author
    dinner = db.session.get(Dinner, job.dinner_id)
    prepared = prepare_seating(dinner, SeatingOptions(**options))
    # A change saved while the solver works must win over the result: compare versions at the end.
    solved_from = dinner.seating_plan.version if dinner.seating_plan is not None else 0
    sizes = [dinner.max_table_size] * max(1, len(prepared.attendee_ids) // dinner.max_table_size)
    random_score = random_expectation(prepared.problem.scores, sizes)
    db.session.commit()  # hold no transaction while the solver works
    reporter = _ProgressWriter(job_id, prepared.problem.time_limit_s, random_score)
    solution = run_solver(prepared, reporter)
    dinner = db.session.get(Dinner, prepared.dinner_id)
    before = snapshot(dinner.seating_plan) if dinner.seating_plan else []
    plan = store_solution(dinner, solution, len(prepared.attendee_ids), solved_from)
    summary = plan.message
    what = "Re-seated the others" if options.get("keep_locked") else "Seated tables"
    version = record_version(dinner, plan, author, what)
    if notify and before and table_numbers_mailed(dinner):
        base_url = settings.public_base_url
        told = mail_table_changes(dinner, before, snapshot(plan), base_url, version.number)
        summary += f" {len(told)} guest(s) whose table changed are being emailed."
    _finish(job_id, DONE, message=summary, best_score=plan.objective, session_commit=True)
    mail = dispatcher(current_app)
    if notify and mail is not None:
        mail.notify()  # mail queued outside a request: wake the delivery thread ourselves


class _ProgressWriter:
    """The solver's progress hook: write elapsed/limit and the best score, rate-limited."""

    def __init__(self, job_id: int, limit: float, random_score: float):
        self.job_id, self.limit, self.random_score = job_id, max(limit, 0.1), random_score
        self._last = -1.0

    def __call__(self, elapsed: float, best: float) -> None:
        now = time.perf_counter()
        if now - self._last < PROGRESS_WRITE_S:
            return
        self._last = now
        ratio = (
            f" ({best / self.random_score:.1f}× a random seating)" if self.random_score > 0 else ""
        )
        _write(
            self.job_id,
            progress=min(0.99, 0.05 + 0.95 * elapsed / self.limit),
            best_score=best,
            message=f"Searching: best score so far {best:.1f}{ratio}",
        )


def _write(job_id: int, **values) -> None:
    write(SeatingJob, job_id, **values)


def _finish(job_id: int, status: str, session_commit: bool = False, **values) -> None:
    values = finished(status, **values)
    if status == DONE:
        values["progress"] = 1.0
    if session_commit:
        # The plan and the job's end commit together: the page never sees one without the other.
        db.session.execute(update(SeatingJob).where(SeatingJob.id == job_id).values(**values))
        db.session.commit()
    else:
        _write(job_id, **values)


def _give_up(job_id: int) -> None:
    """End a job whose worker died: it would block the dinner's seating forever."""
    _finish(job_id, FAILED, error="The seating engine did not finish; please try again.")


def run_queued_job(job_id: int) -> None:
    """RQ entry point of seating jobs queued before jobs ran through `runner.run_in_app`."""
    run_in_app(run_job, job_id)
