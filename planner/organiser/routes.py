"""The organiser's pages: dinners and guest lists (seating: seating_routes.py)."""

from datetime import datetime

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from planner.context import settings
from planner.extensions import db
from planner.lifecycle.invitations import invite_guests
from planner.lifecycle.outcomes import funnel, ledger
from planner.lifecycle.scheduler import mark_held
from planner.models._types import utcnow
from planner.organiser import bp
from planner.organiser.forms import ConfirmForm, DinnerForm, InviteForm
from planner.security import limits
from planner.services.accounts import EmailNotVerified
from planner.services.dinners import DinnerDetails, create_dinner, dinners_of, owned_dinner
from planner.services.guests import GuestListError, import_guests


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
            limits.consume_invitations(current_user.id, len(guests))
            result = invite_guests(dinner, guests, settings().public_base_url)
        except GuestListError as error:
            form.errors_from_import = error.errors
        except (EmailNotVerified, limits.InvitationQuotaExceeded) as refusal:
            db.session.rollback()
            flash(str(refusal), "error")
        else:
            db.session.commit()
            flash(_invite_summary(result), "success")
            return redirect(url_for(".dinner", dinner_id=dinner.id))
    return _dinner_page(dinner, form), 422


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
