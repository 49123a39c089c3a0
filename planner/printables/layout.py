"""Shared drawing helpers: the document, its fonts, and text that always fits its box."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from fpdf import FPDF

from planner.printables.fonts import find_font
from planner.printables.model import PrintablesError

FAMILY = "RoomSans"
ELLIPSIS = "…"
PAPERS = {"a4": "A4", "letter": "Letter"}
INK = (20, 20, 20)
GREY = (95, 95, 95)
GUIDE = (150, 150, 150)
LINE_HEIGHT_PER_PT = 25.4 / 72 * 1.25  # mm of line per point of type


class RoomDocument(FPDF):
    """An FPDF page stream with the Unicode font loaded and an optional per-page header."""

    def __init__(self, paper: str, orientation: str, title: str) -> None:
        super().__init__(orientation=orientation, unit="mm", format=paper_format(paper))
        fonts = find_font()
        self.add_font(FAMILY, "", str(fonts.regular))
        self.add_font(FAMILY, "B", str(fonts.bold))
        self.set_title(title)
        self.set_creator("Tablewise")
        self.set_auto_page_break(False)
        self.set_margins(12, 12, 12)
        self.draw_header: Callable[[RoomDocument], None] | None = None

    def header(self) -> None:
        """Draw the caller's header on every new page."""
        if self.draw_header is not None:
            self.draw_header(self)

    def use(self, size: float, bold: bool = False, color: tuple[int, int, int] = INK) -> None:
        """Switch to the room font at `size` points."""
        self.set_font(FAMILY, "B" if bold else "", size)
        self.set_text_color(*color)

    def to_bytes(self) -> bytes:
        """Return the finished PDF (a page saying so when there was nothing to print)."""
        if self.page == 0:
            self.draw_header = None
            self.add_page()
            self.use(16)
            write_line(self, self.l_margin, 30, self.epw, "Nothing to print: no guest is seated.")
        return bytes(self.output())


def paper_format(paper: str) -> str:
    """Return fpdf's name for "A4" or "Letter", refusing anything else clearly."""
    try:
        return PAPERS[paper.strip().lower()]
    except KeyError:
        raise PrintablesError(f'Paper must be "A4" or "Letter", not "{paper}".') from None


def clean(text: str | None) -> str:
    """Return `text` composed (NFC, so accents use the font's own glyphs) on one line."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip()


def fit_text(pdf: RoomDocument, text: str, width: float) -> str:
    """Return `text`, cut with an ellipsis if it is wider than `width` in the current font."""
    text = clean(text)
    if pdf.get_string_width(text) <= width:
        return text
    low, high = 0, len(text)
    while low < high:  # the longest prefix that still fits with the ellipsis
        middle = (low + high + 1) // 2
        if pdf.get_string_width(text[:middle].rstrip() + ELLIPSIS) <= width:
            low = middle
        else:
            high = middle - 1
    return text[:low].rstrip() + ELLIPSIS


def fit_size(pdf: RoomDocument, text: str, width: float, sizes: tuple[float, float], bold=False):
    """Use the largest size in (largest, smallest) at which `text` fits `width`; return it."""
    largest, smallest = sizes
    size = largest
    pdf.use(size, bold)
    while size > smallest and pdf.get_string_width(clean(text)) > width:
        size = max(smallest, size - 1)
        pdf.use(size, bold)
    return size


def fit_name(pdf: RoomDocument, text: str, box: tuple[float, float], sizes: tuple[float, float]):
    """Size a name to one line of the (width, height) box, else to two (cut if still too long)."""
    width, height = box
    largest, smallest = sizes
    fit_size(pdf, text, width, (largest, smallest), bold=True)
    if pdf.get_string_width(clean(text)) <= width:
        return [clean(text)]
    two_lines_largest = min(largest, height / 2 / LINE_HEIGHT_PER_PT)
    for size in range(int(two_lines_largest), int(smallest * 0.6), -1):
        pdf.use(size, bold=True)
        if len(wrap(pdf, text, width, max_lines=3)) <= 2:
            break
    return wrap(pdf, text, width, max_lines=2)


def line_height(pdf: RoomDocument) -> float:
    """Return the height in mm of one line in the current font."""
    return pdf.font_size_pt * LINE_HEIGHT_PER_PT


def wrap(pdf: RoomDocument, text: str, width: float, max_lines: int) -> list[str]:
    """Return `text` broken into at most `max_lines` lines of `width`, the last cut if needed."""
    lines: list[str] = []
    current = ""
    for word in clean(text).split(" "):
        candidate = f"{current} {word}" if current else word
        if not current or pdf.get_string_width(candidate) <= width:
            current = candidate
            continue
        lines.append(current)
        current = word
    if current:
        lines.append(current)
    if len(lines) > max_lines:
        lines[max_lines - 1] = " ".join(lines[max_lines - 1 :]) + ELLIPSIS
        del lines[max_lines:]
    # A word longer than the whole line (a URL, a long compound) is cut rather than overflowing.
    return [fit_text(pdf, line, width) for line in lines]


def write_line(pdf: RoomDocument, x: float, y: float, width: float, text: str, align="L"):
    """Write one line of `text` (cut to `width`) with its top at `y`."""
    pdf.set_xy(x, y)
    height = line_height(pdf)
    pdf.cell(width, height, fit_text(pdf, text, width), align=align)
    return y + height


def write_lines(pdf: RoomDocument, x: float, y: float, width: float, lines: list[str], align="C"):
    """Write pre-wrapped lines from `y` down; return the y below the last."""
    for line in lines:
        y = write_line(pdf, x, y, width, line, align=align)
    return y


def dashed_line(pdf: RoomDocument, x1: float, y1: float, x2: float, y2: float, dash=2.0):
    """Draw a light dashed guide: long dashes to cut along, short ones (dash=0.4) to fold."""
    pdf.set_draw_color(*GUIDE)
    pdf.set_line_width(0.2)
    pdf.set_dash_pattern(dash=dash, gap=2)
    pdf.line(x1, y1, x2, y2)
    pdf.set_dash_pattern()


def cut_guides(pdf: RoomDocument, x: float, y: float, width: float, height: float) -> None:
    """Draw dashed cutting lines around one card."""
    for x1, y1, x2, y2 in (
        (x, y, x + width, y),
        (x, y + height, x + width, y + height),
        (x, y, x, y + height),
        (x + width, y, x + width, y + height),
    ):
        dashed_line(pdf, x1, y1, x2, y2)


@contextmanager
def upside_down(pdf: RoomDocument, x: float, y: float, width: float, height: float) -> Iterator:
    """Draw the enclosed panel turned 180° about its centre (the far side of a folded card)."""
    with pdf.rotation(180, x=x + width / 2, y=y + height / 2):
        yield


def folded(pdf: RoomDocument, x: float, y: float, width: float, height: float, draw_panel):
    """Draw a card folded across its middle: `draw_panel(x, y, w, h)` on both halves.

    The lower half is upright; the upper half is turned over so it reads upright from the
    other side of the table once the card stands folded. Guides mark the cut and the fold.
    """
    half = height / 2
    draw_panel(x, y + half, width, half)
    with upside_down(pdf, x, y, width, half):
        draw_panel(x, y, width, half)
    dashed_line(pdf, x, y + half, x + width, y + half, dash=0.4)
