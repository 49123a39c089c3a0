"""Plain-text hygiene for single-line values (names, titles, venues, subjects); no Flask here."""

import unicodedata

# Unicode line and paragraph separators are not "Cc" but break a line all the same.
_LINE_SEPARATORS = {"Zl", "Zp"}


def single_line(value: str | None) -> str | None:
    """Return `value` on one line: breaks and tabs become one space, other control chars go.

    A CR/LF in a name or title would otherwise reach mail headers (header injection) and
    make the sender raise; NUL bytes make PostgreSQL refuse the row.
    """
    if value is None:
        return None
    kept = []
    for char in value:
        category = unicodedata.category(char)
        if char.isspace() or category in _LINE_SEPARATORS:
            kept.append(" ")
        elif category != "Cc":
            kept.append(char)
    return " ".join("".join(kept).split())


def has_control_characters(value: str) -> bool:
    """Return whether `value` holds a control character or a line break of any kind."""
    return any(unicodedata.category(char) in {"Cc", "Zl", "Zp"} for char in value)
