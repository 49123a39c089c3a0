"""The seating as a spreadsheet-safe CSV: one row per guest per course, no e-mail addresses."""

from __future__ import annotations

import csv
import io

from planner.printables.layout import clean
from planner.printables.model import RoomPlan

HEADER = ("Course", "Table", "Table name", "Guest", "Company", "Role", "Host")
# Cells a spreadsheet would run as a formula (OWASP's CSV injection list).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def seating_csv(plan: RoomPlan) -> bytes:
    """Return the seating as CSV bytes (UTF-8 with BOM so Excel reads accents right)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for course_name, tables in plan.courses:
        for table in sorted(tables, key=lambda table: table.number):
            for guest in table.guests:
                row = (
                    course_name,
                    str(table.number),
                    table.name or "",
                    guest.name,
                    guest.company,
                    guest.role,
                    "yes" if guest.is_host else "",
                )
                writer.writerow([neutralise(cell) for cell in row])
    return buffer.getvalue().encode("utf-8-sig")


def neutralise(cell: str) -> str:
    """Return `cell` on one line, with a leading apostrophe if a spreadsheet would run it."""
    text = clean(cell)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text
