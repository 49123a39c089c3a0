"""The fast widgets of the RSVP and dinner pages give exactly the markup of WTForms' own."""

import pytest
from markupsafe import Markup
from werkzeug.datastructures import MultiDict
from wtforms import widgets as stock
from wtforms.widgets import html_params

from planner import widgets
from planner.organiser.guest_forms import InviteForm
from planner.rsvp.forms import RsvpForm, industry_field_choices

TRICKY = 'Ana "A" <b>Souza</b> & O\'Neil'
ANSWERS = [
    {},
    {"attending": "yes", "name": TRICKY, "company": "x" * 250, "industry": "", "share_email": "y"},
    {"attending": "no", "does": TRICKY + "\nline two", "ask_1": "anyone", "industry": "nonsense"},
]


def _stock_widget(widget):
    """Return the WTForms widget ours stands in for."""
    return next(base for base in type(widget).__mro__ if base.__module__ == stock.core.__name__)()


def _rendered_by_stock_widget(field, **kwargs):
    """Render the field as it renders itself, through the stock widget instead of ours."""
    ours = field.widget
    field.widget = _stock_widget(ours)
    try:
        return field(**kwargs)
    finally:
        field.widget = ours


def _known_industry() -> str:
    return next(
        key for group, items in industry_field_choices().items() if group for key, _ in items
    )


def _forms():
    for answers in [*ANSWERS, {"attending": "yes", "industry": _known_industry()}]:
        form = RsvpForm(formdata=MultiDict(answers))
        form.validate()  # errors make the page render aria-invalid
        yield form


@pytest.mark.parametrize(
    "kwargs",
    [
        {"id": "x", "name": TRICKY, "value": Markup('a "b" &amp;'), "maxlength": 300},
        {"checked": True, "disabled": False, "data_role": "z", "aria_invalid": "true", "class_": 1},
        {},
    ],
)
def test_attributes_match_html_params(kwargs):
    assert widgets.attributes(**kwargs) == html_params(**kwargs)


def test_every_rsvp_field_renders_as_with_the_stock_widget(app):
    with app.test_request_context("/rsvp/token", method="POST"):
        for form in _forms():
            for field in form:
                if field.type == "RadioField":
                    assert type(field.option_widget).__module__ == widgets.__name__
                    for option in field:
                        assert option() == _rendered_by_stock_widget(option)
                elif field.type != "CSRFTokenField":
                    invalid = {"aria-invalid": "true"} if field.errors else {}
                    assert field(**invalid) == _rendered_by_stock_widget(field, **invalid)
                    assert type(field.widget).__module__ == widgets.__name__, field.name


def test_select_marks_the_stored_value_and_none_for_unknown_values(app):
    with app.test_request_context("/rsvp/token"):
        form = RsvpForm(data={"industry": "nonsense"})
        assert " selected" not in str(form.industry())
        known = _known_industry()
        form = RsvpForm(data={"industry": known})
        assert str(form.industry()).count(" selected") == 1
        assert f'<option selected value="{known}">' in str(form.industry())


def test_select_builds_again_for_other_choices(app):
    with app.test_request_context("/rsvp/token"):
        form = RsvpForm(data={"industry": "b"})
        form.industry.choices = [("a", "A"), ("b", "B <new>")]
        rendered = form.industry()
        assert rendered == stock.Select()(form.industry)
        assert "B &lt;new&gt;" in rendered and "<optgroup" not in rendered


def test_field_macro_label_matches_wtforms_label(app):
    with app.test_request_context("/rsvp/token"):
        macro = app.jinja_env.get_template("_macros.html").module.field
        form = RsvpForm(data={"name": TRICKY})
        for field in (form.name, form.industry, form.does, form.dietary):
            assert str(field.label()) in str(macro(field))


def test_every_invite_form_field_renders_as_with_the_stock_widget(app):
    answers = {"pasted": TRICKY, "csv_text": "name,email\n" + TRICKY, "csv_name": TRICKY}
    with app.test_request_context("/dinners/1/invite", method="POST"):
        for form in (InviteForm(), InviteForm(formdata=MultiDict(answers))):
            for field in form:
                if field.type != "CSRFTokenField":
                    assert type(field.widget).__module__ == widgets.__name__, field.name
                    for kwargs in ({}, {"hidden": True}, {"class": "primary", "value": TRICKY}):
                        assert field(**kwargs) == _rendered_by_stock_widget(field, **kwargs)
