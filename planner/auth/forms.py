"""Organiser sign-up, log-in and account-deletion forms."""

from flask_wtf import FlaskForm
from wtforms import BooleanField, EmailField, PasswordField
from wtforms.validators import DataRequired, Email, EqualTo, Length

from planner.security.fields import SingleLine, single_line


class RegisterForm(FlaskForm):
    name = SingleLine("Your name", validators=[DataRequired(), Length(max=120)])
    email = EmailField(
        "Email", filters=[single_line], validators=[DataRequired(), Email(), Length(max=254)]
    )
    password = PasswordField(
        "Password",
        validators=[
            DataRequired(),
            Length(min=10, message="Use at least 10 characters."),
            Length(max=1000, message="Use at most 1,000 characters."),
        ],
    )
    confirm = PasswordField(
        "Repeat password",
        validators=[DataRequired(), EqualTo("password", message="The passwords differ.")],
    )


class LoginForm(FlaskForm):
    email = EmailField(
        "Email", filters=[single_line], validators=[DataRequired(), Email(), Length(max=254)]
    )
    password = PasswordField("Password", validators=[DataRequired(), Length(max=1000)])
    remember = BooleanField("Keep me logged in (30 days)")


class DeleteAccountForm(FlaskForm):
    password = PasswordField("Your password", validators=[DataRequired(), Length(max=1000)])
    confirm = BooleanField(
        "Delete my account, all my dinners and everything guests told us about them",
        validators=[DataRequired(message="Tick the box to confirm.")],
    )
