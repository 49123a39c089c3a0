"""The organiser's seating-rule form."""

from flask_wtf import FlaskForm
from wtforms import FloatField, IntegerField, SelectField, SelectMultipleField
from wtforms.validators import DataRequired, InputRequired, NumberRange, Optional
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
    # The upper bound depends on the dinner's guests: add_rule checks it.
    table_number = IntegerField(
        "Table (for “Seat at table”)",
        validators=[Optional(), NumberRange(min=1, message="Tables are numbered from 1.")],
    )

    def set_guest_choices(self, invitations) -> None:
        """Offer the dinner's accepted guests."""
        self.guests.choices = [(inv.id, inv.name) for inv in invitations]


# The weights an organiser is most likely to tune, with what each one means to them.
TUNABLE_WEIGHTS = {
    "ask_specialty": "Someone's line of business is what another asked for",
    "ask_introduce": "Someone can introduce the kind of person another asked for",
    "mutual_bonus": "Extra when both can help each other",
    "sphere_partner": "Same contact sphere, different specialty (natural referral partners)",
    "common_ground": "Similar clients: something to talk about (diversity of the table)",
    "competitor_penalty": "Penalty for direct competitors",
    "prefer_not_penalty": "Penalty when a guest asked not to sit with the other",
    "met_before_factor": "Share of the score kept for pairs who met at your earlier dinners",
}


class WeightsForm(FlaskForm):
    """One number per tunable weight; fields are added in `weights_form`."""


def weights_form(current: dict[str, float]) -> WeightsForm:
    """Build the weights form with a field per tunable weight, filled with `current`."""

    class Form(WeightsForm):
        pass

    for name, label in TUNABLE_WEIGHTS.items():
        setattr(
            Form,
            name,
            FloatField(label, validators=[InputRequired(), NumberRange(min=0, max=10)]),
        )
    return Form(data={name: current[name] for name in TUNABLE_WEIGHTS})
