"""The organiser's guest pages: invite (previewed first), list, profile, remove, re-send, export,
and the dinner's seats with its waitlist."""

from flask import Response, flash, redirect, render_template, request, url_for
from flask_login import current_user

from planner.context import settings
from planner.errors import Conflict, NotFound
from planner.extensions import db
from planner.jobs import running_import, start_import
from planner.lifecycle.concurrency import commit_with_retry
from planner.lifecycle.dinner_changes import actions_for
from planner.lifecycle.guests import (
    GuestActionRefused,
    may_be_told_of_removal,
    remove_invitation,
    resend_invitation,
)
from planner.lifecycle.invitations import invite_guests, invite_summary
from planner.lifecycle.waitlist import (
    CapacityRefused,
    offer_open,
    position,
    seat_capacity,
    set_capacity,
    waitlist_of,
)
from planner.models import Dinner, Invitation
from planner.models._types import utcnow
from planner.organiser import bp
from planner.organiser.forms import ConfirmForm
from planner.organiser.guest_forms import (
    CapacityForm,
    InviteForm,
    RemoveGuestForm,
    list_digest,
)
from planner.organiser.lifecycle_routes import refusal
from planner.security import limits
from planner.services.accounts import EmailNotVerified, require_verified
from planner.services.dinner_states import Action
from planner.services.dinners import owned_dinner
from planner.services.guest_export import guest_list_csv
from planner.services.guest_list import (
    SORTS,
    STATUSES,
    GuestQuery,
    export_rows,
    find_guests,
    industry_label,
    status_counts,
    table_numbers,
)
from planner.services.guests import Guest, preview_import
from planner.services.waitlist_rules import RULE


@bp.post("/dinners/<int:dinner_id>/invite")
def invite(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    if refused := refusal(dinner, Action.INVITE, utcnow()):
        return refused
    form = InviteForm()
    if not form.validate_on_submit():
        return _import_page(dinner, form, None), 422
    preview = _parsed_guests(dinner, form)
    previewed = list_digest(preview.guests)
    if form.send.data and preview.ok and form.digest.data == previewed:
        send = _send_in_background if _in_background(preview.guests) else _send_now
        if sent := send(dinner, preview.guests):
            return sent
    changed = form.send.data and preview.ok and form.digest.data != previewed
    form.digest.data = previewed
    return _import_page(dinner, form, preview, changed), 200 if preview.ok else 422


@bp.get("/dinners/<int:dinner_id>/guests")
def guests(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    return _guests_page(dinner, CapacityForm(capacity=dinner.capacity))


def _guests_page(dinner: Dinner, capacity_form: CapacityForm):
    query = GuestQuery.from_args(request.args)
    return render_template(
        "organiser/guests/list.html",
        dinner=dinner,
        query=query,
        found=find_guests(dinner.invitations, query),
        counts=status_counts(dinner.invitations),
        statuses=STATUSES,
        sorts=SORTS,
        tables=table_numbers(dinner),
        capacity=seat_capacity(dinner),
        capacity_form=capacity_form,
        invite_form=InviteForm(),
        can_invite=actions_for(dinner, utcnow())[Action.INVITE],
        rule=RULE,
        waitlist=waitlist_of(dinner),
    )


@bp.get("/dinners/<int:dinner_id>/guests.csv")
def export_guests(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    found = find_guests(dinner.invitations, GuestQuery.from_args(request.args))
    body = guest_list_csv(export_rows(found, table_numbers(dinner)))
    filename = f"guests-{dinner.starts_at:%Y-%m-%d}.csv"
    return Response(
        body,
        mimetype="text/csv",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/dinners/<int:dinner_id>/guests/<int:invitation_id>")
def guest(dinner_id: int, invitation_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    invitation = _invitation_of(dinner, invitation_id)
    return render_template(
        "organiser/guests/profile.html",
        dinner=dinner,
        guest=invitation,
        table=table_numbers(dinner).get(invitation.id),
        industry=industry_label(invitation.profile.industry) if invitation.profile else "",
        position=position(invitation),
        offer_open=offer_open(invitation, utcnow()),
        rule=RULE,
    )


@bp.route("/dinners/<int:dinner_id>/guests/<int:invitation_id>/remove", methods=["GET", "POST"])
def remove_guest(dinner_id: int, invitation_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    invitation = _invitation_of(dinner, invitation_id)
    form = RemoveGuestForm()
    if form.validate_on_submit():
        notice = form.note.data or "" if form.tell_guest.data else None
        try:
            remove_invitation(invitation, utcnow(), settings().public_base_url, notice)
        except GuestActionRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(_removed(invitation, told=notice is not None), "success")
        return redirect(url_for(".guest", dinner_id=dinner.id, invitation_id=invitation.id))
    if request.method == "GET":
        form.tell_guest.data = True
    status = 422 if form.errors else 200
    page = render_template(
        "organiser/guests/remove.html",
        dinner=dinner,
        invitation=invitation,
        form=form,
        may_tell=may_be_told_of_removal(invitation),
    )
    return page, status


@bp.route("/dinners/<int:dinner_id>/guests/<int:invitation_id>/resend", methods=["GET", "POST"])
def resend_guest(dinner_id: int, invitation_id: int):
    return _resend(dinner_id, invitation_id)


@bp.post("/dinners/<int:dinner_id>/capacity")
def capacity(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = CapacityForm()
    if not form.validate_on_submit():
        return _guests_page(dinner, form), 422
    try:
        offered = set_capacity(dinner, form.capacity.data, utcnow(), settings().public_base_url)
    except CapacityRefused as refused:
        db.session.rollback()
        form.capacity.errors = [f"Seats not changed: {refused}"]
        return _guests_page(dinner, form), 422
    db.session.commit()
    flash(_capacity_summary(dinner, offered), "success")
    return redirect(url_for(".guests", dinner_id=dinner.id))


# --- Helpers ----------------------------------------------------------------------------------

RESEND_CONSEQUENCE = (
    "They get a new invitation with a new personal link; the links in earlier mail stop "
    "opening their RSVP page. Their answer and profile are kept."
)


def _resend(dinner_id: int, invitation_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    invitation = _invitation_of(dinner, invitation_id)
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            limits.consume_invitations(current_user.id, 1)
            resend_invitation(invitation, utcnow(), settings().public_base_url)
        except (GuestActionRefused, EmailNotVerified, limits.InvitationQuotaExceeded) as refused:
            db.session.rollback()
            flash(str(refused), "error")
        else:
            db.session.commit()
            flash(f"A new invitation is on its way to {invitation.email}.", "success")
        return redirect(url_for(".guest", dinner_id=dinner.id, invitation_id=invitation.id))
    return render_template(
        "organiser/confirm.html",
        dinner=dinner,
        form=form,
        title=f"Send {invitation.name} their invitation again?",
        question=RESEND_CONSEQUENCE,
        button="Send it again",
    )


def _removed(invitation: Invitation, told: bool) -> str:
    said = f" An email telling them is on its way to {invitation.email}." if told else ""
    return f"{invitation.name} was removed; their links no longer work.{said}"


def _invitation_of(dinner: Dinner, invitation_id: int) -> Invitation:
    invitation = db.session.get(Invitation, invitation_id)
    if invitation is None or invitation.dinner_id != dinner.id:
        raise NotFound("guest")
    return invitation


def _parsed_guests(dinner: Dinner, form: InviteForm):
    # Paste and file are read together: neither silently wins over the other.
    live = [invitation.email for invitation in dinner.invitations if invitation.live]
    return preview_import(form.pasted.data or "", form.csv_data(), already_invited=live)


def _import_page(dinner: Dinner, form: InviteForm, preview, changed: bool = False):
    background = preview is not None and preview.ok and _in_background(preview.guests)
    return render_template(
        "organiser/guests/import.html",
        dinner=dinner,
        form=form,
        preview=preview,
        changed=changed,
        background=background,
        running=running_import(dinner.id),
    )


def _in_background(guests: list[Guest]) -> bool:
    return len(guests) > settings().import_in_background_above


def _send_now(dinner: Dinner, guests: list[Guest]):
    """Invite and queue every guest in this request; None (with a flash) if refused."""
    base_url = settings().public_base_url
    try:
        limits.consume_invitations(current_user.id, len(guests))
        # A parallel invite of the same address loses the race, then finds it invited.
        result = commit_with_retry(lambda: invite_guests(dinner, guests, base_url, utcnow()))
    except (EmailNotVerified, limits.InvitationQuotaExceeded) as refused:
        db.session.rollback()
        flash(str(refused), "error")
    except Conflict:
        flash("The guest list changed in another window at the same moment.", "error")
    else:
        already = [guest.email for guest in result.already_invited]
        flash(invite_summary(len(result.invited), already), "success")
        return redirect(url_for(".dinner", dinner_id=dinner.id))
    return None


def _send_in_background(dinner: Dinner, guests: list[Guest]):
    """Start the background import (or show the one running); None (with a flash) if refused."""
    job = running_import(dinner.id)
    if job is not None:
        flash("An import for this dinner is already running: here is its progress.", "info")
    else:
        try:
            require_verified(dinner.organiser)
            limits.check_invitations(current_user.id, len(guests))
        except (EmailNotVerified, limits.InvitationQuotaExceeded) as refused:
            flash(str(refused), "error")
            return None
        job, started = start_import(dinner, guests, current_user.name)
        if started:  # a press that found another's job at the same moment sends nothing
            limits.count_invitations(current_user.id, len(guests))
    return redirect(url_for(".guest_import", dinner_id=dinner.id, job_id=job.id))


def _capacity_summary(dinner: Dinner, offered: list[Invitation]) -> str:
    seats = seat_capacity(dinner)
    message = f"Seats: {seats}." if seats is not None else "Seats: no limit set."
    if offered:
        names = ", ".join(invitation.name for invitation in offered)
        message += f" A freed seat was offered by email to: {names}."
    return message
