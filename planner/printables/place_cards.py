"""Folded place cards, six to a page: the name large, company and what the guest is looking for."""

from __future__ import annotations

from planner.printables.layout import (
    GREY,
    RoomDocument,
    cut_guides,
    fit_name,
    folded,
    line_height,
    write_line,
    write_lines,
)
from planner.printables.model import RoomGuest, RoomPlan, alphabetical_key

COLUMNS, ROWS = 2, 3
PAGE_MARGIN = 10.0
PADDING = 6.0


def place_cards(plan: RoomPlan, paper: str = "A4") -> bytes:
    """Render one folded place card per guest, in order of their first table."""
    pdf = RoomDocument(paper, "P", f"Place cards – {plan.dinner_title}")
    width = (pdf.w - 2 * PAGE_MARGIN) / COLUMNS
    height = (pdf.h - 2 * PAGE_MARGIN) / ROWS
    for index, guest in enumerate(_in_laying_out_order(plan)):
        slot = index % (COLUMNS * ROWS)
        if slot == 0:
            pdf.add_page()
        x = PAGE_MARGIN + (slot % COLUMNS) * width
        y = PAGE_MARGIN + (slot // COLUMNS) * height
        cut_guides(pdf, x, y, width, height)
        seating = _seating_line(plan, guest)
        folded(pdf, x, y, width, height, lambda *box, g=guest, s=seating: _panel(pdf, g, s, *box))
    return pdf.to_bytes()


def _in_laying_out_order(plan: RoomPlan) -> list[RoomGuest]:
    """Group cards by the first table each guest sits at, so they are laid out table by table."""

    def first_table(guest: RoomGuest) -> int:
        return next(table.number for table in plan.tables_of(guest) if table is not None)

    return sorted(plan.guests(), key=lambda guest: (first_table(guest), alphabetical_key(guest)))


def _seating_line(plan: RoomPlan, guest: RoomGuest) -> str:
    tables = plan.tables_of(guest)
    if len(tables) == 1:
        return f"Table {tables[0].label}"
    return " · ".join(
        f"{course}: {table.number if table else '–'}"
        for course, table in zip(plan.course_names, tables, strict=True)
    )


def _panel(pdf, guest: RoomGuest, seating: str, x: float, y: float, w: float, h: float) -> None:
    """Draw one face of a card: the name fills the width, the rest sits small beneath it."""
    inner_x, inner_w = x + PADDING, w - 2 * PADDING
    pdf.use(7.5, bold=True, color=GREY)
    write_line(pdf, inner_x, y + 3, inner_w, "HOST" if guest.is_host else "")
    write_line(pdf, inner_x + 12, y + 3, inner_w - 12, seating, align="R")
    name_top, name_bottom = y + 7.5, y + h - 17.5
    name_lines = fit_name(pdf, guest.name, (inner_w, name_bottom - name_top), (32, 18))
    block = len(name_lines) * line_height(pdf)
    write_lines(pdf, inner_x, name_top + (name_bottom - name_top - block) / 2, inner_w, name_lines)
    pdf.use(11, color=GREY)
    company = " · ".join(part for part in (guest.company, guest.role) if part)
    write_line(pdf, inner_x, y + h - 15, inner_w, company, align="C")
    if guest.looking_for:
        pdf.use(9.5)
        looking_for = f"Looking for: {guest.looking_for}"
        write_line(pdf, inner_x, y + h - 9, inner_w, looking_for, align="C")
