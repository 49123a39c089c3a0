"""Organiser pages for seating rules: keep apart, keep together, pin to a table, hosts."""

from flask import flash, redirect, render_template, url_for
from flask_login import current_user

from planner.extensions import db
from planner.organiser import bp
from planner.organiser.forms import ConfirmForm
from planner.organiser.rules_forms import TUNABLE_WEIGHTS, SeatingRuleForm, weights_form
from planner.services.dinners import owned_dinner
from planner.services.referrals import dinner_weights, set_dinner_weights
from planner.services.seating_rules import (
    RuleError,
    add_rule,
    describe,
    most_tables,
    remove_rule,
)


@bp.route("/dinners/<int:dinner_id>/rules", methods=["GET", "POST"])
def seating_rules(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = SeatingRuleForm()
    form.set_guest_choices(dinner.accepted)
    form.table_number.description = f"Tables are numbered from 1 to {most_tables(dinner)}."
    if form.validate_on_submit():
        try:
            add_rule(dinner, form.kind.data, form.guests.data, form.table_number.data)
        except RuleError as error:
            # A table that cannot exist is the table field's problem; the rest is the guests'.
            field = form.table_number if "pick a table" in str(error) else form.guests
            field.errors = [*field.errors, str(error)]
        else:
            db.session.commit()
            flash("Rule added. It applies the next time you press “Seat tables”.", "success")
            return redirect(url_for(".seating_rules", dinner_id=dinner.id))
    names = {invitation.id: invitation.name for invitation in dinner.accepted}
    rules = [(rule.id, describe(rule, names)) for rule in dinner.seating_rules]
    return render_template(
        "organiser/rules.html", dinner=dinner, form=form, rules=rules, confirm=ConfirmForm()
    )


@bp.post("/dinners/<int:dinner_id>/rules/<int:rule_id>/delete")
def delete_seating_rule(dinner_id: int, rule_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    if ConfirmForm().validate_on_submit() and remove_rule(dinner, rule_id):
        db.session.commit()
        flash("Rule removed.", "success")
    return redirect(url_for(".seating_rules", dinner_id=dinner.id))


@bp.route("/dinners/<int:dinner_id>/weights", methods=["GET", "POST"])
def referral_weights(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    form = weights_form(dinner_weights(dinner).as_dict())
    if form.validate_on_submit():
        set_dinner_weights(dinner, {name: form[name].data for name in TUNABLE_WEIGHTS})
        db.session.commit()
        flash("Matching weights saved. They apply the next time you seat tables.", "success")
        return redirect(url_for(".referral_weights", dinner_id=dinner.id))
    return render_template("organiser/weights.html", dinner=dinner, form=form)
