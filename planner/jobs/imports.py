"""Large guest imports in the background: "Send" returns at once and the page shows progress.

The request previews the list, checks the organiser may send it (verified address, quota) and
stores the previewed guests on a job row. The job invites them in batches of `BATCH`, each
batch its own transaction that also advances the job's `done`: the page sees progress per
batch, a crash loses at most one batch, and a re-run goes on from `done` (and `invite_guests`
skips anyone already invited, so nobody is invited twice even from the start).
"""

import logging

from flask import current_app

from planner.background import dispatcher
from planner.extensions import db
from planner.jobs.runner import (
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    finished,
    of_dinner,
    running,
    start,
    write,
)
from planner.lifecycle.concurrency import commit_with_retry
from planner.lifecycle.invitations import invite_guests, invite_summary
from planner.models import Dinner, GuestImportJob
from planner.models._types import utcnow
from planner.services.guests import Guest
from planner.settings import Settings

log = logging.getLogger(__name__)
BATCH = 500  # guests per transaction: at most this many lost to a crash
NO_WORKER = (
    "Waiting: no background worker is running. Whoever runs this site needs to start "
    "`flask jobs worker`."
)


def start_import(dinner: Dinner, guests: list[Guest], author: str) -> tuple[GuestImportJob, bool]:
    """Start inviting `guests` in the background; return the job and whether this call started it.

    Returns the dinner's import already running instead (False) if there is one, even one that
    a simultaneous press started a moment earlier. The caller has checked the organiser may
    send them (verified address, quota).
    """
    current = running_import(dinner.id)
    if current is not None:
        return current, False
    job = GuestImportJob(
        dinner_id=dinner.id,
        running_dinner_id=dinner.id,
        status=QUEUED,
        author=author,
        guests=[{"name": guest.name, "email": guest.email} for guest in guests],
        total=len(guests),
    )
    started = start(job, run_import, NO_WORKER)
    return started, started is job


def running_import(dinner_id: int) -> GuestImportJob | None:
    """Return the dinner's queued or running import, if any."""
    return running(GuestImportJob, dinner_id, _give_up)


def import_of(dinner_id: int, job_id: int) -> GuestImportJob | None:
    """Return one of the dinner's imports."""
    return of_dinner(GuestImportJob, dinner_id, job_id, _give_up)


def run_import(job_id: int, settings: Settings) -> None:
    """Invite the job's guests batch by batch, from where it got to, and record how it ended."""
    job = db.session.get(GuestImportJob, job_id)
    if job is None or job.status not in (QUEUED, RUNNING):
        return
    guests = [Guest(row["name"], row["email"]) for row in job.guests]  # read once, not per batch
    write(GuestImportJob, job_id, status=RUNNING, started_at=job.started_at or utcnow(), message="")
    try:
        while _invite_next_batch(job_id, guests, settings.public_base_url):
            pass
        _finish(job_id, DONE)
    except Exception:
        log.exception("guest import %s failed", job_id)
        db.session.rollback()
        _finish(job_id, FAILED)
    finally:
        db.session.remove()


def summary(job: GuestImportJob) -> str:
    """Say what the import did, as the synchronous "Send" says it."""
    return invite_summary(job.invited, job.already)


def _invite_next_batch(job_id: int, guests: list[Guest], base_url: str) -> bool:
    """Invite the next batch and commit it with the job's progress; False once none is left."""
    # A fresh identity map per batch: the objects of earlier batches are done with, and keeping
    # them made every batch slower than the one before.
    db.session.expunge_all()
    job = db.session.get(GuestImportJob, job_id)
    if job.done >= len(guests):
        return False
    commit_with_retry(lambda: _invite_batch(job, guests[job.done : job.done + BATCH], base_url))
    mail = dispatcher(current_app)
    if mail is not None:
        mail.notify()  # mail queued outside a request: wake the delivery thread ourselves
    return True


def _invite_batch(job: GuestImportJob, batch: list[Guest], base_url: str) -> None:
    result = invite_guests(db.session.get(Dinner, job.dinner_id), batch, base_url, utcnow())
    job.done += len(batch)
    job.invited += len(result.invited)
    job.already = [*job.already, *(guest.email for guest in result.already_invited)]


def _finish(job_id: int, status: str) -> None:
    job = db.session.get(GuestImportJob, job_id)
    error = "" if status == DONE else _stopped(job)
    # The guest list was only needed to send it: the invitations now hold who was invited.
    write(GuestImportJob, job_id, **finished(status, guests=[], error=error))


def _stopped(job: GuestImportJob) -> str:
    return (
        f"The import stopped after {job.done:,} of {job.total:,} guests. Preview the list "
        "again to invite the rest: everyone already invited is skipped."
    )


def _give_up(job_id: int) -> None:
    """End an import whose worker died, saying how far it got (it blocks the dinner's imports)."""
    _finish(job_id, FAILED)
