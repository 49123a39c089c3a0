"""Where background jobs run: one in-process worker thread, or an RQ queue on Redis.

Embedded default: one daemon thread per web process runs queued jobs in turn (like
`planner/background.py` for mail). With `REDIS_URL` set, jobs go to an RQ queue on Redis and
a separate process runs them (`flask jobs worker`), so web workers never hold one.

A job kind is a table of job rows and a function `run(job_id, settings)` that takes a row
from queued to done or failed; running it twice must be harmless. While a job is queued or
running its `running_dinner_id` equals the dinner's id, and the unique index on it makes a
second press find the same job instead of starting another.
"""

import queue
import threading
import time
from collections.abc import Callable
from datetime import timedelta

from flask import Flask, current_app, has_app_context
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from planner.extensions import db
from planner.models._types import utcnow
from planner.settings import Settings

EXTENSION = "tablewise.jobs"
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"

Run = Callable[[int, Settings], None]
GiveUp = Callable[[int], None]  # ends a job whose worker died: marks it failed, says why


def enqueue(app: Flask, run: Run, job_id: int) -> bool:
    """Queue `run(job_id)` where jobs run; return False if no worker is there to run it."""
    if app.config.get("REDIS_URL") and app.config.get("JOBS_BACKEND", "rq") == "rq":
        from rq import Worker

        jobs = rq_queue(app)
        jobs.enqueue(run_in_app, run, job_id, job_timeout=app.config["JOBS_TIMEOUT"])
        return bool(Worker.count(queue=jobs))
    embedded(app).submit(run, job_id)
    return True


def rq_queue(app: Flask):
    """Return the app's RQ queue on Redis."""
    from redis import Redis
    from rq import Queue

    connection = Redis.from_url(app.config["REDIS_URL"])
    return Queue(app.config["JOBS_QUEUE"], connection=connection)


def run_in_app(run: Run, job_id: int) -> None:
    """RQ entry point: run a job inside the worker's app (creating one if needed)."""
    if has_app_context():
        run(job_id, Settings.from_config(current_app.config))
        return
    from planner import create_app

    app = create_app()
    with app.app_context():
        run(job_id, Settings.from_config(app.config))


def start(job, run: Run, no_worker: str):
    """Insert a new job row and queue it; return it, or the job another request started first.

    The unique `running_dinner_id` turns a race between two presses into an IntegrityError
    for the later insert, which then shows the earlier job.
    """
    model, dinner_id = type(job), job.dinner_id
    db.session.add(job)
    try:
        db.session.commit()
    except IntegrityError:
        db.session.rollback()
        return _running_row(model, dinner_id)  # started a moment ago: no worker lost yet
    if not enqueue(current_app, run, job.id):
        # Say so on the page rather than let the organiser watch a job that never starts.
        write(model, job.id, message=no_worker)
    return job


def running(model, dinner_id: int, give_up: GiveUp):
    """Return the dinner's queued or running job of this kind, if any (a dead one given up)."""
    job = reaped(_running_row(model, dinner_id), give_up)
    return job if job is not None and job.running_dinner_id is not None else None


def _running_row(model, dinner_id: int):
    return db.session.scalar(select(model).where(model.running_dinner_id == dinner_id))


def of_dinner(model, dinner_id: int, job_id: int, give_up: GiveUp):
    """Return one of the dinner's jobs of this kind; None for another dinner's."""
    job = db.session.get(model, job_id)
    return reaped(job, give_up) if job is not None and job.dinner_id == dinner_id else None


def reaped(job, give_up: GiveUp):
    """Return the job as it stands, after giving up on it if its worker must have died.

    Read by every page that shows a job, so a worker killed mid-job never leaves the organiser
    watching progress that will not come, nor blocks the dinner's next job or seating edits.
    """
    if job is not None and job.status in (QUEUED, RUNNING) and is_stale(job):
        give_up(job.id)
        db.session.refresh(job)
    return job


def write(model, job_id: int, **values) -> None:
    """Update a job row in its own short transaction (seen by the polling page at once)."""
    with db.engine.begin() as connection:
        connection.execute(update(model).where(model.id == job_id).values(**values))


def finished(status: str, **values) -> dict:
    """Return the values that end a job: its status, when, and the dinner free for another."""
    return {"status": status, "finished_at": utcnow(), "running_dinner_id": None, **values}


def is_stale(job) -> bool:
    """Tell whether a queued or running job must have lost its worker."""
    limit = current_app.config.get("JOBS_STALE_SECONDS", 600)
    return (job.started_at or job.created_at) < utcnow() - timedelta(seconds=limit)


class EmbeddedRunner:
    """One daemon thread in the web process that runs queued jobs in turn."""

    def __init__(self, app: Flask):
        self.app = app
        self._jobs: queue.Queue[tuple[Run, int]] = queue.Queue()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None

    def submit(self, run: Run, job_id: int) -> None:
        """Queue a job; never blocks the caller."""
        self._jobs.put((run, job_id))
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._run, name="jobs", daemon=True)
                self._thread.start()

    def wait_idle(self, timeout: float = 60.0) -> bool:
        """Wait until every submitted job has finished (tests and shutdown)."""
        deadline = time.monotonic() + timeout
        while self._jobs.unfinished_tasks and time.monotonic() < deadline:
            time.sleep(0.05)
        return not self._jobs.unfinished_tasks

    def _run(self) -> None:
        while True:
            run, job_id = self._jobs.get()
            try:
                with self.app.app_context():
                    run(job_id, Settings.from_config(self.app.config))
            finally:
                self._jobs.task_done()


def init_app(app: Flask) -> None:
    """Give the app its in-process job runner (its thread starts with the first job)."""
    app.extensions[EXTENSION] = EmbeddedRunner(app)


def embedded(app: Flask) -> EmbeddedRunner:
    """Return the app's in-process job runner."""
    return app.extensions[EXTENSION]
