"""Form widgets for the busiest pages: the RSVP page and the organiser's dinner page.

They give the same markup as WTForms' own widgets (tests/web/test_widgets.py compares them),
only faster: WTForms builds every attribute through `Markup.format`, which was a third of the
RSVP page's time, and the RSVP page's industry <select> has ~116 options.
"""

from functools import cache

from markupsafe import Markup, escape
from wtforms import widgets
from wtforms.widgets.core import clean_key


def attributes(**kwargs) -> Markup:
    """Return HTML attributes as WTForms' `html_params` does: sorted, escaped, True bare."""
    params = []
    for key, value in sorted(kwargs.items()):
        if value is True:
            params.append(_name(key))
        elif value is not False:
            params.append(f'{_name(key)}="{_quoted(value)}"')
    return Markup(" ".join(params))


@cache
def _name(key: str) -> str:
    return str(escape(clean_key(key)))


def _quoted(value) -> str:
    if type(value) is str:
        return str(escape(value))  # escapes quotes too
    return str(escape(value)).replace('"', "&quot;")  # a Markup value keeps its own quotes


def _validation_attrs(widget, field, kwargs: dict) -> None:
    """Add the field's validation flags the widget renders (maxlength, required…)."""
    flags = vars(field.flags)
    for name in widget.validation_attrs:
        if name in flags and name not in kwargs:
            kwargs[name] = flags[name]


class TextInput(widgets.TextInput):
    html_params = staticmethod(attributes)


class CheckboxInput(widgets.CheckboxInput):
    html_params = staticmethod(attributes)


class RadioInput(widgets.RadioInput):
    html_params = staticmethod(attributes)


class FileInput(widgets.FileInput):
    html_params = staticmethod(attributes)


class HiddenInput(widgets.HiddenInput):
    html_params = staticmethod(attributes)


class SubmitInput(widgets.SubmitInput):
    html_params = staticmethod(attributes)


class TextArea(widgets.TextArea):
    """Render a <textarea>, as WTForms' `TextArea`."""

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        _validation_attrs(self, field, kwargs)
        params = attributes(name=field.name, **kwargs)
        return Markup(f"<textarea {params}>\r\n{escape(field._value())}</textarea>")


class StaticSelect(widgets.Select):
    """Render a <select> whose choices never change, building each option's markup once.

    The field must keep the same `choices` object from request to request (a module-level
    constant); given another one, the option markup is built again for it.
    """

    def __init__(self):
        super().__init__()
        self._built: tuple[object, tuple] | None = None

    def __call__(self, field, **kwargs):
        kwargs.setdefault("id", field.id)
        _validation_attrs(self, field, kwargs)
        options = "".join(
            part if isinstance(part, str) else part[2 if part[0] == field.data else 1]
            for part in self._parts(field)
        )
        return Markup(f"<select {attributes(name=field.name, **kwargs)}>{options}</select>")

    def _parts(self, field) -> tuple:
        """Return the field's option markup: strings, and (key, unselected, selected) triples."""
        built = self._built
        if built is None or built[0] is not field.choices:
            # Keyed on the object itself (held here, so its identity cannot be reused).
            built = self._built = (field.choices, tuple(_option_parts(field)))
        return built[1]


def _option_parts(field):
    groups = field.iter_groups() if field.has_groups() else [(None, field.iter_choices())]
    for group, choices in groups:
        if group is not None:
            yield f"<optgroup {attributes(label=group)}>"
        for choice in choices:
            yield (
                field.coerce(choice.value),
                widgets.Select.render_option(choice._replace(selected=False)),
                widgets.Select.render_option(choice._replace(selected=True)),
            )
        if group is not None:
            yield "</optgroup>"
