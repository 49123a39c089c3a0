"""Background jobs: seating solves and large guest imports, run by `planner.jobs.runner`."""

from planner.jobs.imports import import_of, running_import, start_import, summary
from planner.jobs.runner import DONE, EXTENSION, FAILED, QUEUED, RUNNING, init_app, rq_queue
from planner.jobs.seating import (
    job_of,
    latest_job,
    run_job,
    run_queued_job,
    running_job,
    start_seating,
)

__all__ = [
    "DONE",
    "EXTENSION",
    "FAILED",
    "QUEUED",
    "RUNNING",
    "import_of",
    "init_app",
    "job_of",
    "latest_job",
    "rq_queue",
    "run_job",
    "run_queued_job",
    "running_import",
    "running_job",
    "start_import",
    "start_seating",
    "summary",
]
