"""The progress of a large guest import running in the background: a page and its poll."""

from flask import jsonify, render_template
from flask_login import current_user

from planner.errors import NotFound
from planner.jobs import DONE, import_of, summary
from planner.models import Dinner, GuestImportJob
from planner.organiser import bp
from planner.services.dinners import owned_dinner


@bp.get("/dinners/<int:dinner_id>/imports/<int:job_id>")
def guest_import(dinner_id: int, job_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    job = _import_of(dinner, job_id)
    return render_template(
        "organiser/guests/import_job.html",
        dinner=dinner,
        job=job,
        progress=_progress(job),
        summary=summary(job) if job.status == DONE else "",
    )


@bp.get("/dinners/<int:dinner_id>/imports/<int:job_id>/status")
def guest_import_status(dinner_id: int, job_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    job = _import_of(dinner, job_id)
    return jsonify(
        id=job.id,
        status=job.status,
        progress=round(job.done / job.total, 3) if job.total else 1.0,
        done=job.done,
        total=job.total,
        message=_progress(job),
        error=job.error,
    )


def _import_of(dinner: Dinner, job_id: int) -> GuestImportJob:
    job = import_of(dinner.id, job_id)
    if job is None:
        raise NotFound("import")
    return job


def _progress(job: GuestImportJob) -> str:
    return job.message or f"{job.done:,} of {job.total:,} done"
