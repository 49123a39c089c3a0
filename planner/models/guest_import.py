"""A large guest import, sent in the background in batches."""

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planner.extensions import db
from planner.models._types import utcnow


class GuestImportJob(db.Model):
    """The previewed guests of one confirmed import, invited batch by batch, with progress."""

    id: Mapped[int] = mapped_column(primary_key=True)
    dinner_id: Mapped[int] = mapped_column(ForeignKey("dinner.id"), index=True)
    # Equals dinner_id while the job is queued or running, NULL afterwards: the unique index
    # makes a second confirm while an import runs find it instead of starting another.
    running_dinner_id: Mapped[int | None] = mapped_column(unique=True)
    status: Mapped[str] = mapped_column(String(16), default="queued")
    author: Mapped[str] = mapped_column(String(120), default="")
    # [{"name", "email"}] as previewed; emptied when the job ends (kept no longer than needed).
    # Deferred: the progress page and every batch's progress update need none of it.
    guests: Mapped[list] = mapped_column(JSON, default=list, deferred=True)
    total: Mapped[int]
    # Guests handled by committed batches: a re-run goes on from here.
    done: Mapped[int] = mapped_column(default=0)
    invited: Mapped[int] = mapped_column(default=0)
    # Addresses found on the list already when their batch ran (another tab invited them).
    already: Mapped[list] = mapped_column(JSON, default=list)
    message: Mapped[str] = mapped_column(Text, default="")
    error: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    started_at: Mapped[datetime | None]
    finished_at: Mapped[datetime | None]

    @property
    def running(self) -> bool:
        """Tell whether the job is still queued or running."""
        return self.status in ("queued", "running")
