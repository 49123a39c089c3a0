"""The organiser's report of what a dinner led to (page, CSV, PDF) and the ledger across
all of their dinners."""

from flask import Response, render_template
from flask_login import current_user

from planner.lifecycle.report import dinner_report, organiser_ledger, report_pdf, report_rows
from planner.models._types import utcnow
from planner.organiser import bp
from planner.services.dinners import owned_dinner
from planner.services.guest_export import excel_csv


def _download(body: bytes, mimetype: str, filename: str) -> Response:
    return Response(
        body,
        mimetype=mimetype,
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


@bp.get("/dinners/<int:dinner_id>/report")
def report(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    return render_template(
        "organiser/report.html",
        dinner=dinner,
        report=dinner_report(dinner),
        ledger=organiser_ledger([dinner]),
    )


@bp.get("/dinners/<int:dinner_id>/report.csv")
def report_csv(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    header, rows = report_rows(dinner_report(dinner))
    return _download(excel_csv(header, rows), "text/csv", f"dinner-{dinner.id}-report.csv")


@bp.get("/dinners/<int:dinner_id>/report.pdf")
def report_as_pdf(dinner_id: int):
    dinner = owned_dinner(current_user, dinner_id)
    body = report_pdf(dinner_report(dinner), utcnow())
    return _download(body, "application/pdf", f"dinner-{dinner.id}-report.pdf")


@bp.get("/ledger")
def ledger_across_dinners():
    dinners = list(current_user.dinners)
    return render_template(
        "organiser/ledger.html", dinners=dinners, ledger=organiser_ledger(dinners)
    )
