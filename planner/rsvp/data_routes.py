"""A guest's own data, from their RSVP link: see it, download it as JSON, delete it."""

import json

from flask import Response, flash, redirect, render_template, url_for
from flask_wtf import FlaskForm
from wtforms import BooleanField
from wtforms.validators import DataRequired

from planner.context import settings
from planner.extensions import db
from planner.lifecycle.privacy import delete_guest_data, guest_data
from planner.lifecycle.retention import retention_ends
from planner.lifecycle.rsvp import invitation_for_token
from planner.models._types import utcnow
from planner.rsvp import bp


class DeleteDataForm(FlaskForm):
    """Deleting needs a ticked box: a stray POST deletes nothing."""

    confirmed = BooleanField(
        "Yes, delete my profile, my name and email, and stop my links", [DataRequired()]
    )


@bp.context_processor
def _retention():
    # The RSVP pages say how long answers are kept.
    return {"data_kept_until": lambda dinner: retention_ends(dinner, _months())}


def _months() -> int:
    return settings().data_retention_months


@bp.get("/<token>/data")
def data(token: str):
    invitation = invitation_for_token(token, utcnow())
    return render_template(
        "rsvp/data.html",
        invitation=invitation,
        data=guest_data(invitation),
        form=DeleteDataForm(),
        token=token,
    )


@bp.get("/<token>/data.json")
def data_json(token: str):
    invitation = invitation_for_token(token, utcnow())
    body = json.dumps(guest_data(invitation), indent=2, ensure_ascii=False)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": 'attachment; filename="my-tablewise-data.json"'},
    )


@bp.post("/<token>/data/delete")
def delete_data(token: str):
    invitation = invitation_for_token(token, utcnow())
    form = DeleteDataForm()
    if not form.validate_on_submit():
        flash("Tick the box to confirm that your data should be deleted.", "error")
        return redirect(url_for(".data", token=token))
    delete_guest_data(invitation, utcnow())
    db.session.commit()
    return redirect(url_for(".data_deleted"))


@bp.get("/data-deleted")
def data_deleted():
    return render_template("rsvp/data_deleted.html")
