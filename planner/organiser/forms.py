"""Organiser forms: dinners and the buttons that change state (guest lists: guest_forms)."""

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import DateField, IntegerField, SelectField, TimeField
from wtforms.validators import (
    DataRequired,
    InputRequired,
    Length,
    NumberRange,
    ValidationError,
)

from planner.security.fields import SingleLine

TIMEZONES = sorted(zone for zone in available_timezones() if "/" in zone and "Etc" not in zone)


class DinnerForm(FlaskForm):
    title = SingleLine("Title", validators=[DataRequired(), Length(max=200)])
    date = DateField("Date", validators=[DataRequired(message="Pick the date of the dinner.")])
    time = TimeField("Time", validators=[DataRequired(message="Pick the start time.")])
    timezone = SelectField("Time zone", choices=TIMEZONES, default="Europe/London")
    venue = SingleLine("Venue", validators=[DataRequired(), Length(max=300)])
    min_table_size = IntegerField(
        "Smallest table", default=6, validators=[DataRequired(), NumberRange(min=2, max=30)]
    )
    max_table_size = IntegerField(
        "Largest table", default=10, validators=[DataRequired(), NumberRange(min=2, max=30)]
    )
    rsvp_deadline_date = DateField("RSVP by (date)", validators=[DataRequired()])
    rsvp_deadline_time = TimeField("RSVP by (time)", validators=[DataRequired()])

    def validate_max_table_size(self, field):
        if self.min_table_size.data and field.data and field.data < self.min_table_size.data:
            raise ValidationError("The largest table cannot be smaller than the smallest.")

    def validate_rsvp_deadline_date(self, field):
        if None in (field.data, self.rsvp_deadline_time.data, self.date.data, self.time.data):
            return
        deadline = (field.data, self.rsvp_deadline_time.data)
        if deadline > (self.date.data, self.time.data):
            raise ValidationError("The RSVP deadline must be before the dinner starts.")


class ConfirmForm(FlaskForm):
    """A POST button with nothing but its CSRF token."""


class TimingForm(FlaskForm):
    """When each lifecycle email of one dinner goes out."""

    reminder_hours = IntegerField(
        "Reminder, hours before the RSVP deadline",
        validators=[DataRequired(), NumberRange(min=1, max=336)],
    )
    morning_hour = IntegerField(
        "Hour of the dinner-day note and follow-ups (local time, 0–23)",
        # InputRequired, not DataRequired: 0 (midnight) is a valid hour.
        validators=[InputRequired("Pick an hour between 0 and 23."), NumberRange(min=0, max=23)],
    )
    follow_up_2_days = IntegerField(
        "Second follow-up, days after the first",
        validators=[DataRequired(), NumberRange(min=1, max=60)],
    )
    outcome_check_weeks = IntegerField(
        "Outcome check, weeks after the first follow-up",
        validators=[DataRequired(), NumberRange(min=1, max=26)],
    )
