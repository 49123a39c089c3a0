"""Forms behind the POST buttons of action pages."""

from flask_wtf import FlaskForm
from wtforms import HiddenField, SubmitField


class ActionForm(FlaskForm):
    """One POST button; `ask` carries which ask the click is about."""

    ask = HiddenField()


class AnswerForm(FlaskForm):
    """Yes or no to an introduction."""

    yes = SubmitField("Yes, introduce us")
    no = SubmitField("No, thank you")
