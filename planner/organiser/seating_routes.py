"""The seating chart: seat tables in the background, edit, lock, re-seat, versions."""

from flask import flash, jsonify, redirect, render_template, request, url_for
from flask_login import current_user

from planner.context import settings
from planner.extensions import db
from planner.jobs import DONE, FAILED, job_of, latest_job, running_job, start_seating
from planner.lifecycle.table_changes import mail_table_changes
from planner.models._types import utcnow
from planner.organiser import bp
from planner.organiser.lifecycle_routes import refusal
from planner.organiser.seating_forms import (
    EditForm,
    LockForm,
    ReseatForm,
    SeatForm,
    TableNameForm,
    VersionForm,
)
from planner.services.dinner_states import Action
from planner.services.dinners import owned_dinner
from planner.services.plan_versions import (
    compare,
    restore,
    snapshot,
    table_numbers_mailed,
    version_of,
    versions_of,
)
from planner.services.seating import (
    SeatingError,
    check_can_seat,
    stop_reason_words,
    table_count_range,
)
from planner.services.seating_edits import (
    preview_move,
    preview_swap,
    rename_tables,
    save_edit,
    set_lock,
)


@bp.post("/dinners/<int:dinner_id>/seat")
def seat(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = SeatForm()
    if not form.validate_on_submit():
        flash(_form_problem(form), "error")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    options = {"num_tables": form.num_tables.data, "courses": form.courses.data or 1}
    return _start(dinner, form, options, back=url_for(".dinner", dinner_id=dinner.id))


@bp.post("/dinners/<int:dinner_id>/seating/reseat")
def reseat(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = ReseatForm()
    if not form.validate_on_submit() or dinner.seating_plan is None:
        flash("The form expired; please press the button again.", "error")
        return redirect(url_for(".seating", dinner_id=dinner.id))
    options = {"keep_locked": True, "courses": dinner.seating_plan.courses}
    return _start(dinner, form, options, back=url_for(".seating", dinner_id=dinner.id))


def _start(dinner, form, options: dict, back: str):
    """Start (or join) the background solve; ask first if guests know their tables."""
    # Seating changes only while the dinner can still be edited (not once held or cancelled).
    if refused := refusal(dinner, Action.EDIT, utcnow()):
        return refused
    mailed = dinner.seating_plan is not None and table_numbers_mailed(dinner)
    if mailed and not form.confirm.data:
        action = request.path
        return render_template(
            "organiser/seating_confirm.html", dinner=dinner, form=form, action=action, back=back
        )
    options = {"seconds": settings().solver_seconds, "notify": mailed, **options}
    try:
        check_can_seat(dinner, options.get("num_tables"), options.get("courses", 1))
    except SeatingError as error:
        flash(str(error), "error")
        return redirect(back)
    start_seating(dinner, options, current_user.name)
    return redirect(url_for(".seating", dinner_id=dinner.id))


@bp.get("/dinners/<int:dinner_id>/seating")
def seating(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    job = latest_job(dinner.id)
    plan = dinner.seating_plan
    if plan is None and job is None:
        flash("No seating yet: press “Seat tables” first.", "info")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    course = request.args.get("course", 1, type=int)
    edit = EditForm(formdata=None)
    if plan is not None:
        edit.offer(plan, course)
    return render_template(
        "organiser/seating.html",
        dinner=dinner,
        plan=plan,
        job=job,
        running=job is not None and job.status not in (DONE, FAILED),
        course=course,
        edit=edit,
        marks=_marks(dinner),
        reseat=ReseatForm(),
        lock=LockForm(),
        names=TableNameForm(),
        stop_words=stop_reason_words(plan.stop_reason) if plan else "",
        table_range=table_count_range(dinner),
    )


@bp.get("/dinners/<int:dinner_id>/seating/jobs/<int:job_id>")
def seating_job(dinner_id: int, job_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    job = job_of(dinner.id, job_id)
    if job is None:
        return jsonify(error="no such job"), 404
    return jsonify(
        id=job.id,
        status=job.status,
        progress=round(job.progress, 3),
        best_score=job.best_score,
        message=job.message,
        error=job.error,
        started_at=job.started_at.isoformat() if job.started_at else None,
        finished_at=job.finished_at.isoformat() if job.finished_at else None,
    )


@bp.post("/dinners/<int:dinner_id>/seating/preview")
def preview_edit(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = EditForm()
    if dinner.seating_plan is None or running_job(dinner.id) is not None:
        flash("The seating is being worked on; wait until it is done.", "error")
        return redirect(url_for(".seating", dinner_id=dinner.id))
    form.offer(dinner.seating_plan, form.course.data or 1)
    try:
        preview = _preview(dinner, form)
    except SeatingError as error:
        return _edit_refused(dinner, str(error))
    mailed = table_numbers_mailed(dinner)
    if request.accept_mimetypes.best == "application/json":
        return jsonify(_preview_json(preview, mailed))
    return render_template(
        "organiser/seating_preview.html", dinner=dinner, preview=preview, form=form, mailed=mailed
    )


@bp.post("/dinners/<int:dinner_id>/seating/save")
def save_change(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = EditForm()
    if dinner.seating_plan is None:
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    form.offer(dinner.seating_plan, form.course.data or 1)
    before = snapshot(dinner.seating_plan)
    try:
        preview = _preview(dinner, form)
        plan = save_edit(dinner, preview, form.version.data, current_user.name)
    except SeatingError as error:
        db.session.rollback()
        return _edit_refused(dinner, str(error))
    told = _tell_guests(dinner, before, plan)
    db.session.commit()
    flash(f"Saved: {preview.summary}.{told}", "success")
    return redirect(url_for(".seating", dinner_id=dinner.id, course=preview.course))


@bp.post("/dinners/<int:dinner_id>/seating/lock")
def lock(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = LockForm()
    if form.validate_on_submit():
        try:
            set_lock(
                dinner,
                form.version.data,
                current_user.name,
                locked=form.locked.data,
                table_number=form.table.data,
                guest_id=form.guest.data,
            )
        except SeatingError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
    return redirect(url_for(".seating", dinner_id=dinner.id))


@bp.post("/dinners/<int:dinner_id>/seating/name")
def name_table(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = TableNameForm()
    if form.validate_on_submit():
        try:
            rename_tables(
                dinner, {form.table.data: form.name.data}, form.version.data, current_user.name
            )
        except SeatingError as error:
            db.session.rollback()
            flash(str(error), "error")
        else:
            db.session.commit()
            flash(f"Table {form.table.data} renamed.", "success")
    else:
        flash(_form_problem(form), "error")
    return redirect(url_for(".seating", dinner_id=dinner.id))


@bp.get("/dinners/<int:dinner_id>/seating/versions")
def plan_versions(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    versions = versions_of(dinner)
    comparison = None
    older, newer = request.args.get("a", type=int), request.args.get("b", type=int)
    if older and newer:
        comparison = compare(dinner, version_of(dinner, older), version_of(dinner, newer))
    return render_template(
        "organiser/seating_versions.html",
        dinner=dinner,
        versions=versions,
        comparison=comparison,
        restore_form=VersionForm(),
    )


@bp.post("/dinners/<int:dinner_id>/seating/versions/<int:number>/restore")
def restore_version(dinner_id: int, number: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = VersionForm()
    version = version_of(dinner, number)
    if not form.validate_on_submit():
        flash("The form expired; please press the button again.", "error")
        return redirect(url_for(".plan_versions", dinner_id=dinner.id))
    before = snapshot(dinner.seating_plan) if dinner.seating_plan else []
    try:
        plan = restore(dinner, version, form.version.data, current_user.name)
    except SeatingError as error:
        db.session.rollback()
        flash(str(error), "error")
        return redirect(url_for(".plan_versions", dinner_id=dinner.id))
    told = _tell_guests(dinner, before, plan)
    db.session.commit()
    flash(f"Version {number} restored.{told}", "success")
    return redirect(url_for(".seating", dinner_id=dinner.id))


def _preview(dinner, form: EditForm):
    if form.guest.data is None or form.course.data is None or form.version.data is None:
        raise SeatingError("Choose a guest first.")
    if form.action.data == "swap":
        if not form.other.data:
            raise SeatingError("Choose who to swap with.")
        return preview_swap(dinner, form.course.data, form.guest.data, form.other.data)
    if not form.table.data:
        raise SeatingError("Choose the table to move to.")
    return preview_move(dinner, form.course.data, form.guest.data, form.table.data)


def _tell_guests(dinner, before: list[dict], plan) -> str:
    """Mail guests whose table changed, if they were already told their table."""
    if not before or not table_numbers_mailed(dinner):
        return ""
    version = versions_of(dinner)[0]
    told = mail_table_changes(
        dinner, before, snapshot(plan), settings().public_base_url, version.number
    )
    return f" {len(told)} guest(s) whose table changed are being emailed." if told else ""


def _edit_refused(dinner, message: str):
    if request.accept_mimetypes.best == "application/json":
        return jsonify(error=message), 422
    flash(message, "error")
    return redirect(url_for(".seating", dinner_id=dinner.id))


def _preview_json(preview, mailed: bool) -> dict:
    return {
        "summary": preview.summary,
        "allowed": preview.allowed,
        "violations": preview.violations,
        "before": round(preview.before, 1),
        "after": round(preview.after, 1),
        "delta": round(preview.delta, 1),
        "mailed": mailed,
        "tables": [
            {
                "number": t.number,
                "before": round(t.before, 1),
                "after": round(t.after, 1),
                "delta": round(t.delta, 1),
                "gained": t.gained,
                "lost": t.lost,
            }
            for t in preview.tables
        ],
    }


def _marks(dinner) -> dict[int, list[str]]:
    """Return the badges of each guest on the chart: host, seated at a table by a rule."""
    marks: dict[int, list[str]] = {}
    for rule in dinner.seating_rules:
        label = {"host": "host", "pin": f"rule: table {rule.table_number}"}.get(rule.kind)
        for invitation_id in rule.invitation_ids if label else ():
            marks.setdefault(invitation_id, []).append(label)
    return marks


def _form_problem(form) -> str:
    errors = [f"{error}" for field in form for error in field.errors]
    return errors[0] if errors else "The form expired; please press the button again."
