"""Organiser accounts: sign-up, log-in, email verification state and account deletion."""

from functools import cache

from sqlalchemy import delete, func, or_, select
from sqlalchemy.exc import IntegrityError
from werkzeug.security import check_password_hash, generate_password_hash

from planner.extensions import db
from planner.models import Organiser
from planner.models._types import utcnow


class EmailTaken(ValueError):
    """An organiser with this email already exists."""


class EmailNotVerified(PermissionError):
    """The organiser has not confirmed their email address yet."""

    def __init__(self):
        super().__init__(
            "Confirm your email address before invitations go out: "
            "open the link we sent you, or ask for a new one."
        )


def normalise_email(email: str) -> str:
    """Return the email as we store and compare it."""
    return email.strip().lower()


def register_organiser(
    name: str, email: str, password: str, *, verified: bool = False
) -> Organiser:
    """Create an organiser account (flushed, not committed); raise EmailTaken if it exists.

    A concurrent sign-up with the same email also ends in EmailTaken, not a unique-key error;
    that case rolls the session back, so call this before anything else in the transaction.
    """
    email = normalise_email(email)
    if find_organiser(email) is not None:
        spend_password_work(password)  # as long as creating one: the timing tells nothing
        raise EmailTaken(email)
    organiser = Organiser(name=name.strip(), email=email)
    organiser.set_password(password)
    if verified:
        organiser.email_verified_at = utcnow()
    db.session.add(organiser)
    try:
        db.session.flush()
    except IntegrityError as error:
        db.session.rollback()
        raise EmailTaken(email) from error
    return organiser


def find_organiser(email: str) -> Organiser | None:
    """Return the organiser with this email, if any."""
    return db.session.scalar(
        select(Organiser).where(func.lower(Organiser.email) == normalise_email(email))
    )


def authenticate(email: str, password: str) -> Organiser | None:
    """Return the organiser if the password is right, else None, in the same time either way."""
    organiser = find_organiser(email)
    if organiser is None:
        check_password_hash(_dummy_hash(), password)
        return None
    return organiser if organiser.check_password(password) else None


def spend_password_work(password: str) -> None:
    """Hash `password` and throw the hash away, to take as long as storing one."""
    generate_password_hash(password)


@cache
def _dummy_hash() -> str:
    # Same method and cost as real hashes, so checking against it takes as long.
    return generate_password_hash("not anyone's password")


def mark_verified(organiser: Organiser) -> None:
    """Record that the organiser proved they read mail at their address."""
    if organiser.email_verified_at is None:
        organiser.email_verified_at = utcnow()


def require_verified(organiser: Organiser) -> None:
    """Raise EmailNotVerified unless the organiser confirmed their email address."""
    if organiser.email_verified_at is None:
        raise EmailNotVerified()


def delete_organiser(organiser: Organiser) -> None:
    """Delete the organiser and every row that hangs off them (not committed)."""
    owned = _owned_rows(organiser.id)
    for table in reversed(db.metadata.sorted_tables):
        if table in owned and table.name != Organiser.__tablename__:
            db.session.execute(delete(table).where(owned[table]))
    db.session.expunge(organiser)
    db.session.execute(delete(Organiser.__table__).where(Organiser.__table__.c.id == organiser.id))


def _owned_rows(organiser_id: int) -> dict:
    """Map each table to the condition that picks its rows owned by the organiser.

    Walks foreign keys parents-first, so tables added later (tokens, jobs) are covered too.
    """
    organisers = Organiser.__table__
    owned = {organisers: organisers.c.id == organiser_id}
    for table in db.metadata.sorted_tables:
        links = [
            fk.parent.in_(select(fk.column).where(owned[fk.column.table]))
            for fk in table.foreign_keys
            if fk.column.table in owned and fk.column.table is not table
        ]
        if links and table not in owned:
            owned[table] = or_(*links)
    return owned
