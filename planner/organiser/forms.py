"""Organiser forms: dinners and the buttons that change state (guest lists: guest_forms)."""

from zoneinfo import available_timezones

from flask_wtf import FlaskForm
from wtforms import (
    DateField,
    HiddenField,
    IntegerField,
    RadioField,
    SelectField,
    StringField,
    TextAreaField,
    TimeField,
)
from wtforms.validators import DataRequired, InputRequired, Length, NumberRange, Optional, Regexp

from planner.security.fields import SingleLine

TIMEZONES = sorted(zone for zone in available_timezones() if "/" in zone and "Etc" not in zone)


class DinnerForm(FlaskForm):
    """A dinner's details; the rules between fields are checked by dinner_states."""

    title = SingleLine("Title", validators=[DataRequired(), Length(max=200)])
    date = DateField("Date", validators=[DataRequired(message="Pick the date of the dinner.")])
    time = TimeField("Time", validators=[DataRequired(message="Pick the start time.")])
    timezone = SelectField("Time zone", choices=TIMEZONES, default="Europe/London")
    venue = SingleLine("Venue", validators=[DataRequired(), Length(max=300)])
    min_table_size = IntegerField(
        "Smallest table", default=6, validators=[InputRequired("Give the smallest table size.")]
    )
    max_table_size = IntegerField(
        "Largest table", default=10, validators=[InputRequired("Give the largest table size.")]
    )
    capacity = IntegerField(
        "Capacity (guests)",
        validators=[Optional()],
        description="Leave empty to allow as many guests as the tables seat.",
    )
    rsvp_deadline_date = DateField("RSVP by (date)", validators=[DataRequired()])
    rsvp_deadline_time = TimeField("RSVP by (time)", validators=[DataRequired()])
    # Set by the confirmation page: the organiser has seen who will be mailed.
    confirmed = HiddenField()


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
    re_ask_days = IntegerField(
        "Gentle re-ask of open asks, days after the second follow-up",
        default=7,
        validators=[DataRequired(), NumberRange(min=1, max=60)],
    )
    outcome_check_weeks = IntegerField(
        "Outcome check, weeks after the first follow-up",
        validators=[DataRequired(), NumberRange(min=1, max=26)],
    )


class MessageGuestsForm(FlaskForm):
    """A one-off note from the organiser to a group of guests."""

    audience = RadioField("Send to", default="all", validators=[DataRequired()])
    subject = StringField(
        "Subject",
        validators=[
            DataRequired("Give the note a subject."),
            Length(max=150),
            # A line break in a subject would end the mail header.
            Regexp(r"^[^\r\n]*$", message="Keep the subject on one line."),
        ],
    )
    note = TextAreaField(
        "Message",
        validators=[DataRequired("Write the message."), Length(max=5000)],
        render_kw={"rows": 8},
    )
    confirmed = HiddenField()


class DeclineProfileForm(FlaskForm):
    """Take a flagged guest off the seating, with the note they will get by mail."""

    note = TextAreaField(
        "Your note to the guest",
        validators=[DataRequired("Say why, in a sentence or two."), Length(max=2000)],
        render_kw={"rows": 5},
    )
