"""Organiser pages about a dinner's lifecycle mail: timing, outbox status, previews."""

from flask import abort, flash, redirect, render_template, request, url_for
from flask_login import current_user

from planner.context import settings
from planner.extensions import db
from planner.lifecycle.mail_status import (
    TimingSettings,
    outbox_of,
    retry_all_failed,
    retry_message,
    status_counts,
    update_timing,
)
from planner.lifecycle.previews import preview, preview_labels
from planner.lifecycle.scheduler import timing
from planner.models._types import utcnow
from planner.organiser import bp
from planner.organiser.forms import ConfirmForm, TimingForm
from planner.security.headers import allow_inline_styles
from planner.services.dinners import owned_dinner


@bp.route("/dinners/<int:dinner_id>/timing", methods=["GET", "POST"])
def timing_settings(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = TimingForm(obj=dinner)
    if form.validate_on_submit():
        update_timing(
            dinner,
            TimingSettings(
                reminder_hours=form.reminder_hours.data,
                morning_hour=form.morning_hour.data,
                follow_up_2_days=form.follow_up_2_days.data,
                outcome_check_weeks=form.outcome_check_weeks.data,
                re_ask_days=form.re_ask_days.data,
            ),
        )
        db.session.commit()
        flash("Mail timing saved.", "success")
        return redirect(url_for(".timing_settings", dinner_id=dinner.id))
    return render_template(
        "organiser/timing.html", dinner=dinner, form=form, when=timing(dinner)
    ), (422 if form.errors else 200)


@bp.get("/dinners/<int:dinner_id>/outbox")
def outbox(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    messages = outbox_of(dinner)
    return render_template(
        "organiser/outbox.html",
        dinner=dinner,
        messages=messages,
        counts=status_counts(messages),
        confirm=ConfirmForm(),
    )


@bp.post("/dinners/<int:dinner_id>/outbox/<int:message_id>/retry")
def retry(dinner_id: int, message_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    if ConfirmForm().validate_on_submit() and retry_message(dinner, message_id, utcnow()):
        db.session.commit()
        flash("The message is queued again.", "success")
    return redirect(url_for(".outbox", dinner_id=dinner.id))


@bp.post("/dinners/<int:dinner_id>/outbox/retry-all")
def retry_all(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    if request.form.get("confirmed") != "yes":
        flash("Tick the box to confirm that every failed message should be sent again.", "error")
    else:
        count = retry_all_failed(dinner, utcnow())
        db.session.commit()
        flash(f"{count} failed message(s) queued again.", "success")
    return redirect(url_for(".outbox", dinner_id=dinner.id))


@bp.get("/dinners/<int:dinner_id>/preview/<kind>")
@allow_inline_styles  # the email itself, shown as the guest sees it, carries inline styles
def preview_mail(dinner_id: int, kind: str):
    dinner = owned_dinner(current_user, dinner_id)
    kinds = preview_labels()
    if kind not in kinds:
        abort(404)
    return render_template(
        "organiser/preview.html",
        dinner=dinner,
        kind=kind,
        kinds=kinds,
        result=preview(dinner, kind, settings().public_base_url),
    )
