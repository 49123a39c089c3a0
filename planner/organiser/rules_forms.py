"""The organiser's seating-rule form."""

from flask_wtf import FlaskForm
from wtforms import IntegerField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, NumberRange, Optional
from wtforms.widgets import CheckboxInput, ListWidget

from planner.services.seating_rules import RULE_KINDS


class MultiCheckboxField(SelectMultipleField):
    """A list of checkboxes: easier than a multi-select for picking guests."""

    widget = ListWidget(prefix_label=False)
    option_widget = CheckboxInput()


class SeatingRuleForm(FlaskForm):
    kind = SelectField(
        "Rule",
        choices=[(kind.key, kind.label) for kind in RULE_KINDS.values()],
        validators=[DataRequired()],
    )
    guests = MultiCheckboxField("Guests", coerce=int)
    table_number = IntegerField(
        "Table (for “Seat at table”)", validators=[Optional(), NumberRange(min=1, max=200)]
    )

    def set_guest_choices(self, invitations) -> None:
        """Offer the dinner's accepted guests."""
        self.guests.choices = [(inv.id, inv.name) for inv in invitations]
