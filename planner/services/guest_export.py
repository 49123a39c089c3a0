"""CSV files that open cleanly in Excel: the guest list, the seating, any table of plain values.

Excel reads a CSV as UTF-8 only when it starts with a byte-order mark, expects CRLF line ends,
and runs a cell that starts with = + - @ (or a tab or carriage return) as a formula: a guest who
types `=HYPERLINK(...)` as their ask must not get code run on the organiser's machine. Such cells
get a leading apostrophe; `planner.services.guests` strips it again when the file is re-imported.
"""

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUEST_COLUMNS = (
    "Name",
    "Email",
    "Status",
    "Company",
    "Role",
    "Industry",
    "What they do",
    "Asks",
    "Can introduce",
    "Dietary",
    "Table",
)


@dataclass(frozen=True)
class GuestRow:
    """One guest as the organiser's export shows them; the fields follow GUEST_COLUMNS."""

    name: str
    email: str
    status: str
    company: str = ""
    role: str = ""
    industry: str = ""  # the label, not the code
    what_they_do: str = ""
    asks: str = ""
    can_introduce: str = ""
    dietary: str = ""
    table: str | None = None  # "3", or per course "1 → 3 → 2"; None: not seated


def safe_cell(value: object) -> object:
    """Return the value as Excel should see it: numbers as they are, text never as a formula."""
    if value is None:
        return ""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def excel_csv(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """Return a UTF-8 (with BOM), CRLF CSV of the header and rows, every cell made safe."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow([safe_cell(name) for name in header])
    writer.writerows([safe_cell(value) for value in row] for row in rows)
    return out.getvalue().encode("utf-8-sig")


def guest_list_csv(guests: Iterable[GuestRow]) -> bytes:
    """Return the organiser's guest list as an Excel-ready CSV file."""
    return excel_csv(GUEST_COLUMNS, (astuple(guest) for guest in guests))
