"""An attendee's mail preferences: opting out of the follow-up series."""

from datetime import datetime

from sqlalchemy import update

from planner.extensions import db
from planner.models import Invitation, MailStatus, OutboxMessage


def unsubscribe(invitation: Invitation, now: datetime) -> None:
    """Stop the follow-up series for this invitee at once, queued mail included (not committed)."""
    if invitation.unsubscribed_at is None:
        invitation.unsubscribed_at = now
    db.session.execute(
        update(OutboxMessage)
        .where(
            OutboxMessage.invitation_id == invitation.id,
            OutboxMessage.optional.is_(True),
            OutboxMessage.status == MailStatus.QUEUED,
        )
        .values(status=MailStatus.CANCELLED, last_error="recipient unsubscribed from follow-ups")
        .execution_options(synchronize_session=False)
    )
