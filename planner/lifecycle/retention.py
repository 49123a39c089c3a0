"""Keep nothing longer than needed (run from `tick`).

- Bodies of sent or cancelled mail hold working links: dropped `mail_body_retention_days`
  after sending, keeping who/what/when; `.eml` files written without SMTP likewise.
- `data_retention_months` after a dinner, its guests' profiles, names, emails and the asks in
  their outcomes are anonymised; the rows that make the organiser's figures stay.
"""

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import and_, or_, select, update

from planner.extensions import db
from planner.lifecycle.privacy import PURGED, anonymise_invitation
from planner.models import Dinner, MailStatus, OutboxMessage
from planner.models.dinner import DINNER_LENGTH
from planner.settings import Settings

DAYS_PER_MONTH = 30.44  # a month of retention, on average


@dataclass(frozen=True)
class RetentionResult:
    bodies_purged: int
    files_removed: int
    dinners_anonymised: int


def run_retention(now: datetime, settings: Settings) -> RetentionResult:
    """Apply every retention rule at `now`, committing as it goes."""
    bodies = purge_mail_bodies(now, timedelta(days=settings.mail_body_retention_days))
    db.session.commit()
    files = prune_mail_files(
        Path(settings.mail_file_dir), now, timedelta(days=settings.mail_body_retention_days)
    )
    dinners = anonymise_old_dinners(now, settings.data_retention_months)
    return RetentionResult(bodies, files, dinners)


def purge_mail_bodies(now: datetime, keep: timedelta) -> int:
    """Drop the bodies of mail sent (or cancelled) before `now - keep` (not committed)."""
    cutoff = now - keep
    done = or_(
        and_(OutboxMessage.status == MailStatus.SENT, OutboxMessage.sent_at < cutoff),
        and_(OutboxMessage.status == MailStatus.CANCELLED, OutboxMessage.created_at < cutoff),
    )
    result = db.session.execute(
        update(OutboxMessage)
        .where(done, OutboxMessage.body_purged_at.is_(None))
        .values(body_purged_at=now, **PURGED)
        .execution_options(synchronize_session=False)
    )
    return result.rowcount


def prune_mail_files(directory: Path, now: datetime, keep: timedelta) -> int:
    """Delete `.eml` files last written before `now - keep`; return how many."""
    if not directory.is_dir():
        return 0
    # `now` is naive UTC, file times are epoch seconds.
    cutoff = (now - keep).replace(tzinfo=UTC).timestamp()
    removed = 0
    for path in directory.glob("*.eml"):
        if path.stat().st_mtime < cutoff:
            path.unlink(missing_ok=True)
            removed += 1
    return removed


def retention_ends(dinner: Dinner, months: int) -> datetime:
    """Return when the dinner's guest data is anonymised (naive UTC)."""
    return dinner.ends_at + timedelta(days=round(months * DAYS_PER_MONTH))


def anonymise_old_dinners(now: datetime, months: int) -> int:
    """Anonymise the guests of every dinner past its retention, committing per dinner."""
    cutoff = now - timedelta(days=round(months * DAYS_PER_MONTH)) - DINNER_LENGTH
    dinner_ids = db.session.scalars(
        select(Dinner.id).where(Dinner.starts_at < cutoff, Dinner.data_anonymised_at.is_(None))
    ).all()
    for dinner_id in dinner_ids:
        dinner = db.session.get(Dinner, dinner_id)
        for invitation in dinner.invitations:
            anonymise_invitation(invitation, now)
        dinner.data_anonymised_at = now
        db.session.commit()
    return len(dinner_ids)
