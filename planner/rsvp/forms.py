"""The attendee's RSVP and profile form."""

from functools import cache

from flask_wtf import FlaskForm
from wtforms import BooleanField, RadioField, SelectField, StringField, TextAreaField
from wtforms.validators import DataRequired, Length, Optional, ValidationError

from planner import widgets
from planner.matching import vague_ask_hint
from planner.security.fields import SingleLine

ASK_HELP = (
    "Be specific: who exactly, and why them. "
    "“Introductions to HR directors at 50–200-person companies” works; “anyone” does not."
)


def taxonomy_choices_by_sphere():
    """Return the taxonomy's (sphere, [(key, label)]) groups."""
    from planner.matching import taxonomy_groups

    return taxonomy_groups()


@cache
def industry_select_choices() -> dict[str, list[tuple[str, str]]]:
    """Return taxonomy choices grouped by contact sphere, for an <optgroup> select.

    Built once per process: the taxonomy ships with the code and the RSVP page is the busiest.
    """
    return {sphere: list(items) for sphere, items in taxonomy_choices_by_sphere()}


@cache
def industry_field_choices() -> dict[str, list[tuple[str, str]]]:
    """Return the industry field's choices: a prompt, then the taxonomy by sphere.

    One object for the whole process, so `StaticSelect` renders its options once.
    """
    return {"": [("", "Choose the closest…")], **industry_select_choices()}


@cache
def _known_industries() -> frozenset[str]:
    return frozenset(key for _, items in taxonomy_choices_by_sphere() for key, _ in items)


class SpecificAsk:
    """Refuse asks too vague for anyone to act on, and say how to fix them."""

    def __call__(self, form, field):
        # The referral model decides what is too vague, so the form and the scores agree.
        hint = vague_ask_hint(field.data or "")
        if hint:
            raise ValidationError(f"Too broad for anyone to act on. {hint}")


class RequiredIfAttending:
    """Require the field only when the guest says they are coming."""

    def __call__(self, form, field):
        if form.attending.data == "yes" and not (field.data or "").strip():
            raise ValidationError("Please fill this in so we can seat you well.")


# The RSVP page is the busiest: its fields render through faster widgets with the same markup.
_TEXT, _AREA = widgets.TextInput(), widgets.TextArea()


class RsvpForm(FlaskForm):
    attending = RadioField(
        "Will you come?",
        choices=[("yes", "Yes, I'll be there"), ("no", "Sorry, I can't make it")],
        validators=[DataRequired(message="Tell us whether you are coming.")],
        option_widget=widgets.RadioInput(),
    )
    name = SingleLine("Name", validators=[RequiredIfAttending(), Length(max=120)], widget=_TEXT)
    company = SingleLine("Company", validators=[Optional(), Length(max=200)], widget=_TEXT)
    role = SingleLine("Role", validators=[Optional(), Length(max=200)], widget=_TEXT)
    industry = SelectField(
        "Industry / specialty", validate_choice=False, widget=widgets.StaticSelect()
    )
    does = TextAreaField(
        "What I do",
        validators=[RequiredIfAttending(), Length(max=1000)],
        render_kw={"rows": 3},
        widget=_AREA,
    )
    serves = TextAreaField(
        "Who I serve (my ideal clients)", validators=[Optional(), Length(max=1000)], widget=_AREA
    )
    ask_1 = StringField(
        "Introduction I'm asking for",
        validators=[RequiredIfAttending(), SpecificAsk(), Length(max=300)],
        widget=_TEXT,
    )
    ask_2 = StringField(
        "Second ask (optional)",
        validators=[Optional(), SpecificAsk(), Length(max=300)],
        widget=_TEXT,
    )
    ask_3 = StringField(
        "Third ask (optional)",
        validators=[Optional(), SpecificAsk(), Length(max=300)],
        widget=_TEXT,
    )
    can_introduce = TextAreaField(
        "People I can introduce others to (one per line)",
        validators=[Optional(), Length(max=1000)],
        render_kw={"rows": 3},
        widget=_AREA,
    )
    dietary = StringField("Dietary needs", validators=[Optional(), Length(max=300)], widget=_TEXT)
    personal = TextAreaField(
        "Outside work I… (optional)",
        validators=[Optional(), Length(max=300)],
        render_kw={"rows": 2},
        widget=_AREA,
    )
    prefer_not = TextAreaField(
        "Rather not sit with (optional, one name per line; only the seating sees this)",
        validators=[Optional(), Length(max=600)],
        render_kw={"rows": 2},
        widget=_AREA,
    )
    share_email = BooleanField(
        "Show my email address to my table-mates", widget=widgets.CheckboxInput()
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.industry.choices = industry_field_choices()

    def validate_industry(self, field):
        if field.data and field.data not in _known_industries():
            raise ValidationError("Choose an industry from the list.")
        if self.attending.data == "yes" and not field.data:
            raise ValidationError(
                "Choose the closest industry so we can find your referral partners."
            )

    @property
    def asks(self) -> tuple[str, ...]:
        return tuple(f.data for f in (self.ask_1, self.ask_2, self.ask_3) if (f.data or "").strip())


class SeatForm(FlaskForm):
    """The button that takes a seat offered from the waitlist."""
