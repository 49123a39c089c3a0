"""Clean free text at the service boundary: no control characters are ever stored.

A line break in a name or title would end up in a mail header (where it is refused, or worse,
read as a new header); NUL and other control characters break databases and displays.
"""

import re
import unicodedata

# Every C0/C1 control except tab and line breaks, line/paragraph separators, bidirectional
# overrides (they make a name display as something else) and lone surrogates.
_CONTROL = re.compile(
    "[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
_WHITESPACE = re.compile(r"\s+")
_LINE_END = re.compile(r"\r\n?")


def one_line(value: str | None) -> str:
    """Return `value` as one trimmed line: control characters dropped, whitespace runs one space."""
    text = _CONTROL.sub("", value or "")
    return unicodedata.normalize("NFC", _WHITESPACE.sub(" ", text).strip())


def multiline(value: str | None) -> str:
    """Return `value` trimmed with its line breaks kept as \\n and other controls dropped."""
    text = _CONTROL.sub("", _LINE_END.sub("\n", value or ""))
    return unicodedata.normalize("NFC", text.strip())
