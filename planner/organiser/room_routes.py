"""Printables for the room: door list, place cards, table tents, host cards and a seating CSV.

The PDFs are rendered in the request (about 1-2 s for 200 guests); the seating is read first
and the transaction ended, so no database connection is held while fpdf2 draws.
"""

import io
from collections.abc import Callable
from dataclasses import dataclass

from flask import flash, redirect, render_template, request, send_file, url_for
from flask_login import current_user

from planner.errors import NotFound
from planner.extensions import db
from planner.organiser import bp
from planner.printables import (
    PrintablesError,
    RoomPlan,
    door_list,
    host_cards,
    place_cards,
    table_tents,
)
from planner.printables import seating_csv as render_seating_csv
from planner.services.dinners import owned_dinner
from planner.services.room import NotSeated, room_plan


@dataclass(frozen=True)
class Printable:
    slug: str
    title: str
    description: str
    render: Callable[[RoomPlan, str], bytes]


PRINTABLES = {
    printable.slug: printable
    for printable in (
        Printable(
            "door-list",
            "Door list",
            "Every guest A–Z by surname with their table, for whoever greets people at the door.",
            door_list,
        ),
        Printable(
            "place-cards",
            "Place cards",
            "A folded card per guest with their name, company and what they are looking for.",
            place_cards,
        ),
        Printable(
            "table-tents",
            "Table tents",
            "A card standing on each table with its number and the guests seated there.",
            table_tents,
        ),
        Printable(
            "host-cards",
            "Host cards",
            "For each table's host: the order of the round of introductions and a one-minute "
            "prompt per guest (what they do, their ask, who at the table may answer it).",
            host_cards,
        ),
    )
}
PAPERS = ("A4", "Letter")


@bp.get("/dinners/<int:dinner_id>/room")
def room(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    seated = dinner.seating_plan is not None and bool(dinner.seating_plan.tables)
    return render_template(
        "organiser/room.html",
        dinner=dinner,
        seated=seated,
        printables=PRINTABLES.values(),
        papers=PAPERS,
    )


@bp.get("/dinners/<int:dinner_id>/room/<slug>.pdf")
def room_pdf(dinner_id: int, slug: str):
    printable = PRINTABLES.get(slug)
    if printable is None:
        raise NotFound("printable")
    plan = _loaded_plan(dinner_id)
    if plan is None:
        return redirect(url_for(".room", dinner_id=dinner_id))
    try:
        data = printable.render(plan, request.args.get("paper", "A4"))
    except PrintablesError as error:
        flash(str(error), "error")
        return redirect(url_for(".room", dinner_id=dinner_id))
    return _download(data, "application/pdf", f"{slug}-dinner-{dinner_id}.pdf")


@bp.get("/dinners/<int:dinner_id>/room/seating.csv")
def room_csv(dinner_id: int):
    plan = _loaded_plan(dinner_id)
    if plan is None:
        return redirect(url_for(".room", dinner_id=dinner_id))
    data = render_seating_csv(plan)
    return _download(data, "text/csv; charset=utf-8", f"seating-dinner-{dinner_id}.csv")


def _loaded_plan(dinner_id: int) -> RoomPlan | None:
    """Return the dinner's room plan with the transaction ended, or flash why there is none."""
    dinner = owned_dinner(current_user, dinner_id)
    try:
        plan = room_plan(dinner)
    except (NotSeated, PrintablesError) as error:
        flash(str(error), "error")
        plan = None
    # Rendering takes a second or two: release the connection rather than hold it meanwhile.
    db.session.rollback()
    return plan


def _download(data: bytes, mimetype: str, filename: str):
    return send_file(
        io.BytesIO(data), mimetype=mimetype, as_attachment=True, download_name=filename
    )
