"""The `field` macro's markup for the RSVP page, compiled once per field: text with one hole.

The RSVP page is what every guest opens, and its form has fifteen fields. Rendering each
through the `field` macro and its widget was most of the page's time, although for a field
shown without errors only the value differs from guest to guest. So each text field is
rendered once through the real macro, with a marker for its value, and split at the marker;
later renders escape the value into the hole. Radio buttons and checkboxes have a handful of
states: each is rendered once through the macro and kept. The markup stays the macro's own
(tests/web/test_stencils.py compares them for arbitrary values). Fields with errors, and the
rest (a <select>, say), always go through the macro.
"""

from collections.abc import Callable

from markupsafe import Markup, escape
from wtforms import BooleanField, Field, RadioField, StringField

# Few states each: what was chosen, and what was posted (WTForms shows a posted checkbox value).
SMALL_STATES = 64

# Private-use characters, which no label, hint or attribute holds, and which escaping leaves
# as they are. (A guest may type them too: values go into the hole, never into a stencil.)
MARKER = "\ue000value\ue001"

Macro = Callable[..., str]


class FieldStencils:
    """Render fields as `macro(field, hint)` does, from markup built once per field."""

    def __init__(self, macro: Callable[[], Macro]):
        self._macro = macro  # called when first needed: the template loads in an app context
        # Keyed on the form class (each has its own Meta) and the field: a form class's
        # fields are defined once, so their labels, flags and attributes never change.
        self._stencils: dict[tuple, tuple[str, str] | None] = {}
        self._states: dict[tuple, Markup] = {}

    def __call__(self, field: Field, hint: str | None = None) -> Markup:
        """Return the field's markup, as the macro renders it."""
        if field.errors:
            return self._macro()(field, hint)
        if _few_states(field):
            return self._state(field, hint)
        if not _value_is_data(field):
            return self._macro()(field, hint)
        key = (type(field.meta), field.name, field.id, hint)
        if key not in self._stencils:
            self._stencils[key] = self._build(field, hint)
        stencil = self._stencils[key]
        if stencil is None:
            return self._macro()(field, hint)
        before, after = stencil
        return Markup(f"{before}{escape(field._value())}{after}")

    def _state(self, field: Field, hint: str | None) -> Markup:
        """Return a radio or checkbox field's markup for its current state, rendered once."""
        key = (
            type(field.meta),
            field.name,
            field.id,
            hint,
            tuple(map(tuple, field.choices or ())) if isinstance(field, RadioField) else None,
            repr(field.data),
            tuple(field.raw_data or ()),
        )
        markup = self._states.get(key)
        if markup is None:
            markup = self._macro()(field, hint)
            if len(self._states) < SMALL_STATES:  # what guests post cannot fill the memory
                self._states[key] = markup
        return markup

    def _build(self, field: Field, hint: str | None) -> tuple[str, str] | None:
        """Split the field's markup at its value; None if the value is not shown just once."""
        data = field.data
        field.data = MARKER
        try:
            markup = str(self._macro()(field, hint))
        finally:
            field.data = data
        before, marker, after = markup.partition(MARKER)
        if not marker or MARKER in after:
            return None  # a widget that hides or repeats its value (a password, say)
        return before, after


def _few_states(field: Field) -> bool:
    return type(field) in (RadioField, BooleanField)


def _value_is_data(field: Field) -> bool:
    # Only where the markup is the escaped `str(data)` and nothing else varies (WTForms'
    # BooleanField, for one, shows what was posted rather than its data).
    return isinstance(field, StringField) and type(field)._value is StringField._value
