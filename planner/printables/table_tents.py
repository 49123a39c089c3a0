"""Table tents: one landscape page per table and course, folded to stand on the table."""

from __future__ import annotations

import math

from planner.printables.layout import (
    GREY,
    RoomDocument,
    fit_name,
    fit_size,
    folded,
    write_line,
    write_lines,
)
from planner.printables.model import RoomGuest, RoomPlan, RoomTable, alphabetical_key

PAGE_MARGIN = 8.0
NUMBER_WIDTH = 80.0
PADDING = 7.0
MAX_ROW_HEIGHT = 14.5


def table_tents(plan: RoomPlan, paper: str = "A4") -> bytes:
    """Render a tent per table per course: the table number large and its guests A-Z."""
    pdf = RoomDocument(paper, "L", f"Table tents – {plan.dinner_title}")
    width, height = pdf.w - 2 * PAGE_MARGIN, pdf.h - 2 * PAGE_MARGIN
    for course_name, tables in plan.courses:
        for table in sorted(tables, key=lambda table: table.number):
            pdf.add_page()
            title = f"{course_name} · {plan.dinner_title}" if len(plan.courses) > 1 else ""
            folded(
                pdf,
                PAGE_MARGIN,
                PAGE_MARGIN,
                width,
                height,
                lambda *box, t=table, c=title: _panel(pdf, t, c, *box),
            )
    return pdf.to_bytes()


def _panel(pdf, table: RoomTable, title: str, x: float, y: float, w: float, h: float) -> None:
    """Draw one face: the number on the left, the guests in columns on the right."""
    _number_block(pdf, table, x + PADDING, y + PADDING, NUMBER_WIDTH, h - 2 * PADDING)
    list_x = x + PADDING + NUMBER_WIDTH + PADDING
    list_w = w - (list_x - x) - PADDING
    pdf.use(11, color=GREY)
    top = write_line(pdf, list_x, y + PADDING, list_w, title) if title else y + PADDING
    guests = sorted(table.guests, key=alphabetical_key)
    _guest_columns(pdf, guests, list_x, top + 2, list_w, y + h - PADDING - top - 2)


def _number_block(pdf, table: RoomTable, x: float, y: float, w: float, h: float) -> None:
    pdf.use(16, bold=True, color=GREY)
    below_label = write_line(pdf, x, y, w, "TABLE", align="C")
    fit_size(pdf, str(table.number), w, (150, 40), bold=True)
    below_number = write_line(pdf, x, below_label, w, str(table.number), align="C")
    if table.name:
        lines = fit_name(pdf, table.name, (w, y + h - below_number), (22, 14))
        write_lines(pdf, x, below_number, w, lines)


def _guest_columns(pdf, guests: list[RoomGuest], x, y, w, h) -> None:
    """Lay the guests out in two columns (three for long tables), each a name over a company."""
    columns = 2 if len(guests) <= 12 else 3
    rows = max(1, math.ceil(len(guests) / columns))
    row_height = min(MAX_ROW_HEIGHT, h / rows)
    column_w = w / columns
    # One size for every name on the tent: the largest at which the longest still fits.
    largest = min(18, row_height * 1.3)
    name_size = min(
        (fit_size(pdf, guest.name, column_w - 3, (largest, 11), bold=True) for guest in guests),
        default=largest,
    )
    for index, guest in enumerate(guests):
        cell_x = x + (index // rows) * column_w
        cell_y = y + (index % rows) * row_height
        pdf.use(name_size, bold=True)
        below = write_line(pdf, cell_x, cell_y, column_w - 3, guest.name)
        pdf.use(min(10, row_height * 0.75), color=GREY)
        host = "Host" if guest.is_host else ""
        company = " · ".join(part for part in (host, guest.company) if part)
        write_line(pdf, cell_x, below - 0.5, column_w - 3, company)
