"""The attendee's personal RSVP page: no account, just the link from their invitation."""

from flask import flash, redirect, render_template, url_for

from planner.context import settings
from planner.errors import Conflict
from planner.extensions import db
from planner.lifecycle.concurrency import commit_with_retry
from planner.lifecycle.rsvp import (
    RsvpClosed,
    confirm_response,
    invitation_for_token,
    save_answer,
)
from planner.lifecycle.waitlist import (
    OfferClosed,
    offer_open,
    position,
    seat_capacity,
    take_offered_seat,
)
from planner.models import Invitation, RsvpStatus
from planner.models._types import utcnow
from planner.read_only import reads_only
from planner.rsvp import bp
from planner.rsvp.forms import ASK_HELP, RsvpForm, SeatForm
from planner.security import limits
from planner.services.profiles import ProfileData
from planner.services.waitlist_rules import RULE


@bp.route("/<token>", methods=["GET", "POST"])
@reads_only  # opening the page; saving it writes in a transaction
@limits.rsvp_post_limit
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
            flash(_thanks(db.session.get(Invitation, invitation.id)), "success")  # as committed
            return redirect(url_for(".respond", token=token))
    waitlist = _waitlist_view(invitation)
    page = render_template(
        "rsvp/respond.html",
        invitation=invitation,
        form=form,
        is_open=is_open,
        ask_help=ASK_HELP,
        waitlist=waitlist,
        # The "Confirm my seat" button shows only while a seat is offered.
        seat_form=SeatForm() if waitlist and waitlist.get("offer_open") else None,
    )
    return page


@bp.post("/<token>/seat")
@limits.rsvp_post_limit
def take_seat(token: str):
    invitation = invitation_for_token(token, utcnow())
    if SeatForm().validate_on_submit():
        now = utcnow()
        try:
            take_offered_seat(invitation, now)
            confirm_response(invitation, now, settings().public_base_url)
        except OfferClosed:
            db.session.rollback()
            flash("This seat offer has run out, so it went to the next guest waiting.", "error")
        else:
            db.session.commit()
            flash("Your seat is confirmed. See you at the table!", "success")
    return redirect(url_for(".respond", token=token))


def _save(token: str, attending: bool, profile: ProfileData) -> bool:
    # Run again from the token on a retry: the first try's objects were rolled back.
    now = utcnow()
    invitation = invitation_for_token(token, now)
    return save_answer(invitation, attending, profile, now, settings().public_base_url, token)


def _prefill(invitation) -> dict:
    values = {"name": invitation.name}
    if invitation.status != RsvpStatus.PENDING:
        values["attending"] = "no" if invitation.status == RsvpStatus.DECLINED else "yes"
    if invitation.profile is not None:
        values.update(ProfileData.from_row(invitation.profile).as_values())
        asks = values.pop("asks")
        values.update({f"ask_{n}": ask for n, ask in enumerate(asks, start=1)})
    return values


def _profile(form: RsvpForm) -> ProfileData:
    return ProfileData.from_values({**form.data, "asks": form.asks})


def _waitlist_view(invitation) -> dict | None:
    """Return what the page says about the waitlist; None when there is nothing to say."""
    if invitation.status != RsvpStatus.WAITLISTED:
        # Guests who may still say yes to a dinner with a limit are told the rule up front.
        limited = invitation.status != RsvpStatus.ACCEPTED and seat_capacity(invitation.dinner)
        return {"rule": RULE} if limited else None
    return {
        "offer_open": offer_open(invitation, utcnow()),
        "position": position(invitation),
        "rule": RULE,
    }


def _thanks(invitation) -> str:
    if invitation.status == RsvpStatus.ACCEPTED:
        return "Thank you! You're on the list. You can come back to this link to edit your profile."
    if invitation.status == RsvpStatus.WAITLISTED:
        return (
            f"Thank you! The dinner is full, so you are number {position(invitation)} on the "
            "waitlist. If a seat frees up, we will email you and hold it for you for a while."
        )
    return "Thanks for letting us know. You can change your answer here until the deadline."
