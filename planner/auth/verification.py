"""Email verification: a signed, expiring link mailed to the organiser's address."""

from flask import current_app
from itsdangerous import BadSignature, URLSafeTimedSerializer
from sqlalchemy import select

from planner.context import settings
from planner.extensions import db
from planner.lifecycle import accounts as lifecycle_mail
from planner.models import Organiser

_SALT = "tablewise.verify-email"


def _serializer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt=_SALT)


def verification_token(organiser: Organiser) -> str:
    """Return a signed token naming the organiser and the address it proves."""
    return _serializer().dumps({"id": organiser.id, "email": organiser.email})


def organiser_for_token(token: str) -> Organiser | None:
    """Return the organiser a still-valid token verifies, or None (bad, expired, stale)."""
    max_age = current_app.config["VERIFY_EMAIL_MAX_AGE"]
    try:
        claim = _serializer().loads(token, max_age=max_age)
    except BadSignature:  # includes SignatureExpired
        return None
    if not isinstance(claim, dict):
        return None
    # The email is part of the claim: a link for an old address does not verify a new one.
    return db.session.scalar(
        select(Organiser).where(
            Organiser.id == claim.get("id"), Organiser.email == claim.get("email")
        )
    )


def queue_verification_email(organiser: Organiser, *, already_registered: bool = False) -> None:
    """Queue the verification mail for `organiser` with a fresh signed link (not committed)."""
    config = current_app.config
    lifecycle_mail.queue_verification_email(
        organiser,
        verification_token(organiser),
        settings().public_base_url,
        valid_days=max(1, config["VERIFY_EMAIL_MAX_AGE"] // 86400),
        already_registered=already_registered,
    )
