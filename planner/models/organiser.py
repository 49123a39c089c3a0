"""Organiser accounts."""

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column, relationship
from werkzeug.security import check_password_hash, generate_password_hash

from planner.extensions import db
from planner.models._types import utcnow


class Organiser(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True, index=True)
    name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str] = mapped_column(String(256))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # Set when the organiser opened the signed link we mailed; no invitations go out before.
    email_verified_at: Mapped[datetime | None]
    # Part of the login session's user id: bumping it ends every session issued before.
    session_version: Mapped[int] = mapped_column(default=1, server_default="1")

    dinners = relationship("Dinner", back_populates="organiser", cascade="all, delete-orphan")

    # What Flask-Login asks of a user object, written out so models need no web library.
    is_active = True
    is_authenticated = True
    is_anonymous = False

    def get_id(self) -> str:
        """Return the id Flask-Login keeps in the session: the row id and the session version."""
        return f"{self.id}:{self.session_version}"

    def revoke_sessions(self) -> None:
        """End every login session and remember-me cookie issued so far."""
        self.session_version = (self.session_version or 1) + 1

    def set_password(self, password: str) -> None:
        """Store a salted hash of the password, never the password; a change ends old sessions."""
        if self.password_hash:
            self.revoke_sessions()
        self.password_hash = generate_password_hash(password)

    def check_password(self, password: str) -> bool:
        """Return whether the password matches the stored hash."""
        return check_password_hash(self.password_hash, password)

    @property
    def email_verified(self) -> bool:
        return self.email_verified_at is not None
