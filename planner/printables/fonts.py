"""Find a Unicode TrueType font on the machine: PDF core fonts only know Latin-1."""

from __future__ import annotations

import os
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from planner.printables.model import PrintablesError

# Where to look first; a directory set in this variable wins over the system's fonts.
FONT_DIR_VARIABLE = "TABLEWISE_PDF_FONT_DIR"
FONT_ROOTS = (
    "/usr/share/fonts",
    "/usr/local/share/fonts",
    "~/.local/share/fonts",
    "~/.fonts",
    "/Library/Fonts",
    "/System/Library/Fonts/Supplemental",
)
# Regular and bold file names in order of preference. DejaVu Sans (Debian: fonts-dejavu-core)
# covers Latin, Greek, Cyrillic and Vietnamese; the others are fallbacks with less coverage.
CANDIDATES = (
    ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf"),
    ("NotoSans-Regular.ttf", "NotoSans-Bold.ttf"),
    ("FreeSans.ttf", "FreeSansBold.ttf"),
    ("LiberationSans-Regular.ttf", "LiberationSans-Bold.ttf"),
)


@dataclass(frozen=True)
class FontFiles:
    """A regular and a bold face of one family."""

    regular: Path
    bold: Path


@lru_cache(maxsize=1)
def find_font() -> FontFiles:
    """Return the best Unicode sans-serif font found, or raise with how to install one."""
    roots = _search_roots()
    for regular_name, bold_name in CANDIDATES:
        regular = _find_file(roots, regular_name)
        if regular is None:
            continue
        bold = _find_file([regular.parent, *roots], bold_name) or regular
        return FontFiles(regular=regular, bold=bold)
    raise PrintablesError(
        "No Unicode font for the printables was found: install the Debian package "
        f"fonts-dejavu-core, or set {FONT_DIR_VARIABLE} to a folder holding DejaVuSans.ttf."
    )


def _search_roots() -> list[Path]:
    configured = os.environ.get(FONT_DIR_VARIABLE, "")
    roots = [Path(configured)] if configured else []
    roots.append(Path("/usr/share/fonts/truetype/dejavu"))
    roots.extend(Path(root).expanduser() for root in FONT_ROOTS)
    return [root for root in roots if root.is_dir()]


def _find_file(roots: list[Path], name: str) -> Path | None:
    for root in roots:
        direct = root / name
        if direct.is_file():
            return direct
        found = next(root.rglob(name), None)
        if found is not None:
            return found
    return None
