"""Personal link tokens: one store for every link a guest gets by mail."""

import enum
from datetime import datetime

from sqlalchemy import Enum, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._types import utcnow


class TokenPurpose(enum.StrEnum):
    RSVP = "rsvp"  # the RSVP and profile page
    ACTIONS = "actions"  # one-click outcome and introduction pages
    UNSUBSCRIBE = "unsubscribe"  # RFC 8058 one-click opt-out


class AccessToken(db.Model):
    """A personal link token (stored as a SHA-256 hash) that acts for one invitation."""

    id: Mapped[int] = mapped_column(primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), index=True)
    # A token only opens the pages of its purpose.
    purpose: Mapped[TokenPurpose] = mapped_column(Enum(TokenPurpose, native_enum=False, length=16))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    expires_at: Mapped[datetime]  # every link expires (see TokenLifetimes)
    revoked_at: Mapped[datetime | None]

    invitation = relationship("Invitation")

    def usable(self, now: datetime) -> bool:
        """Tell whether the link still opens its page at `now`."""
        if self.revoked_at is not None:
            return False
        return now < self.expires_at
