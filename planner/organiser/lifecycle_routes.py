"""Organiser actions on a whole dinner: held, undo, close, cancel, delete, message guests.

Each one that cannot be taken back asks first on a page of its own that says what will happen;
the POST is refused with the reason when `dinner_states.allowed_actions` says no.
"""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from planner.context import settings
from planner.extensions import db
from planner.lifecycle.dinner_changes import (
    NOTE_AUDIENCES,
    ActionRefused,
    actions_for,
    cancel_dinner,
    cancel_recipients,
    close_dinner,
    delete_dinner,
    hold_dinner,
    message_guests,
    note_draft,
    note_recipients,
    undo_held,
)
from planner.lifecycle.drafts import preview_email
from planner.lifecycle.tokens import Links
from planner.models._types import utcnow
from planner.organiser import bp
from planner.organiser.forms import ConfirmForm, MessageGuestsForm
from planner.services.dietary import dietary_summary
from planner.services.dinner_states import Action
from planner.services.dinners import owned_dinner


def _to_dinner(dinner):
    return redirect(url_for(".dinner", dinner_id=dinner.id))


def refusal(dinner, action: Action, now):
    """Return a redirect to the dinner with the reason when `action` is not allowed now."""
    verdict = actions_for(dinner, now)[action]
    if verdict.ok:
        return None
    flash(verdict.reason, "error")
    return _to_dinner(dinner)


def _confirmed(dinner, action: Action, title: str, button: str, perform, details=(), after=None):
    """Show the confirmation page on GET; on a confirmed POST perform the action."""
    now = utcnow()
    if refused := refusal(dinner, action, now):
        return refused
    verdict = actions_for(dinner, now)[action]
    form = ConfirmForm()
    if form.validate_on_submit():
        try:
            message = perform(now)
        except ActionRefused as refused:
            db.session.rollback()
            flash(str(refused), "error")
            return _to_dinner(dinner)
        db.session.commit()
        flash(message, "success")
        return after or _to_dinner(dinner)
    return render_template(
        "organiser/confirm.html",
        dinner=dinner,
        title=title,
        question=verdict.confirm,
        details=details,
        button=button,
        form=form,
    )


@bp.route("/dinners/<int:dinner_id>/held", methods=["GET", "POST"])
def held(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)

    def perform(now):
        first = dinner.local(hold_dinner(dinner, now, settings()).follow_up_1)
        return f"Marked as held. The first follow-up emails go out {first:%a %d %b, %H:%M}."

    return _confirmed(dinner, Action.MARK_HELD, "Mark the dinner held", "Mark held", perform)


@bp.route("/dinners/<int:dinner_id>/undo-held", methods=["GET", "POST"])
def unhold(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)

    def perform(now):
        dropped = undo_held(dinner, now)
        return f"No longer marked held; {dropped} queued follow-up email(s) will not go out."

    return _confirmed(dinner, Action.UNDO_HELD, "Undo “held”", "Undo held", perform)


@bp.route("/dinners/<int:dinner_id>/close", methods=["GET", "POST"])
def close(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)

    def perform(now):
        close_dinner(dinner, now)
        return "The dinner is closed. No more mail goes out for it."

    return _confirmed(dinner, Action.CLOSE, "Close the dinner", "Close the dinner", perform)


@bp.route("/dinners/<int:dinner_id>/cancel", methods=["GET", "POST"])
def cancel(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    told = [f"{person.name} <{person.email}>" for person in cancel_recipients(dinner)]

    def perform(now):
        count = cancel_dinner(dinner, now, settings().public_base_url)
        return f"The dinner is cancelled. {count} guest(s) are mailed a cancellation."

    return _confirmed(
        dinner, Action.CANCEL, "Cancel the dinner", "Cancel the dinner", perform, details=told
    )


@bp.route("/dinners/<int:dinner_id>/delete", methods=["GET", "POST"])
def delete(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    title = dinner.title

    def perform(now):
        delete_dinner(dinner, now)
        return f"“{title}” is deleted."

    return _confirmed(
        dinner,
        Action.DELETE,
        "Delete the dinner",
        "Delete for good",
        perform,
        after=redirect(url_for(".index")),
    )


@bp.route("/dinners/<int:dinner_id>/message", methods=["GET", "POST"])
def message(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    now = utcnow()
    if refused := refusal(dinner, Action.MESSAGE_GUESTS, now):
        return refused
    form = MessageGuestsForm()
    form.audience.choices = [
        (key, f"{label} ({len(note_recipients(dinner, key))})")
        for key, label in NOTE_AUDIENCES.items()
    ]
    if not form.validate_on_submit() or form.confirmed.data == "edit":
        # First visit, a mistake to correct, or "Change the message" from the preview.
        return render_template("organiser/message.html", dinner=dinner, form=form), (
            422 if form.errors else 200
        )
    recipients = note_recipients(dinner, form.audience.data)
    if not recipients:
        form.audience.errors.append("Nobody is in this group.")
        return render_template("organiser/message.html", dinner=dinner, form=form), 422
    if form.confirmed.data != "yes":
        return _message_preview(dinner, form, recipients)
    count = message_guests(
        dinner,
        form.audience.data,
        form.subject.data,
        form.note.data,
        now,
        settings().public_base_url,
    )
    db.session.commit()
    flash(f"Your message is on its way to {count} guest(s).", "success")
    return _to_dinner(dinner)


def _message_preview(dinner, form, recipients):
    base_url = settings().public_base_url
    first = recipients[0]
    links = Links(first, base_url, preview=True)
    email = preview_email(
        first, note_draft(first, form.subject.data, form.note.data, links), base_url
    )
    return render_template(
        "organiser/message.html",
        dinner=dinner,
        form=form,
        preview=email,
        recipient=first,
        recipients=recipients,
    )


@bp.get("/dinners/<int:dinner_id>/dietary")
def dietary(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    return render_template("organiser/dietary.html", dinner=dinner, dietary=dietary_summary(dinner))
