"""Helpers shared by the seating-chart tests: a seated dinner, who sits where."""

from planner.extensions import db
from planner.models import Dinner


def seated(app, dinner_id: int, course: int = 1) -> dict[int, list[int]]:
    """Return {table number: [invitation ids]} of the dinner's stored plan."""
    with app.app_context():
        plan = db.session.get(Dinner, dinner_id).seating_plan
        return {
            t.number: sorted(s.invitation_id for s in t.seats)
            for t in plan.tables
            if t.course == course
        }


def plan_version(app, dinner_id: int) -> int:
    """Return the stored plan's version number."""
    with app.app_context():
        return db.session.get(Dinner, dinner_id).seating_plan.version


def names(app, dinner_id: int) -> dict[int, str]:
    """Return {invitation id: name} for the dinner."""
    with app.app_context():
        return {i.id: i.name for i in db.session.get(Dinner, dinner_id).invitations}


def move(client, dinner_id, guest, table, version, step="preview", **extra):
    """Post a move of `guest` to `table` to the preview (or save) step."""
    data = {"action": "move", "course": 1, "guest": guest, "table": table, "version": version}
    return client.post(f"/dinners/{dinner_id}/seating/{step}", data=data, **extra)
