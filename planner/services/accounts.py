"""Organiser accounts."""

from sqlalchemy import func, select

from planner.extensions import db
from planner.models import Organiser


class EmailTaken(ValueError):
    """An organiser with this email already exists."""


def normalise_email(email: str) -> str:
    """Return the email as we store and compare it."""
    return email.strip().lower()


def register_organiser(name: str, email: str, password: str) -> Organiser:
    """Create an organiser account (not committed)."""
    email = normalise_email(email)
    if find_organiser(email) is not None:
        raise EmailTaken(email)
    organiser = Organiser(name=name.strip(), email=email)
    organiser.set_password(password)
    db.session.add(organiser)
    return organiser


def find_organiser(email: str) -> Organiser | None:
    """Return the organiser with this email, if any."""
    return db.session.scalar(
        select(Organiser).where(func.lower(Organiser.email) == normalise_email(email))
    )


def authenticate(email: str, password: str) -> Organiser | None:
    """Return the organiser if the password is right, else None."""
    organiser = find_organiser(email)
    if organiser is None or not organiser.check_password(password):
        return None
    return organiser
