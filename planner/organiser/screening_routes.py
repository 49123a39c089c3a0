"""Reviewing the profiles the referral model flags, before seating: approve or decline."""

from flask import abort, flash, redirect, render_template, url_for
from flask_login import current_user

from planner.context import settings
from planner.extensions import db
from planner.lifecycle.screening import NotUnderReview, approve, decline, under_review
from planner.models._types import utcnow
from planner.organiser import bp
from planner.organiser.forms import ConfirmForm, DeclineProfileForm
from planner.services.dinners import owned_dinner


def _flagged_or_404(dinner, invitation_id: int):
    try:
        return under_review(dinner, invitation_id)
    except NotUnderReview:
        abort(404)


@bp.post("/dinners/<int:dinner_id>/review/<int:invitation_id>/approve")
def approve_profile(dinner_id: int, invitation_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    flagged = _flagged_or_404(dinner, invitation_id)
    if ConfirmForm().validate_on_submit():
        approve(flagged, utcnow())
        db.session.commit()
        flash(f"{flagged.invitation.name} stays on the guest list.", "success")
    return redirect(url_for(".dinner", dinner_id=dinner.id, _anchor="review"))


@bp.route("/dinners/<int:dinner_id>/review/<int:invitation_id>/decline", methods=["GET", "POST"])
def decline_profile(dinner_id: int, invitation_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    flagged = _flagged_or_404(dinner, invitation_id)
    form = DeclineProfileForm()
    if form.validate_on_submit():
        decline(flagged, form.note.data, utcnow(), settings().public_base_url)
        db.session.commit()
        flash(f"{flagged.invitation.name} is off the seating and gets your note.", "success")
        return redirect(url_for(".dinner", dinner_id=dinner.id, _anchor="review"))
    return render_template(
        "organiser/decline_profile.html", dinner=dinner, flagged=flagged, form=form
    ), (422 if form.errors else 200)
