"""The attendee's personal RSVP page: no account, just the link from their invitation."""

from flask import Blueprint, flash, redirect, render_template, url_for

from planner.extensions import db
from planner.models._types import utcnow
from planner.rsvp.forms import ASK_HELP, RsvpForm
from planner.services.rsvp import (
    ProfileData,
    RsvpClosed,
    confirm_response,
    invitation_for_token_or_404,
    record_response,
)

bp = Blueprint("rsvp", __name__, url_prefix="/rsvp")


@bp.route("/<token>", methods=["GET", "POST"])
def respond(token: str):
    invitation = invitation_for_token_or_404(token)
    form = RsvpForm(data=_prefill(invitation))
    is_open = invitation.dinner.rsvp_open(utcnow())
    if is_open and form.validate_on_submit():
        now = utcnow()
        try:
            record_response(invitation, form.attending.data == "yes", _profile(form), now)
            confirm_response(invitation, now)
        except RsvpClosed:
            flash("The RSVP for this dinner has closed.", "error")
        else:
            db.session.commit()
            flash(_thanks(form.attending.data == "yes"), "success")
            return redirect(url_for(".respond", token=token))
    return render_template(
        "rsvp/respond.html", invitation=invitation, form=form, is_open=is_open, ask_help=ASK_HELP
    )


def _prefill(invitation) -> dict:
    profile = invitation.profile
    values = {"name": invitation.name}
    if invitation.status != "pending":
        values["attending"] = "yes" if invitation.status == "accepted" else "no"
    if profile is not None:
        values.update(
            name=profile.name,
            company=profile.company,
            role=profile.role,
            industry=profile.industry,
            what_i_do=profile.what_i_do,
            serves=profile.serves,
            can_introduce=profile.can_introduce,
            dietary=profile.dietary,
            prefer_not=profile.prefer_not,
            **{f"ask_{n}": ask for n, ask in enumerate(profile.asks, start=1)},
        )
    return values


def _profile(form: RsvpForm) -> ProfileData:
    return ProfileData(
        name=form.name.data or "",
        company=form.company.data or "",
        role=form.role.data or "",
        industry=form.industry.data or "",
        what_i_do=form.what_i_do.data or "",
        serves=form.serves.data or "",
        asks=form.asks,
        can_introduce=form.can_introduce.data or "",
        dietary=form.dietary.data or "",
        prefer_not=form.prefer_not.data or "",
    )


def _thanks(attending: bool) -> str:
    if attending:
        return "Thank you! You're on the list. You can come back to this link to edit your profile."
    return "Thanks for letting us know. You can change your answer here until the deadline."
