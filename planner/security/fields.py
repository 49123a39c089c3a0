"""WTForms building blocks for single-line text: use them for names, titles, venues, subjects."""

from wtforms import StringField

from planner.security import text


def single_line(value: str | None) -> str | None:
    """WTForms filter: fold line breaks into spaces and drop control characters."""
    return text.single_line(value)


class SingleLine(StringField):
    """A StringField whose value is always one clean line (see `single_line`)."""

    def __init__(self, label=None, validators=None, filters=(), **kwargs):
        super().__init__(label, validators, filters=(single_line, *filters), **kwargs)
