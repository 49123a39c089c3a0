"""The organiser's pages: dinners and guest lists (seating: seating_routes.py)."""

from datetime import datetime
from functools import partial

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from planner.context import settings
from planner.extensions import db, end_read_transaction
from planner.lifecycle.dinner_changes import (
    actions_for,
    edit_dinner,
    plan_edit,
    state_and_actions,
    state_of,
)
from planner.lifecycle.outcomes import funnel, ledger, recorded
from planner.lifecycle.screening import to_review
from planner.models._types import utcnow
from planner.organiser import bp
from planner.organiser.forms import ConfirmForm, DinnerForm
from planner.organiser.guest_forms import InviteForm
from planner.organiser.lifecycle_routes import refusal
from planner.read_only import reads_only
from planner.services.dietary import dietary_summary
from planner.services.dinner_states import Action
from planner.services.dinners import (
    DinnerDetails,
    DinnerInvalid,
    check_new_dinner,
    create_dinner,
    details_of,
    dinners_of,
    owned_dinner,
)


@bp.get("/")
def index():
    dinners = dinners_of(current_user)
    states = {dinner.id: state_of(dinner) for dinner in dinners}
    return render_template("organiser/index.html", dinners=dinners, states=states)


@bp.route("/dinners/new", methods=["GET", "POST"])
def new_dinner():
    form = DinnerForm()
    if form.is_submitted() and _checked(form, check_new_dinner, utcnow()):
        dinner = create_dinner(current_user, _dinner_details(form))
        db.session.commit()
        flash("Dinner created. Now invite your guests.", "success")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    return render_template("organiser/new_dinner.html", form=form), (422 if form.errors else 200)


@bp.route("/dinners/<int:dinner_id>/edit", methods=["GET", "POST"])
def edit(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    now = utcnow()
    if refused := refusal(dinner, Action.EDIT, now):
        return refused
    # On GET the form shows the dinner as stored; on POST what the organiser typed.
    form = DinnerForm(data=_form_data(details_of(dinner)))
    plan = form.is_submitted() and _checked(form, partial(plan_edit, dinner), now)
    if plan:
        if plan.recipients and form.confirmed.data != "yes":
            # Nothing is sent by surprise: show who will be mailed before saving.
            return render_template(
                "organiser/edit_dinner.html", dinner=dinner, form=form, plan=plan
            )
        edit_dinner(dinner, _dinner_details(form), now, settings().public_base_url)
        db.session.commit()
        flash(_edit_summary(plan), "success")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    return render_template("organiser/edit_dinner.html", dinner=dinner, form=form, plan=None), (
        422 if form.errors else 200
    )


@bp.get("/dinners/<int:dinner_id>")
@reads_only
def dinner(dinner_id: int):
    return _dinner_page(owned_dinner(current_user, dinner_id), InviteForm())


@bp.get("/dinners/<int:dinner_id>/seat")
def confirm_reseat(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    if refused := refusal(dinner, Action.RESEAT, utcnow()):
        return refused
    return render_template(
        "organiser/confirm.html",
        dinner=dinner,
        title="Seat the tables again",
        question=actions_for(dinner, utcnow())[Action.RESEAT].confirm,
        details=(),
        button="Seat tables again",
        form=ConfirmForm(),
        action=url_for(".seat", dinner_id=dinner.id),
    )


def _dinner_page(dinner, invite_form):
    state, actions = state_and_actions(dinner, utcnow())
    record = recorded(dinner)
    page = render_template(
        "organiser/dinner.html",
        dinner=dinner,
        invite_form=invite_form,
        confirm=ConfirmForm(),
        funnel=funnel(dinner, record),
        ledger=ledger(dinner, record),
        state=state,
        actions=actions,
        dietary=dietary_summary(dinner),
        review=to_review(dinner),
    )
    end_read_transaction()
    return page


def _checked(form: DinnerForm, check, now):
    """Validate the form and the dinner rules together; put every message on its field."""
    valid = form.validate()
    details = _dinner_details(form)
    if details is None:
        return None
    try:
        result = check(details, now)
    except DinnerInvalid as invalid:
        for name, message in invalid.errors.items():
            if message not in form[name].errors:
                form[name].errors = [*form[name].errors, message]
        return None
    return (result if result is not None else True) if valid else None


def _dinner_details(form: DinnerForm) -> DinnerDetails | None:
    needed = (form.date, form.time, form.rsvp_deadline_date, form.rsvp_deadline_time)
    sizes = (form.min_table_size.data, form.max_table_size.data)
    if any(field.data is None for field in needed) or None in sizes:
        return None
    return DinnerDetails(
        title=form.title.data or "",
        starts_at_local=datetime.combine(form.date.data, form.time.data),
        timezone=form.timezone.data,
        venue=form.venue.data or "",
        min_table_size=form.min_table_size.data,
        max_table_size=form.max_table_size.data,
        rsvp_deadline_local=datetime.combine(
            form.rsvp_deadline_date.data, form.rsvp_deadline_time.data
        ),
        capacity=form.capacity.data,
    )


def _form_data(details: DinnerDetails) -> dict:
    return {
        "title": details.title,
        "date": details.starts_at_local.date(),
        "time": details.starts_at_local.time(),
        "timezone": details.timezone,
        "venue": details.venue,
        "min_table_size": details.min_table_size,
        "max_table_size": details.max_table_size,
        "capacity": details.capacity,
        "rsvp_deadline_date": details.rsvp_deadline_local.date(),
        "rsvp_deadline_time": details.rsvp_deadline_local.time(),
    }


def _edit_summary(plan) -> str:
    if not plan.recipients:
        return "Dinner saved."
    what = ", ".join(change.field for change in plan.changes)
    return f"Dinner saved. {len(plan.recipients)} guest(s) are mailed the new {what}."
