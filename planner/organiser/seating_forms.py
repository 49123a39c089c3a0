"""Forms of the seating chart: seat tables, move or swap guests, lock, name tables."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, HiddenField, IntegerField, SelectField
from wtforms.validators import InputRequired, Length, NumberRange, Optional

from planner.security.fields import SingleLine
from planner.services.seating import MAX_COURSES

COURSE_CHOICES = [(1, "One seating for the whole dinner")] + [
    (n, f"{n} courses, guests change tables between courses") for n in range(2, MAX_COURSES + 1)
]


class SeatForm(FlaskForm):
    """Seat tables: the organiser's choices, and the confirmation once numbers were mailed."""

    num_tables = IntegerField(
        "Number of tables (leave empty to choose automatically)",
        validators=[Optional(), NumberRange(min=1, max=200)],
    )
    courses = SelectField("Courses", coerce=int, choices=COURSE_CHOICES, default=1)
    confirm = BooleanField("Yes, re-seat and email the guests whose table changes")


class ReseatForm(FlaskForm):
    """Re-seat everyone except locked guests and tables."""

    confirm = BooleanField("Yes, re-seat and email the guests whose table changes")


class EditForm(FlaskForm):
    """Move a guest to a table, or swap two guests (previewed before it is saved)."""

    action = HiddenField(default="move")
    course = IntegerField(default=1, validators=[InputRequired(), NumberRange(min=1, max=9)])
    guest = SelectField("Guest", coerce=int, validators=[InputRequired()])
    table = SelectField("To table", coerce=int, validators=[Optional()], validate_choice=False)
    other = SelectField("Swap with", coerce=int, validators=[Optional()], validate_choice=False)
    version = IntegerField(validators=[InputRequired()])

    def offer(self, plan, course: int) -> None:
        """Offer the guests and tables of one course of the plan."""
        tables = plan.course_tables(course)
        guests = sorted(
            (
                (s.invitation_id, f"{s.invitation.name} (table {t.number})")
                for t in tables
                for s in t.seats
            ),
            key=lambda choice: choice[1],
        )
        self.guest.choices = guests
        self.other.choices = guests
        self.table.choices = [
            (t.number, f"Table {t.number}{' · ' + t.name if t.name else ''}") for t in tables
        ]
        self.course.data = self.course.data or course
        self.version.data = self.version.data or plan.version


class LockForm(FlaskForm):
    """Lock or unlock one table or one guest of the first course."""

    table = IntegerField(validators=[Optional()])
    guest = IntegerField(validators=[Optional()])
    locked = BooleanField()
    version = IntegerField(validators=[InputRequired()])


class TableNameForm(FlaskForm):
    """Name one table, e.g. "Harbour" or "Sponsor's table"."""

    table = IntegerField(validators=[InputRequired(), NumberRange(min=1)])
    name = SingleLine("Table name", validators=[Length(max=60)])
    version = IntegerField(validators=[InputRequired()])


class VersionForm(FlaskForm):
    """Restore a version (the plan version guards against a concurrent change)."""

    version = IntegerField(validators=[InputRequired()])
