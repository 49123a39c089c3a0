"""Action pages opened from lifecycle mail: no login, a personal token in the link.

GET only ever shows a page (mail scanners pre-open links); the change is a POST button.
"""

from flask import abort, flash, redirect, render_template, request

from planner.actions import bp
from planner.actions.forms import ActionForm, AnswerForm
from planner.context import settings
from planner.extensions import db
from planner.lifecycle.introductions import (
    answer_introduction,
    offer_introduction,
    request_introduction,
)
from planner.lifecycle.outcomes import find_outcome, other_attendee, outcome_ask, record_outcome
from planner.lifecycle.preferences import unsubscribe as unsubscribe_person
from planner.lifecycle.reach import guard_action
from planner.lifecycle.tokens import holder
from planner.models import Introduction, OutcomeKind, TokenPurpose
from planner.models._types import utcnow
from planner.webext import csrf

LABELS = {
    OutcomeKind.INTRODUCED: "I made this introduction",
    OutcomeKind.BOOKED: "We booked a 1:1",
    OutcomeKind.NOT_A_FIT: "Not a fit",
    OutcomeKind.INTRO_REQUESTED: "Please introduce me",
}


def _kind_or_404(kind: str) -> OutcomeKind:
    try:
        return OutcomeKind(kind)
    except ValueError:
        abort(404)


@bp.route("/act/<token>/<kind>/<int:other_id>", methods=["GET", "POST"])
def outcome(token: str, kind: str, other_id: int):
    actor = holder(token, TokenPurpose.ACTIONS, utcnow())
    kind = _kind_or_404(kind)
    other = other_attendee(actor, other_id)
    guard_action(actor, other, kind=kind)  # table-mates at a held dinner; few intro requests
    form = ActionForm(ask=request.args.get("ask", ""))
    if form.validate_on_submit():
        _, new = record_outcome(actor, other, kind, form.ask.data or "", utcnow())
        if new and kind == OutcomeKind.INTRO_REQUESTED:
            request_introduction(actor, other, form.ask.data or "", settings().public_base_url)
        db.session.commit()
        flash("Thank you, noted.", "success")
        return redirect(request.full_path)
    ask = outcome_ask(kind, actor, other, form.ask.data or "")
    return render_template(
        "actions/outcome.html",
        form=form,
        actor=actor,
        other=other,
        kind=kind,
        ask=ask,
        label=LABELS[kind],
        done=find_outcome(actor, other, kind, ask) is not None,
    )


@bp.route("/act/<token>/offer/<int:seeker_id>/<int:target_id>", methods=["GET", "POST"])
def offer(token: str, seeker_id: int, target_id: int):
    introducer = holder(token, TokenPurpose.ACTIONS, utcnow())
    seeker = other_attendee(introducer, seeker_id)
    target = other_attendee(introducer, target_id)
    if seeker.id == target.id:
        abort(404)
    guard_action(introducer, seeker, kind="offer", target=target)  # seeker a table-mate
    form = ActionForm(ask=request.args.get("ask", ""))
    if form.validate_on_submit():
        offer_introduction(
            introducer, seeker, target, form.ask.data or "", utcnow(), settings().public_base_url
        )
        db.session.commit()
        flash(f"Thank you. We have asked {target.name} first.", "success")
        return redirect(request.full_path)
    return render_template(
        "actions/offer.html", form=form, seeker=seeker, target=target, ask=form.ask.data
    )


@bp.route("/act/<token>/introductions/<int:introduction_id>", methods=["GET", "POST"])
def introduction(token: str, introduction_id: int):
    target = holder(token, TokenPurpose.ACTIONS, utcnow())
    intro = db.session.get(Introduction, introduction_id)
    if intro is None or intro.target_id != target.id:
        abort(404)
    form = AnswerForm()
    # Only a press of one of the two buttons answers; a bare POST decides nothing.
    if form.validate_on_submit() and (form.yes.data or form.no.data):
        yes = bool(form.yes.data)
        if answer_introduction(intro, target, yes, utcnow(), settings().public_base_url):
            db.session.commit()
            flash("Thank you, noted.", "success")
        return redirect(request.full_path)
    return render_template("actions/introduction.html", form=form, intro=intro)


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail clients POST here with no CSRF token; the token suffices
def unsubscribe(token: str):
    person = holder(token, TokenPurpose.UNSUBSCRIBE, utcnow())
    if request.method == "POST":
        unsubscribe_person(person, utcnow())
        db.session.commit()
    return render_template("actions/unsubscribe.html", person=person, token=token)
