"""Forms behind the POST buttons of action pages."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, RadioField, SelectField, SubmitField, TextAreaField
from wtforms.validators import DataRequired, Length

from planner.lifecycle.introductions import MESSAGE_LIMIT
from planner.models.outcome import AMOUNT_BANDS


class ActionForm(FlaskForm):
    """One POST button; `ask` carries which ask the click is about."""

    ask = HiddenField()


class AskChoiceForm(FlaskForm):
    """ "Please introduce me": which of my asks the introduction is for."""

    ask = SelectField("For which of your asks?", validate_choice=False)


class IntroduceForm(FlaskForm):
    """The introduction as the introducer wants it sent, once both people said yes."""

    ask = HiddenField()
    target = HiddenField(validators=[DataRequired()])
    message = TextAreaField(
        "Your introduction (edit it as you like)",
        validators=[
            DataRequired("Write a line or two: it is what both of them will read."),
            Length(max=MESSAGE_LIMIT),
        ],
        render_kw={"rows": 8},
    )


class AnswerForm(FlaskForm):
    """Yes or no to an introduction."""

    yes = SubmitField("Yes, introduce us")
    no = SubmitField("No, thank you")


class BusinessForm(FlaskForm):
    """Did it lead to business, and roughly how much (optional)."""

    band = RadioField(
        "Roughly how much? (optional)",
        choices=list(AMOUNT_BANDS.items()),
        default="",
        validate_choice=True,
    )
    yes = SubmitField("Yes, it led to business")
    no = SubmitField("No business (yet)")
