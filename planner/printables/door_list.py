"""The door list: every guest A-Z with their table in each course, big enough to read standing."""

from __future__ import annotations

from planner.printables.layout import GREY, RoomDocument, fit_size, fit_text, write_line
from planner.printables.model import RoomGuest, RoomPlan, RoomTable, alphabetical_key

ROW_HEIGHT = 12.5
LETTER_WIDTH = 9.0
COURSE_WIDTH = 30.0
TOP_OF_ROWS = 40.0
BOTTOM_MARGIN = 14.0
SHADE = (238, 238, 238)


def door_list(plan: RoomPlan, paper: str = "A4") -> bytes:
    """Render the door list: guests A-Z by surname with their table per course."""
    pdf = RoomDocument(paper, "P", f"Door list – {plan.dinner_title}")
    pdf.draw_header = lambda page: _header(page, plan)
    y, last_initial = pdf.h, ""  # the first guest opens the first page
    for index, guest in enumerate(plan.guests()):
        if y + ROW_HEIGHT > pdf.h - BOTTOM_MARGIN:
            pdf.add_page()
            y, last_initial = TOP_OF_ROWS, ""
        initial = alphabetical_key(guest)[0][:1].upper()
        shown_initial = initial if initial != last_initial else ""
        _row(pdf, y, index, shown_initial, guest, plan.tables_of(guest))
        last_initial = initial
        y += ROW_HEIGHT
    return pdf.to_bytes()


def _header(pdf: RoomDocument, plan: RoomPlan) -> None:
    left, width = pdf.l_margin, pdf.w - pdf.l_margin - pdf.r_margin
    pdf.use(16, bold=True)
    write_line(pdf, left, 10, width - 30, f"Door list · {plan.dinner_title}")
    pdf.use(10, color=GREY)
    write_line(pdf, left + width - 30, 11, 30, f"Page {pdf.page_no()} of {{nb}}", align="R")
    details = " · ".join(part for part in (plan.when_text, plan.venue) if part)
    write_line(pdf, left, 18, width, details)
    pdf.use(10, bold=True, color=GREY)
    columns_x = _course_columns_x(pdf, len(plan.courses))
    write_line(pdf, left + LETTER_WIDTH, 31, columns_x[0] - left - LETTER_WIDTH, "Guest")
    pdf.use(8, color=GREY)
    write_line(pdf, columns_x[0], 26.5, pdf.w - pdf.r_margin - columns_x[0], "Table", align="C")
    pdf.use(10, bold=True, color=GREY)
    for x, course_name in zip(columns_x, plan.course_names, strict=True):
        write_line(pdf, x, 31, COURSE_WIDTH, course_name, align="C")
    pdf.set_draw_color(*GREY)
    pdf.line(left, 37.5, left + width, 37.5)


def _course_columns_x(pdf: RoomDocument, course_count: int) -> list[float]:
    first = pdf.w - pdf.r_margin - course_count * COURSE_WIDTH
    return [first + index * COURSE_WIDTH for index in range(course_count)]


def _row(pdf, y, index, initial, guest: RoomGuest, tables: list[RoomTable | None]) -> None:
    left = pdf.l_margin
    columns_x = _course_columns_x(pdf, len(tables))
    if index % 2:  # zebra rows keep the eye on the line from a name to its table
        pdf.set_fill_color(*SHADE)
        pdf.rect(left, y, pdf.w - left - pdf.r_margin, ROW_HEIGHT, style="F")
    pdf.use(15, bold=True, color=GREY)
    write_line(pdf, left + 1, y + 2, LETTER_WIDTH - 1, initial)
    name_width = columns_x[0] - left - LETTER_WIDTH - 2
    fit_size(pdf, guest.name, name_width, (14, 11), bold=True)
    write_line(pdf, left + LETTER_WIDTH, y + 1, name_width, guest.name)
    pdf.use(9, color=GREY)
    subtitle = " · ".join(part for part in ("Host" if guest.is_host else "", guest.company) if part)
    write_line(pdf, left + LETTER_WIDTH, y + 7.2, name_width, subtitle)
    for x, table in zip(columns_x, tables, strict=True):
        _table_cell(pdf, x, y, table)


def _table_cell(pdf: RoomDocument, x: float, y: float, table: RoomTable | None) -> None:
    if table is None:
        pdf.use(12, color=GREY)
        write_line(pdf, x, y + 1, COURSE_WIDTH, "–", align="C")
        return
    pdf.use(17, bold=True)
    write_line(pdf, x, y + 0.4, COURSE_WIDTH, str(table.number), align="C")
    if table.name:
        pdf.use(7.5, color=GREY)
        pdf.set_xy(x, y + 8.3)
        pdf.cell(COURSE_WIDTH, 3.5, fit_text(pdf, table.name, COURSE_WIDTH - 2), align="C")
