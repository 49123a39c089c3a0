"""The attendee's personal RSVP page: no account, just the link from their invitation."""

from flask import flash, redirect, render_template, url_for

from planner.context import settings
from planner.errors import Conflict
from planner.extensions import db
from planner.lifecycle.concurrency import commit_with_retry
from planner.lifecycle.rsvp import RsvpClosed, invitation_for_token, save_answer
from planner.models import RsvpStatus
from planner.models._types import utcnow
from planner.rsvp import bp
from planner.rsvp.forms import ASK_HELP, RsvpForm
from planner.services.profiles import ProfileData


@bp.route("/<token>", methods=["GET", "POST"])
def respond(token: str):
    invitation = invitation_for_token(token, utcnow())
    form = RsvpForm(data=_prefill(invitation))
    is_open = invitation.dinner.rsvp_open(utcnow())
    if is_open and form.validate_on_submit():
        attending, profile = form.attending.data == "yes", _profile(form)
        try:
            commit_with_retry(lambda: _save(token, attending, profile))
        except RsvpClosed:
            db.session.rollback()
            flash("The RSVP for this dinner has closed.", "error")
        except Conflict:
            flash("Your answer changed in another window at the same moment: please check it.")
        else:
            flash(_thanks(attending), "success")
            return redirect(url_for(".respond", token=token))
    return render_template(
        "rsvp/respond.html", invitation=invitation, form=form, is_open=is_open, ask_help=ASK_HELP
    )


def _save(token: str, attending: bool, profile: ProfileData) -> bool:
    # Run again from the token on a retry: the first try's objects were rolled back.
    now = utcnow()
    invitation = invitation_for_token(token, now)
    return save_answer(invitation, attending, profile, now, settings().public_base_url, token)


def _prefill(invitation) -> dict:
    values = {"name": invitation.name}
    if invitation.status != RsvpStatus.PENDING:
        values["attending"] = "yes" if invitation.status == RsvpStatus.ACCEPTED else "no"
    if invitation.profile is not None:
        values.update(ProfileData.from_row(invitation.profile).as_values())
        asks = values.pop("asks")
        values.update({f"ask_{n}": ask for n, ask in enumerate(asks, start=1)})
    return values


def _profile(form: RsvpForm) -> ProfileData:
    return ProfileData.from_values({**form.data, "asks": form.asks})


def _thanks(attending: bool) -> str:
    if attending:
        return "Thank you! You're on the list. You can come back to this link to edit your profile."
    return "Thanks for letting us know. You can change your answer here until the deadline."
