"""What an attendee tells us about themselves."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, LargeBinary, String, Text, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from planner.extensions import db
from planner.models._types import utcnow


class Profile(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    invitation_id: Mapped[int] = mapped_column(ForeignKey("invitation.id"), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    company: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(200), default="")
    industry: Mapped[str] = mapped_column(String(80), default="")
    does: Mapped[str] = mapped_column(Text, default="")
    serves: Mapped[str] = mapped_column(Text, default="")
    asks: Mapped[list[str]] = mapped_column(JSON, default=list)
    can_introduce: Mapped[str] = mapped_column(Text, default="")
    dietary: Mapped[str] = mapped_column(String(300), default="")
    # Optional, something personal ("outside work I…"): shared ground and conversation starters.
    personal: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Names (one per line) this guest would rather not sit with; only the seating sees it.
    prefer_not: Mapped[str] = mapped_column(Text, default="", server_default="")
    # Table-mates may see this guest's email address only if they said so on the RSVP page.
    share_email: Mapped[bool] = mapped_column(default=False, server_default=false())
    updated_at: Mapped[datetime] = mapped_column(default=utcnow, onupdate=utcnow)
    # Sentence vectors of the profile's asks and offers (planner.matching.semantic_texts),
    # encoded in the background after a save so seating never encodes unchanged text.
    # None: not encoded yet (or the text changed since). Deferred: several KB per profile that
    # only scoring reads (services/embeddings.py, one query per dinner); pages never show them.
    vectors: Mapped[bytes | None] = mapped_column(LargeBinary, deferred=True)
    vectors_model: Mapped[str | None] = mapped_column(String(80))
    # When the organiser looked at a profile the referral model flagged (vague, sales funnel).
    reviewed_at: Mapped[datetime | None]

    invitation = relationship("Invitation", back_populates="profile")

    @property
    def can_introduce_list(self) -> list[str]:
        return [line.strip() for line in self.can_introduce.splitlines() if line.strip()]
