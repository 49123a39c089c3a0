"""Host cards: per table and course, the round of introductions with a one-minute prompt each."""

from __future__ import annotations

from planner.printables.introductions import introduction_order
from planner.printables.layout import (
    GREY,
    LINE_HEIGHT_PER_PT,
    RoomDocument,
    wrap,
    write_line,
    write_lines,
)
from planner.printables.model import RoomGuest, RoomPlan, RoomTable

BOTTOM_MARGIN = 14.0
NUMBER_WIDTH = 10.0
LABEL_WIDTH = 30.0
ENTRY_GAP = 2.5
NAME_SIZE, BODY_SIZE = 14, 10.5
HOW_TO = (
    "Give each guest about a minute: what they do and what they are looking for. The order "
    "puts people who may help each other one after the other: after an ask, turn to the guest "
    "named under “May answer it” (their number in the round is in brackets)."
)


def host_cards(plan: RoomPlan, paper: str = "A4") -> bytes:
    """Render a host card per table and course: speaking order and a prompt for each guest."""
    pdf = RoomDocument(paper, "P", f"Host cards – {plan.dinner_title}")
    for course_name, tables in plan.courses:
        for table in sorted(tables, key=lambda table: table.number):
            _card(pdf, plan, course_name, table)
    return pdf.to_bytes()


def _card(pdf: RoomDocument, plan: RoomPlan, course_name: str, table: RoomTable) -> None:
    order = introduction_order(table)
    numbers = {guest.ref: index for index, guest in enumerate(order, start=1)}
    y = _heading(pdf, plan, course_name, table, continued=False)
    entries = [_entry_lines(pdf, table, guest, numbers, True) for guest in order]
    if y + sum(_entry_height(entry) + ENTRY_GAP for entry in entries) > pdf.h - BOTTOM_MARGIN:
        # Keep the card to one page when dropping the "can introduce" lines is enough.
        entries = [_entry_lines(pdf, table, guest, numbers, False) for guest in order]
    for number, (guest, entry) in enumerate(zip(order, entries, strict=True), start=1):
        if y + _entry_height(entry) > pdf.h - BOTTOM_MARGIN:
            y = _heading(pdf, plan, course_name, table, continued=True)
        y = _draw_entry(pdf, y, number, guest, entry) + ENTRY_GAP


def _heading(pdf, plan: RoomPlan, course_name: str, table: RoomTable, continued: bool) -> float:
    pdf.add_page()
    left, width = pdf.l_margin, pdf.w - pdf.l_margin - pdf.r_margin
    pdf.use(20, bold=True)
    title = f"Host card · Table {table.label}" + (" (continued)" if continued else "")
    y = write_line(pdf, left, 12, width, title)
    pdf.use(10, color=GREY)
    course = course_name if len(plan.courses) > 1 else ""
    details = " · ".join(part for part in (course, plan.dinner_title, plan.when_text) if part)
    y = write_line(pdf, left, y, width, details)
    hosts = ", ".join(guest.name for guest in table.guests if guest.is_host)
    if hosts:
        pdf.use(11, bold=True)
        y = write_line(pdf, left, y + 1, width, f"Host: {hosts}")
    if not continued:
        pdf.use(9, color=GREY)
        y = write_lines(pdf, left, y + 2, width, wrap(pdf, HOW_TO, width, 3), align="L")
        y = _starters(pdf, table, left, y, width)
    pdf.set_draw_color(*GREY)
    pdf.line(left, y + 2, left + width, y + 2)
    return y + 5


def _starters(pdf, table: RoomTable, left: float, y: float, width: float) -> float:
    """Write the table's conversation starters under the how-to, if it has any."""
    if not table.starters:
        return y
    pdf.use(9, bold=True)
    y = write_line(pdf, left, y + 1, width, "Shared ground outside work, to open with:")
    pdf.use(9)
    lines = [line for starter in table.starters for line in wrap(pdf, f"• {starter}", width, 2)]
    return write_lines(pdf, left, y, width, lines, align="L")


def _entry_lines(pdf, table: RoomTable, guest: RoomGuest, numbers, introductions: bool):
    """Return (label, wrapped lines) for each part of the guest's prompt that has content."""
    width = _text_width(pdf)
    pdf.use(BODY_SIZE)
    parts = [
        ("Does", guest.does, 2),
        ("Ask", guest.ask, 3),
        ("May answer it", _helpers_text(table, guest, numbers), 2),
        ("Can introduce", guest.can_introduce if introductions else "", 1),
    ]
    return [(label, wrap(pdf, text, width, most)) for label, text, most in parts if text]


def _helpers_text(table: RoomTable, guest: RoomGuest, numbers: dict[str, int]) -> str:
    if not guest.ask:
        return ""
    helpers = table.helpers_for(guest)
    if not helpers:
        return "no one matched at this table: open it to everyone"
    return "; ".join(
        f"{helper.name} ({numbers[helper.ref]})"
        + (f" for {ask}" if ask and ask != guest.ask else "")
        for helper, ask in helpers
    )


def _text_width(pdf: RoomDocument) -> float:
    return pdf.w - pdf.l_margin - pdf.r_margin - NUMBER_WIDTH - LABEL_WIDTH


def _entry_height(entry: list[tuple[str, list[str]]]) -> float:
    body_lines = sum(len(lines) for _, lines in entry)
    return (NAME_SIZE + body_lines * BODY_SIZE) * LINE_HEIGHT_PER_PT + 0.5


def _draw_entry(pdf, y: float, number: int, guest: RoomGuest, entry) -> float:
    left = pdf.l_margin
    pdf.use(15, bold=True, color=GREY)
    write_line(pdf, left, y, NUMBER_WIDTH, str(number))
    name_x = left + NUMBER_WIDTH
    width = pdf.w - pdf.r_margin - name_x
    pdf.use(NAME_SIZE, bold=True)
    name_width = min(pdf.get_string_width(guest.name) + 1, width * 0.6)
    below = write_line(pdf, name_x, y, name_width, guest.name)
    pdf.use(10, color=GREY)
    role = " · ".join(part for part in (guest.role, guest.company) if part)
    write_line(pdf, name_x + name_width + 2, y + 1.3, width - name_width - 2, role)
    y = below + 0.5
    for label, lines in entry:
        pdf.use(9, bold=True, color=GREY)
        write_line(pdf, name_x, y + 0.4, LABEL_WIDTH, label)
        pdf.use(BODY_SIZE)
        y = write_lines(pdf, name_x + LABEL_WIDTH, y, _text_width(pdf), lines, align="L")
    return y
