"""Action pages opened from lifecycle mail: no login, a personal token in the link.

GET only ever shows a page (mail scanners pre-open links); the change is a POST button.
"""

from flask import abort, flash, redirect, render_template, request, url_for

from planner.actions import bp
from planner.actions.forms import ActionForm, AskChoiceForm, BusinessForm
from planner.context import settings
from planner.extensions import db
from planner.lifecycle.follow_up import seated_dinner
from planner.lifecycle.introductions import request_introduction
from planner.lifecycle.outcomes import (
    asks_of,
    find_outcome,
    not_for_me_answers,
    other_attendee,
    outcome_ask,
    record_business,
    record_outcome,
    recorded_by,
    shared_introduction,
)
from planner.lifecycle.preferences import unsubscribe as unsubscribe_person
from planner.lifecycle.reach import guard_action
from planner.lifecycle.tokens import holder
from planner.models import OutcomeKind, TokenPurpose
from planner.models._types import utcnow
from planner.models.outcome import AMOUNT_BANDS
from planner.security import limits
from planner.webext import csrf

LABELS = {
    OutcomeKind.INTRODUCED: "I introduced them to someone I know",
    OutcomeKind.BOOKED: "We booked a 1:1",
    OutcomeKind.NOT_A_FIT: "Not a fit",
    OutcomeKind.INTRO_REQUESTED: "Please introduce me",
    OutcomeKind.NOT_FOR_ME: "Not for me / I don't know anyone",
}


def _kind_or_404(kind: str) -> OutcomeKind:
    try:
        kind = OutcomeKind(kind)
    except ValueError:
        abort(404)
    if kind not in LABELS:
        abort(404)  # business has its own page, with the amount
    return kind


def _label(kind: OutcomeKind, other) -> str:
    if kind == OutcomeKind.INTRO_REQUESTED:
        return f"Ask {other.name} for an introduction"
    return LABELS[kind]


@bp.route("/act/<token>/<kind>/<int:other_id>", methods=["GET", "POST"])
@limits.action_post_limit
def outcome(token: str, kind: str, other_id: int):
    actor = holder(token, TokenPurpose.ACTIONS, utcnow())
    kind = _kind_or_404(kind)
    other = other_attendee(actor, other_id)
    guard_action(actor, other, kind=kind)  # table-mates at a held dinner; few intro requests
    choose = kind == OutcomeKind.INTRO_REQUESTED and not request.args.get("ask")
    form = AskChoiceForm() if choose else ActionForm(ask=request.args.get("ask", ""))
    if choose:
        form.ask.choices = [(ask, ask) for ask in asks_of(actor)] or [("", "An introduction")]
    if form.validate_on_submit():
        _, new = record_outcome(actor, other, kind, form.ask.data or "", utcnow())
        if new and kind == OutcomeKind.INTRO_REQUESTED:
            request_introduction(actor, other, form.ask.data or "", settings().public_base_url)
        db.session.commit()
        flash("Thank you, noted.", "success")
        ask = form.ask.data or None
        return redirect(url_for(".outcome", token=token, kind=kind, other_id=other.id, ask=ask))
    ask = outcome_ask(kind, actor, other, form.ask.data or "")
    done = find_outcome(actor, other, kind, ask) is not None and not choose
    return render_template(
        "actions/outcome.html",
        form=form,
        actor=actor,
        other=other,
        kind=kind,
        ask=ask,
        choose=choose,
        label=_label(kind, other),
        done=done,
        token=token,
    )


@bp.get("/act/<token>/table")
def table(token: str):
    actor = holder(token, TokenPurpose.ACTIONS, utcnow())
    seated = seated_dinner(actor.dinner)
    mates = seated.mates(actor) if seated is not None and actor.id in seated.index else []
    return render_template(
        "actions/table.html",
        actor=actor,
        mates=mates,
        recorded=recorded_by(actor),
        not_for_me=not_for_me_answers(actor),
        token=token,
    )


@bp.route("/act/<token>/business/<int:other_id>", methods=["GET", "POST"])
@limits.action_post_limit
def business(token: str, other_id: int):
    actor = holder(token, TokenPurpose.ACTIONS, utcnow())
    other = other_attendee(actor, other_id)
    intro = shared_introduction(actor, other, request.args.get("intro", type=int))
    form = BusinessForm()
    if form.validate_on_submit() and (form.yes.data or form.no.data):
        record_business(actor, other, intro, bool(form.yes.data), form.band.data or "", utcnow())
        db.session.commit()
        flash("Thank you, noted.", "success")
        return redirect(request.full_path)
    ask = intro.ask if intro is not None else ""
    reported = find_outcome(actor, other, OutcomeKind.BUSINESS, ask) or find_outcome(
        actor, other, OutcomeKind.NO_BUSINESS, ask
    )
    return render_template(
        "actions/business.html",
        form=form,
        actor=actor,
        other=other,
        intro=intro,
        reported=reported,
        bands=AMOUNT_BANDS,
        token=token,
    )


@bp.route("/unsubscribe/<token>", methods=["GET", "POST"])
@csrf.exempt  # RFC 8058 one-click: mail clients POST here with no CSRF token; the token suffices
def unsubscribe(token: str):
    person = holder(token, TokenPurpose.UNSUBSCRIBE, utcnow())
    if request.method == "POST":
        unsubscribe_person(person, utcnow())
        db.session.commit()
    return render_template("actions/unsubscribe.html", person=person, token=token)
