"""A large import's job: batches committed with its progress, and a re-run after a crash (or
from the very start) that invites nobody twice."""

import pytest
from sqlalchemy.orm import undefer

from planner.extensions import db
from planner.jobs import imports
from planner.jobs.imports import BATCH, run_import
from planner.lifecycle.kinds import Kind
from planner.models import GuestImportJob, Invitation, OutboxMessage
from tests.helpers import settings

GUESTS = 2 * BATCH + 200  # three batches, the last one short


class Crash(BaseException):
    """The worker process dies: nothing in the job catches this."""


def _invitations_and_mail(app) -> tuple[dict[str, int], dict[int, int]]:
    """Return how often each address was invited, and invitation emails per invitation."""
    with app.app_context():
        emails = db.session.execute(
            db.select(Invitation.email, db.func.count()).group_by(Invitation.email)
        ).all()
        mail = db.session.execute(
            db.select(OutboxMessage.invitation_id, db.func.count())
            .where(OutboxMessage.kind == Kind.INVITATION)
            .group_by(OutboxMessage.invitation_id)
        ).all()
        return dict(emails), dict(mail)


def _job(app, job_id: int) -> GuestImportJob:
    with app.app_context():
        job = db.session.get(GuestImportJob, job_id, options=[undefer(GuestImportJob.guests)])
        db.session.expunge(job)
        return job


def _run(app, job_id: int) -> None:
    with app.app_context():
        run_import(job_id, settings())


def test_a_crashed_import_goes_on_where_it_stopped_and_invites_nobody_twice(
    queued_import, app, monkeypatch
):
    job_id = queued_import(app, GUESTS)
    real, calls = imports.invite_guests, []

    def dies_in_the_second_batch(*args):
        calls.append(1)
        result = real(*args)  # rows written, not yet committed
        if len(calls) == 2:
            raise Crash()
        return result

    monkeypatch.setattr(imports, "invite_guests", dies_in_the_second_batch)
    with pytest.raises(Crash):
        _run(app, job_id)
    crashed = _job(app, job_id)
    assert (crashed.status, crashed.done, crashed.invited) == ("running", BATCH, BATCH)
    assert len(_invitations_and_mail(app)[0]) == BATCH  # the second batch was rolled back

    monkeypatch.setattr(imports, "invite_guests", real)
    _run(app, job_id)  # the worker runs it again
    done = _job(app, job_id)
    assert (done.status, done.done, done.invited, done.already) == ("done", GUESTS, GUESTS, [])
    assert done.guests == [] and done.running_dinner_id is None
    invited, mail = _invitations_and_mail(app)
    assert invited == {f"guest{n}@example.com": 1 for n in range(GUESTS)}
    assert len(mail) == GUESTS and set(mail.values()) == {1}
    assert imports.summary(done) == f"Invited {GUESTS:,} guest(s)."


def test_an_import_run_again_from_the_start_skips_everyone_already_invited(queued_import, app):
    job_id = queued_import(app, BATCH + 10)
    with app.app_context():
        guests = db.session.get(GuestImportJob, job_id).guests
    _run(app, job_id)
    _run(app, job_id)  # a finished job is not run again
    with app.app_context():
        job = db.session.get(GuestImportJob, job_id)
        job.status, job.done, job.guests, job.invited = "running", 0, guests, 0
        db.session.commit()
    _run(app, job_id)  # the worst case: its progress lost
    again = _job(app, job_id)
    assert (again.status, again.invited, len(again.already)) == ("done", 0, BATCH + 10)
    invited, mail = _invitations_and_mail(app)
    assert len(invited) == BATCH + 10 and set(invited.values()) == {1}
    assert len(mail) == BATCH + 10 and set(mail.values()) == {1}
