"""Introductions from a guest's links: write one (prefilled, editable), and answer one."""

from flask import abort, flash, redirect, render_template, request, url_for

from planner.actions import bp
from planner.actions.forms import ActionForm, AnswerForm, IntroduceForm
from planner.context import settings
from planner.errors import NotFound
from planner.extensions import db
from planner.lifecycle.introductions import (
    answer_introduction,
    default_message,
    find_introduction,
    introduction_targets,
    offer_introduction,
    seeker_asked,
    waiting_for,
)
from planner.lifecycle.outcomes import asks_of, other_attendee
from planner.lifecycle.reach import guard_action
from planner.lifecycle.tokens import holder
from planner.models import Introduction, IntroStatus, TokenPurpose
from planner.models._types import utcnow
from planner.security import limits


def _target(introducer, seeker, wanted: str | int | None):
    """Return the chosen target, else the best fit; None when nobody else came."""
    if wanted:
        try:
            target = other_attendee(introducer, int(wanted))
        except ValueError:
            raise NotFound("invitee") from None
        if target.id == seeker.id:
            raise NotFound("invitee")
        return target
    candidates = introduction_targets(introducer, seeker)
    return candidates[0] if candidates else None


def _offered_message(intro: Introduction) -> str:
    """Say truthfully where an introduction offered earlier stands."""
    if intro.status == IntroStatus.MADE:
        return f"You already introduced {intro.seeker.name} and {intro.target.name}: both said yes."
    if intro.status == IntroStatus.DECLINED:
        return "You offered this introduction before; it was declined, so nothing more is sent."
    return f"You offered this introduction before; we are waiting for {waiting_for(intro).name}."


@bp.route("/act/<token>/introduce/<int:seeker_id>", methods=["GET", "POST"])
# The link older mail carries (a suggested target in the path) opens the same page.
@bp.route(
    "/act/<token>/offer/<int:seeker_id>/<int:target_id>", methods=["GET", "POST"], endpoint="offer"
)
@limits.action_post_limit
def introduce(token: str, seeker_id: int, target_id: int | None = None):
    introducer = holder(token, TokenPurpose.ACTIONS, utcnow())
    seeker = other_attendee(introducer, seeker_id)
    form = IntroduceForm()
    submitted = form.target.data if form.is_submitted() else None
    wanted = submitted or target_id or request.args.get("target")
    target = _target(introducer, seeker, wanted)
    # Only a table-mate at a held dinner, and a few offers per guest (planner.lifecycle.reach).
    guard_action(introducer, seeker, kind="offer", target=target)
    ask = request.args.get("ask", "") if not form.is_submitted() else form.ask.data or ""
    ask = ask if ask in asks_of(seeker) else ""
    if target is not None and form.validate_on_submit():
        offered = offer_introduction(
            introducer, seeker, target, ask, utcnow(), settings().public_base_url, form.message.data
        )
        db.session.commit()
        if offered.new:
            flash(f"Thank you. We have asked {target.name} first.", "success")
        else:
            flash(_offered_message(offered.intro), "info")
        sent = url_for(".introduction_sent", token=token, introduction_id=offered.intro.id)
        return redirect(sent)
    existing = find_introduction(introducer, seeker, target) if target is not None else None
    if target is not None and not form.is_submitted():
        form.process(
            data={
                "ask": ask,
                "target": target.id,
                "message": default_message(introducer, seeker, target, ask),
            }
        )
    return render_template(
        "actions/introduce.html",
        form=form,
        introducer=introducer,
        seeker=seeker,
        target=target,
        ask=ask,
        candidates=introduction_targets(introducer, seeker),
        existing=existing,
        existing_message=_offered_message(existing) if existing else "",
        seeker_asked=seeker_asked(seeker, introducer),
        elsewhere=ActionForm(ask=ask),
        token=token,
    ), (422 if form.errors else 200)


@bp.get("/act/<token>/introduce/sent/<int:introduction_id>")
def introduction_sent(token: str, introduction_id: int):
    introducer = holder(token, TokenPurpose.ACTIONS, utcnow())
    intro = db.session.get(Introduction, introduction_id)
    if intro is None or intro.introducer_id != introducer.id:
        abort(404)
    return render_template(
        "actions/introduction_sent.html", intro=intro, waiting=waiting_for(intro), token=token
    )


@bp.route("/act/<token>/introductions/<int:introduction_id>", methods=["GET", "POST"])
@limits.action_post_limit
def introduction(token: str, introduction_id: int):
    person = holder(token, TokenPurpose.ACTIONS, utcnow())
    intro = db.session.get(Introduction, introduction_id)
    if intro is None or person.id not in (intro.target_id, intro.seeker_id):
        abort(404)
    form = AnswerForm()
    # Only a press of one of the two buttons answers; a bare POST decides nothing.
    if form.validate_on_submit() and (form.yes.data or form.no.data):
        yes = bool(form.yes.data)
        if answer_introduction(intro, person, yes, utcnow(), settings().public_base_url):
            db.session.commit()
            flash("Thank you, noted.", "success")
        return redirect(request.full_path)
    other = intro.seeker if person.id == intro.target_id else intro.target
    return render_template(
        "actions/introduction.html",
        form=form,
        intro=intro,
        person=person,
        other=other,
        waiting=waiting_for(intro),
    )
