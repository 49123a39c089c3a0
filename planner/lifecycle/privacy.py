"""A guest's own data: everything stored about them, as they can see, download and delete it.

Deleting keeps the organiser's figures: the invitation row stays (so outcomes, introductions
and seats still count) but holds no name, email or profile, and no link opens it any more.
"""

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import or_, select, update

from planner.extensions import db
from planner.lifecycle.tokens import revoke_tokens
from planner.models import (
    Introduction,
    Invitation,
    MailStatus,
    OutboxMessage,
    Outcome,
)
from planner.services.profiles import ProfileData

DELETED_NAME = "Deleted guest"
PURGED = {"text_body": "", "html_body": "", "ics": None, "headers": None}


@dataclass(frozen=True)
class MailRecord:
    kind: str
    subject: str
    status: str
    queued_at: datetime
    sent_at: datetime | None


def guest_data(invitation: Invitation) -> dict:
    """Return everything stored about the invitee, as plain JSON-ready values."""
    dinner = invitation.dinner
    return {
        "dinner": {
            "title": dinner.title,
            "starts_at_utc": _iso(dinner.starts_at),
            "venue": dinner.venue,
            "organiser": dinner.organiser.name,
        },
        "invitation": {
            "name": invitation.name,
            "email": invitation.email,
            "answer": invitation.status.value,
            "answered_at_utc": _iso(invitation.responded_at),
            "invited_at_utc": _iso(invitation.created_at),
            "unsubscribed_at_utc": _iso(invitation.unsubscribed_at),
        },
        "profile": ProfileData.from_row(invitation.profile).as_values()
        if invitation.profile
        else None,
        "outcomes": [_outcome(o, invitation) for o in _outcomes_of(invitation)],
        "introductions": [_introduction(i, invitation) for i in _introductions_of(invitation)],
        "mail": [_mail(m) for m in mail_to(invitation)],
    }


def mail_to(invitation: Invitation) -> list[MailRecord]:
    """Return what mail was sent (or queued) to the invitee: subjects and dates, no bodies."""
    rows = db.session.scalars(
        select(OutboxMessage)
        .where(OutboxMessage.invitation_id == invitation.id)
        .order_by(OutboxMessage.created_at, OutboxMessage.id)
    )
    return [
        MailRecord(row.kind, row.subject, row.status.value, row.created_at, row.sent_at)
        for row in rows
    ]


def delete_guest_data(invitation: Invitation, now: datetime) -> None:
    """Delete what the guest told us and who they are, keeping the counts (not committed)."""
    anonymise_invitation(invitation, now)
    invitation.deleted_at = now


def anonymise_invitation(invitation: Invitation, now: datetime) -> None:
    """Drop the invitee's profile, name, email, links, mail bodies and the asks in their
    outcomes and introductions; rows that count something stay (not committed)."""
    if invitation.profile is not None:
        db.session.delete(invitation.profile)
        invitation.profile = None
    invitation.name = DELETED_NAME
    invitation.email = f"deleted-{invitation.id}@invalid"
    invitation.unsubscribed_at = invitation.unsubscribed_at or now
    revoke_tokens(invitation, now)
    for outcome in _outcomes_of(invitation):
        # The ask is someone's own words; unique per pair, so each gets its own placeholder.
        outcome.ask = f"(removed {outcome.id})" if outcome.ask else ""
    for intro in _introductions_of(invitation):
        intro.ask = ""
    _forget_mail(invitation, now)


def _forget_mail(invitation: Invitation, now: datetime) -> None:
    to_them = OutboxMessage.invitation_id == invitation.id
    db.session.execute(
        update(OutboxMessage)
        .where(to_them, OutboxMessage.status == MailStatus.QUEUED)
        .values(status=MailStatus.CANCELLED, last_error="the guest deleted their data")
        .execution_options(synchronize_session=False)
    )
    db.session.execute(
        update(OutboxMessage)
        .where(to_them)
        .values(to_addr=invitation.email, body_purged_at=now, **PURGED)
        .execution_options(synchronize_session=False)
    )


def _outcomes_of(invitation: Invitation) -> list[Outcome]:
    return list(
        db.session.scalars(
            select(Outcome)
            .where(or_(Outcome.actor_id == invitation.id, Outcome.other_id == invitation.id))
            .order_by(Outcome.id)
        )
    )


def _introductions_of(invitation: Invitation) -> list[Introduction]:
    person = invitation.id
    return list(
        db.session.scalars(
            select(Introduction)
            .where(
                or_(
                    Introduction.introducer_id == person,
                    Introduction.seeker_id == person,
                    Introduction.target_id == person,
                )
            )
            .order_by(Introduction.id)
        )
    )


def _outcome(outcome: Outcome, invitation: Invitation) -> dict:
    mine = outcome.actor_id == invitation.id
    return {
        "reported_by": "you" if mine else outcome.actor.name,
        "about": outcome.other.name if mine else "you",
        "kind": outcome.kind.value,
        "ask": outcome.ask,
        "at_utc": _iso(outcome.created_at),
    }


def _introduction(intro: Introduction, invitation: Invitation) -> dict:
    def who(person: Invitation) -> str:
        return "you" if person.id == invitation.id else person.name

    return {
        "introducer": who(intro.introducer),
        "seeker": who(intro.seeker),
        "target": who(intro.target),
        "ask": intro.ask,
        "status": intro.status.value,
        "at_utc": _iso(intro.created_at),
    }


def _mail(record: MailRecord) -> dict:
    return {
        "kind": record.kind,
        "subject": record.subject,
        "status": record.status,
        "queued_at_utc": _iso(record.queued_at),
        "sent_at_utc": _iso(record.sent_at),
    }


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None
