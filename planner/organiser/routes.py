"""The organiser's pages: dinners, guest lists, seating and follow-up."""

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from planner.context import settings
from planner.errors import Conflict
from planner.extensions import db
from planner.lifecycle.concurrency import commit_with_retry
from planner.lifecycle.invitations import invite_guests
from planner.lifecycle.outcomes import funnel, ledger
from planner.lifecycle.scheduler import mark_held
from planner.models._types import utcnow
from planner.organiser import bp
from planner.organiser.forms import ConfirmForm, DinnerForm, InviteForm
from planner.services.dinners import DinnerDetails, create_dinner, dinners_of, owned_dinner
from planner.services.guests import GuestListError, import_guests
from planner.services.seating import seat_dinner


@bp.get("/")
def index():
    return render_template("organiser/index.html", dinners=dinners_of(current_user))


@bp.route("/dinners/new", methods=["GET", "POST"])
def new_dinner():
    form = DinnerForm()
    if form.validate_on_submit():
        dinner = create_dinner(current_user, _dinner_details(form))
        db.session.commit()
        flash("Dinner created. Now invite your guests.", "success")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    return render_template("organiser/new_dinner.html", form=form)


@bp.get("/dinners/<int:dinner_id>")
def dinner(dinner_id: int):
    return _dinner_page(owned_dinner(current_user, dinner_id), InviteForm())


@bp.post("/dinners/<int:dinner_id>/invite")
def invite(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = InviteForm()
    if form.validate_on_submit():
        try:
            guests = _parsed_guests(form)
        except GuestListError as error:
            form.errors_from_import = error.errors
        else:
            # A parallel invite of the same address loses the race, then finds it invited.
            invite = lambda: invite_guests(dinner, guests, settings().public_base_url)  # noqa: E731
            try:
                flash(_invite_summary(commit_with_retry(invite)), "success")
            except Conflict:
                flash("The guest list changed in another window at the same moment.", "error")
            return redirect(url_for(".dinner", dinner_id=dinner.id))
    return _dinner_page(dinner, form), 422


@bp.post("/dinners/<int:dinner_id>/seat")
def seat(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    if not ConfirmForm().validate_on_submit():
        flash("The form expired; please press the button again.", "error")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    try:
        outcome = seat_dinner(dinner, settings().solver_seconds)
        if outcome.plan is not None:
            db.session.commit()
    except (IntegrityError, StaleDataError):
        # Another press of "Seat tables" stored its plan first: that one stands.
        db.session.rollback()
        flash("Tables were seated in another window at the same moment; this is that plan.")
        return redirect(url_for(".seating", dinner_id=dinner_id))
    if outcome.plan is None:
        db.session.rollback()
        flash(outcome.explanation, "error")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    flash(outcome.explanation, "success")
    return redirect(url_for(".seating", dinner_id=dinner.id))


@bp.get("/dinners/<int:dinner_id>/seating")
def seating(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    if dinner.seating_plan is None:
        flash("No seating yet: press “Seat tables” first.", "info")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    return render_template("organiser/seating.html", dinner=dinner, plan=dinner.seating_plan)


@bp.post("/dinners/<int:dinner_id>/held")
def held(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    if ConfirmForm().validate_on_submit():
        when = mark_held(dinner, utcnow(), settings())
        db.session.commit()
        first = dinner.local(when.follow_up_1)
        flash(f"Marked as held. Follow-up emails go out {first:%a %d %b, %H:%M}.", "success")
    return redirect(url_for(".dinner", dinner_id=dinner.id))


def _dinner_page(dinner, invite_form):
    return render_template(
        "organiser/dinner.html",
        dinner=dinner,
        invite_form=invite_form,
        confirm=ConfirmForm(),
        funnel=funnel(dinner),
        ledger=ledger(dinner),
    )


def _dinner_details(form: DinnerForm) -> DinnerDetails:
    return DinnerDetails(
        title=form.title.data,
        starts_at_local=datetime.combine(form.date.data, form.time.data),
        timezone=form.timezone.data,
        venue=form.venue.data,
        min_table_size=form.min_table_size.data,
        max_table_size=form.max_table_size.data,
        rsvp_deadline_local=datetime.combine(
            form.rsvp_deadline_date.data, form.rsvp_deadline_time.data
        ),
    )


def _parsed_guests(form: InviteForm):
    # Paste and file are read together: neither silently wins over the other.
    upload = form.csv_file.data.read() if form.csv_file.data else None
    return import_guests(form.pasted.data or "", upload)


def _invite_summary(result) -> str:
    message = f"Invited {len(result.invited)} guest(s)."
    if result.already_invited:
        names = ", ".join(guest.email for guest in result.already_invited)
        message += f" Already on the list, not invited again: {names}."
    return message
